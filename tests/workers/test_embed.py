from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from workers.embed import DEFAULT_MODEL, Embedder, ModelMissing, SentenceEmbedder, load_fastest, load_model
from workers.onnx_embed import BATCH_SIZE, PADDING, OnnxEmbedder, batches

# Dutch ideas of different lengths, so that one batch holds padding; one is longer than most.
DUTCH = [
    "meer bomen",
    "veilige fietspaden naar school",
    "een speelplein in elke wijk, met banken in de schaduw voor de ouders en de grootouders",
    "minder auto's in het centrum",
    "gratis bus",
]


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


@pytest.fixture(scope="module")
def torch_model() -> SentenceEmbedder:
    return load_model(DEFAULT_MODEL)


@pytest.fixture(scope="module")
def onnx_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-cache")


def test_the_bundled_model_runs_on_onnx_with_torchs_vectors(onnx_cache: Path, torch_model: SentenceEmbedder) -> None:
    onnx = load_fastest(DEFAULT_MODEL, runtime="onnx", cache=onnx_cache)
    assert isinstance(onnx, OnnxEmbedder)
    together = onnx.encode(DUTCH)
    one_by_one = np.vstack([onnx.encode([text]) for text in DUTCH])
    expected = torch_model.encode(DUTCH)
    for found in (together, one_by_one):
        assert found.dtype == np.float32
        assert np.min(np.sum(found * expected, axis=1)) >= 0.99


def test_the_torch_runtime_can_be_forced(onnx_cache: Path) -> None:
    assert isinstance(load_fastest(DEFAULT_MODEL, runtime="torch", cache=onnx_cache), SentenceEmbedder)


def test_a_second_load_reuses_the_cached_export(onnx_cache: Path) -> None:
    load_fastest(DEFAULT_MODEL, runtime="onnx", cache=onnx_cache)
    (graph,) = onnx_cache.glob("*.onnx")
    before = graph.stat()
    load_fastest(DEFAULT_MODEL, runtime="onnx", cache=onnx_cache)
    after = graph.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert list(onnx_cache.iterdir()) == [graph]  # no temporary file left behind


def test_a_corrupt_cache_file_is_exported_again(tmp_path: Path, torch_model: SentenceEmbedder) -> None:
    load_fastest(DEFAULT_MODEL, runtime="onnx", cache=tmp_path)
    (graph,) = tmp_path.glob("*.onnx")
    graph.write_bytes(graph.read_bytes()[:100_000])  # half a file, as a crash mid-copy would leave
    onnx = load_fastest(DEFAULT_MODEL, runtime="onnx", cache=tmp_path)
    assert isinstance(onnx, OnnxEmbedder)
    assert graph.stat().st_size > 1_000_000
    assert np.min(np.sum(onnx.encode(DUTCH) * torch_model.encode(DUTCH), axis=1)) >= 0.99


def test_a_failed_export_falls_back_to_torch_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file where the cache folder should be")
    with caplog.at_level(logging.WARNING, logger="workers.embed"):
        embedder = load_fastest(DEFAULT_MODEL, runtime="onnx", cache=not_a_folder)
    assert isinstance(embedder, SentenceEmbedder)
    assert "embedding with torch" in caplog.text


def test_batches_hold_every_row_once_among_rows_of_similar_length() -> None:
    lengths = [3, 40, 5, 5, 12, 13, 3, 90, *[7] * 40]
    grouped = batches(lengths)
    assert sorted(row for batch in grouped for row in batch) == list(range(len(lengths)))
    for batch in grouped:
        assert len(batch) <= BATCH_SIZE
        padded_cells = max(lengths[row] for row in batch) * len(batch)
        assert len(batch) == 1 or padded_cells <= PADDING * sum(lengths[row] for row in batch)
    assert [[lengths[row] for row in batch] for batch in grouped][-2:] == [[40], [90]]  # long rows pad no short ones
