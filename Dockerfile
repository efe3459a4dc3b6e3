# One image for the web and worker services (see compose.yaml).
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends dict-freedict-nld-eng dict-freedict-fra-eng \
 && rm -rf /var/lib/apt/lists/*

# Installed, not editable: the wheel carries the web front end (web/ becomes cocreatie/web in
# site-packages); the source is removed so that `python -m cocreatie` can only find the installed copy.
COPY pyproject.toml README.md /src/
COPY cocreatie /src/cocreatie
COPY workers /src/workers
COPY web /src/web
RUN pip install --no-cache-dir "torch==2.13.0" --index-url https://download.pytorch.org/whl/cpu \
 && pip install --no-cache-dir "/src[worker]" \
 && rm -rf /src

WORKDIR /app
ENV COCREATIE_HOST=0.0.0.0 COCREATIE_PORT=8000
EXPOSE 8000
ENTRYPOINT ["cocreatie"]
CMD ["serve"]
