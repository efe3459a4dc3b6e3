"""The load and latency benchmark as a script: `python benchmarks/load.py ARGS` runs
`cocreatie bench ARGS` (see `benchmarks/bench/` and docs/benchmarks.md)."""

from __future__ import annotations

import sys

from benchmarks.bench import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
