# One image for the web and worker services (see compose.yaml).
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends dict-freedict-nld-eng dict-freedict-fra-eng \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY cocreatie ./cocreatie
COPY workers ./workers
COPY web ./web
RUN pip install --no-cache-dir "torch==2.13.0" --index-url https://download.pytorch.org/whl/cpu \
 && pip install --no-cache-dir .

ENV COCREATIE_HOST=0.0.0.0 COCREATIE_PORT=8000
EXPOSE 8000
ENTRYPOINT ["cocreatie"]
CMD ["serve"]
