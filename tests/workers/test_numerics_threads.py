"""The worker's BLAS runs on one thread: OpenBLAS's own threads spin while they wait and,
on two shared cores, cost the worker more CPU than they save."""

from __future__ import annotations

import subprocess
import sys

MATMUL_CPU = """
import time
import numpy as np
from workers.run import single_threaded_numerics
single_threaded_numerics()
a = np.random.default_rng(0).random((1500, 1500), dtype=np.float32)
cpu, wall = time.process_time(), time.perf_counter()
for _ in range(8):
    a @ a
print((time.process_time() - cpu) / (time.perf_counter() - wall))
"""


def test_the_workers_matrix_products_use_one_core_at_most() -> None:
    run = subprocess.run([sys.executable, "-c", MATMUL_CPU], capture_output=True, text=True, check=True, timeout=120)
    cores_used = float(run.stdout)
    assert cores_used < 1.2, f"the matrix products used {cores_used:.2f} cores"
