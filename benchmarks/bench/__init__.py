"""`cocreatie bench`: the load and latency benchmark of DESIGN §6.

Starts the product (or targets a running one), opens participant sockets and a board per
room, posts ideas at a rate with bursts, and prints latency, throughput and memory next
to a bare `websockets.broadcast()` reference."""

from benchmarks.bench.command import main

__all__ = ["main"]
