"""The bundled model on ONNX Runtime: today's vectors (cosine ≥ 0.9999) for less CPU per idea.

Measured side by side with `benchmarks/embedders.py` (one thread, 320 glossed texts of the shared
datasets, median of 5 repeats, 2-core box shared with other work): CPU per text 12.6 → 5.5 ms at
one text a call (2.3× less), 6.6 → 4.6 ms at four (1.4×), 7.4 → 3.3 ms at 32 (2.3×: torch pads
32 random texts to the longest; `batches` groups them by length). int8 dynamic quantisation
would cut CPU 4.5–8× but moves vectors to cosine 0.948 of today's (per-channel weights; 10% of
texts below 0.99) and NMI by up to 0.04, so it is not used.

The graph (the transformer; mean pooling and L2 normalisation follow in numpy, as
sentence-transformers computes them) is exported once from the weights the package ships by
torch's TorchScript exporter, checked against torch on two texts, and cached as
`<cache>/<model>-<version>-graph<FORMAT>.onnx` (written to a temporary file and renamed, so two
workers starting at once never read half a file). Later loads read the file without importing
torch; a file ONNX Runtime cannot read is exported again.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from onnxruntime import GraphOptimizationLevel, InferenceSession, SessionOptions  # type: ignore[import-untyped]
from onnxruntime.capi.onnxruntime_pybind11_state import (  # type: ignore[import-untyped]
    Fail,
    InvalidGraph,
    InvalidProtobuf,
    NoSuchFile,
)
from tokenizers import Encoding, Tokenizer

if TYPE_CHECKING:
    import torch

log = logging.getLogger(__name__)

FORMAT = 1  # raise when the exported graph changes: older cache files are then left alone
BATCH_SIZE = 32
PADDING = 1.25  # measured: 1.1 to 1.5 cost about the same, 2 a third more, no limit twice as much
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT = "last_hidden_state"
UNREADABLE = (InvalidProtobuf, InvalidGraph, NoSuchFile, Fail)  # what ONNX Runtime raises for a bad file
# What a failed export raises: no room on disk or no write access, a tracer or exporter that no longer
# handles the model (a newer torch or transformers), a graph that strays from torch, a graph ONNX Runtime
# refuses.
EXPORT_FAILED = (OSError, RuntimeError, TypeError, ValueError, ImportError, *UNREADABLE)
SAME_VECTORS = 0.9999  # an export whose vectors stray further from torch's is refused
# Two texts of different lengths: the traced graph keeps the attention mask only if it saw padding.
EXAMPLE = ("A short idea.", "A longer idea about more trees and safer bicycle lanes in the town centre.")


class OnnxEmbedder:
    """A sentence-transformers model exported to ONNX, on the CPU: same `encode` as SentenceEmbedder."""

    def __init__(self, name: str, session: InferenceSession, tokenizer: Tokenizer) -> None:
        self.name = name
        self._session = session
        self._tokenizer = tokenizer
        self.dimension: int = session.get_outputs()[0].shape[-1]  # (batch, tokens, dimension)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        encodings = [self._tokenizer.encode(text) for text in texts]  # one thread, as torch has
        for rows in batches([len(encoding.ids) for encoding in encodings]):
            vectors[rows] = self._run([encodings[row] for row in rows])
        return vectors

    def _run(self, encodings: Sequence[Encoding]) -> np.ndarray:
        feed = padded(encodings)
        return pooled(self._session.run([OUTPUT], feed)[0], feed["attention_mask"])


def batches(lengths: Sequence[int]) -> list[list[int]]:
    """Row numbers grouped into batches of similar token counts: shortest first, a batch closes at
    BATCH_SIZE rows or before the row that would make its padded cells more than PADDING times its
    real tokens. Padding is computed like any token: 32 random workshop texts padded to the longest
    cost twice what they cost in such batches."""
    grouped: list[list[int]] = []
    tokens = 0
    for row in np.argsort(lengths, kind="stable").tolist():
        batch = grouped[-1] if grouped else []
        if batch and len(batch) < BATCH_SIZE and lengths[row] * (len(batch) + 1) <= PADDING * (tokens + lengths[row]):
            batch.append(row)
            tokens += lengths[row]
        else:
            grouped.append([row])
            tokens = lengths[row]
    return grouped


def padded(encodings: Sequence[Encoding]) -> dict[str, np.ndarray]:
    """The graph's inputs for one batch. Padding positions hold id 0: the mask keeps them out of
    attention and out of the mean."""
    ids = np.zeros((len(encodings), max(len(encoding.ids) for encoding in encodings)), dtype=np.int64)
    mask = np.zeros_like(ids)
    for row, encoding in enumerate(encodings):
        ids[row, : len(encoding.ids)] = encoding.ids
        mask[row, : len(encoding.ids)] = 1
    return dict(zip(INPUTS, (ids, mask, np.zeros_like(ids)), strict=True))


def pooled(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """sentence-transformers' mean pooling over the real tokens, then L2 normalisation."""
    weights = mask[:, :, np.newaxis].astype(np.float32)
    mean: np.ndarray = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    norms: np.ndarray = np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), 1e-12)
    unit: np.ndarray = mean / norms
    return unit.astype(np.float32)


def load_onnx_model(name: str, source: Path, version: str, cache: Path, threads: int) -> OnnxEmbedder:
    """The model in folder `source` on ONNX Runtime, exported into `cache` unless already there."""
    graph = cache / f"{name}-{version}-graph{FORMAT}.onnx"
    tokenizer = load_tokenizer(source)
    if not graph.exists():
        export_graph(source, tokenizer, graph)
    try:
        session = open_session(graph, threads)
    except UNREADABLE:
        log.warning("the cached ONNX graph is unreadable; exporting it again", extra={"path": str(graph)})
        export_graph(source, tokenizer, graph)
        session = open_session(graph, threads)
    return OnnxEmbedder(name, session, tokenizer)


def load_tokenizer(source: Path) -> Tokenizer:
    """The model's own fast tokenizer, truncating where sentence-transformers does."""
    tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
    settings = json.loads((source / "sentence_bert_config.json").read_text(encoding="utf-8"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=int(settings["max_seq_length"]))
    return tokenizer


def open_session(graph: Path, threads: int) -> InferenceSession:
    options = SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # no busy-waiting on a busy box
    return InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])


def export_graph(source: Path, tokenizer: Tokenizer, target: Path) -> None:
    """Export, check and atomically write the graph; torch and transformers are imported only here."""
    import torch
    from transformers import AutoModel

    # Eager attention traces to plain MatMul/Softmax, with fewer data-dependent branches than SDPA.
    model = _traceable(AutoModel.from_pretrained(str(source), attn_implementation="eager").eval())
    feed = padded([tokenizer.encode(text) for text in EXAMPLE])
    example = {name: torch.from_numpy(array) for name, array in feed.items()}
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    try:
        with warnings.catch_warnings(), torch.no_grad():
            # Computed before tracing: the traced module's own later outputs are wrong (its graph is not).
            expected = pooled(model(*example.values()).numpy(), feed["attention_mask"])
            # The TorchScript exporter is deprecated and warns of every branch it traces; the check below
            # compares the result with torch itself.
            warnings.simplefilter("ignore")
            torch.onnx.export(
                model, tuple(example.values()), str(temporary), input_names=list(INPUTS), output_names=[OUTPUT],
                dynamic_axes={name: {0: "batch", 1: "tokens"} for name in (*INPUTS, OUTPUT)},
                opset_version=17, dynamo=False,
            )
        _check(temporary, feed, expected)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    log.info("exported the model to ONNX", extra={"path": str(target)})


def _traceable(bert: torch.nn.Module) -> torch.nn.Module:
    """The transformer with its inputs as plain positional tensors and its hidden states as the one
    output: the tracer cannot pass transformers' keyword-only arguments."""
    import torch

    class Traceable(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor) -> torch.Tensor:
            hidden: torch.Tensor = self.bert(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state
            return hidden

    return Traceable()


def _check(graph: Path, feed: dict[str, np.ndarray], expected: np.ndarray) -> None:
    found = pooled(open_session(graph, 1).run([OUTPUT], feed)[0], feed["attention_mask"])
    cosine = float(np.min(np.sum(found * expected, axis=1)))
    if cosine < SAME_VECTORS:
        raise ValueError(f"the exported graph strays from torch (cosine {cosine:.5f} < {SAME_VECTORS})")
