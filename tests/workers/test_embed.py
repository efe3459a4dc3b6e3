from __future__ import annotations

import numpy as np
import pytest

from workers.embed import Embedder, ModelMissing, load_model


def test_rows_are_float32_and_unit_length(embedder: Embedder) -> None:
    rows = embedder.encode(["meer bomen", "more trees", "plus d'arbres"])
    assert rows.dtype == np.float32
    assert rows.shape == (3, 384)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)


def test_no_texts_give_no_rows(embedder: Embedder) -> None:
    assert embedder.encode([]).shape == (0, 384)


def test_a_missing_model_says_how_to_get_it() -> None:
    with pytest.raises(ModelMissing, match="COCREATIE_MODEL"):
        load_model("no-such-model-here")
