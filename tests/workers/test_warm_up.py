"""A worker reads its word lists before the first idea: the first theme of a workshop is
labelled as fast as any later one (CPU time compared within one fresh process)."""

from __future__ import annotations

import subprocess
import sys

FIRST_THEME_AFTER_WARM_UP = """
import time
from workers.embed import load_embedder
from workers.label import LabelContext, describe
from workers.warm_up import warm_up
embedder = load_embedder(runtime="onnx")
started = time.process_time()
warm_up(embedder)
warming = time.process_time() - started
for language, texts in {
    "nl": ["Een nieuwe bibliotheek in het centrum", "Betere busverbindingen tussen de dorpen"],
    "fr": ["Une nouvelle bibliothèque au centre", "De meilleurs bus entre les villages"],
}.items():
    started = time.process_time()
    describe([texts], [embedder.encode(texts)], LabelContext(language=language))
    print(language, (time.process_time() - started) / warming)
"""


def test_the_first_theme_after_the_warm_up_reads_no_word_list() -> None:
    run = subprocess.run(
        [sys.executable, "-c", FIRST_THEME_AFTER_WARM_UP], capture_output=True, text=True, check=True, timeout=120
    )
    shares = dict(line.split() for line in run.stdout.splitlines())
    # Cold, the first Dutch theme cost as much CPU as the whole warm-up (1.9 s of 2.2 s); warm, 12 ms.
    assert all(float(share) < 0.1 for share in shares.values()), shares
