"""`cocreatie fetch-model NAME`: put a sentence-transformers model in the Hugging Face cache,
where a network is available, so that COCREATIE_MODEL=NAME then works offline."""

from __future__ import annotations


def fetch_model(model: str) -> str:
    """Download the model's files; the folder they are in."""
    from huggingface_hub import snapshot_download

    repository = model if "/" in model else f"sentence-transformers/{model}"
    return str(snapshot_download(repository))
