"""Prometheus metrics of the web process."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

SOCKETS_OPEN = Gauge("cocreatie_sockets_open", "WebSockets open in this process", ["audience"])
IDEAS_ACCEPTED = Counter("cocreatie_ideas_accepted_total", "Ideas appended to a room stream")
CLIENT_ERRORS = Counter("cocreatie_client_errors_total", "Errors sent to clients", ["code"])
FANOUT_DELAY = Histogram(
    "cocreatie_stream_lag_seconds",
    "From an entry's stream id time to its fan-out in this process",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
REPLY_SECONDS = Histogram(
    "cocreatie_reply_seconds",
    "From a client message read to its answer (idea.accepted or an error) handed to the socket",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)
WORKERS_ALIVE = Gauge("cocreatie_workers_alive", "Workers with a fresh heartbeat")
WORKER_BATCH_SECONDS = Gauge("cocreatie_worker_last_batch_seconds", "Last batch time per worker", ["worker"])
DEAD_LETTERS = Gauge("cocreatie_dead_letters", "Entries in the dead-letter stream")
WORK_PENDING = Gauge("cocreatie_work_pending", "Work entries delivered to workers but not yet acked")
SOCKETS_DROPPED = Counter("cocreatie_sockets_dropped_total", "Sockets the server closed", ["code"])
