"""An embedder held at the door, so a test can act while a worker is in the middle of its work."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from workers.embed import Embedder

GATE_SECONDS = 20.0
"""How long `encode` waits for the gate before it gives up (a test that never opens it fails)."""


class GatedEmbedder:
    """The real embedder behind a gate: `encode` says it has begun (`entered`), waits until
    the test sets `opened`, then encodes. Thread-safe, so the worker may call it from a thread."""

    def __init__(self, inner: Embedder) -> None:
        self.name = inner.name
        self._inner = inner
        self.entered = threading.Event()
        self.opened = threading.Event()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.entered.set()
        if not self.opened.wait(GATE_SECONDS):
            raise TimeoutError("the test never opened the gate")
        return self._inner.encode(texts)
