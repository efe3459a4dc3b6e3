"""Logging for people and for machines: one line per record, on stderr and optionally a file.

On a terminal a record reads `time LEVEL role logger message key=value…` with any
traceback below; elsewhere (or with COCREATIE_LOG_FORMAT=json) it is one JSON object. A
log file (COCREATIE_LOG_FILE) gets every record as JSON; stderr then keeps warnings and
errors.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

from cocreatie.settings import Settings

_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message", "process_role"}


def _extras(record: logging.LogRecord) -> dict[str, object]:
    return {key: value for key, value in record.__dict__.items() if key not in _STANDARD}


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "ts": round(record.created, 3),
            "level": record.levelname.lower(),
            "process_role": getattr(record, "process_role", None),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        line.update(_extras(record))
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


class TextLines(logging.Formatter):
    """`2025-05-01 14:03:07 WARNING serve cocreatie.edges.sockets message key=value`."""

    def __init__(self) -> None:
        super().__init__(datefmt="%Y-%m-%d %H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        role = getattr(record, "process_role", "-")
        parts = [
            self.formatTime(record, self.datefmt),
            f"{record.levelname:<7}",
            role,
            record.name,
            record.getMessage(),
        ]
        parts += [f"{key}={_quoted(value)}" for key, value in _extras(record).items()]
        line = " ".join(parts)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def _quoted(value: object) -> str:
    text = str(value)
    return json.dumps(text) if not text or any(c.isspace() or c in '"=' for c in text) else text


class AppendedLines(logging.Handler):
    """Each record as one write() to a file opened O_APPEND, so processes sharing it never mix lines."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            os.write(self.fd, (self.format(record) + "\n").encode())
        except OSError:
            self.handleError(record)

    def close(self) -> None:
        os.close(self.fd)
        super().close()


def setup_logging(settings: Settings, process: str) -> None:
    """Route every logger (ours, uvicorn's, redis') through our handlers, tagged with the process role."""
    stderr = _stderr_handler(settings.log_format)
    handlers: list[logging.Handler] = [stderr]
    if settings.log_file is not None:
        stderr.setLevel(logging.WARNING)
        to_file = AppendedLines(settings.log_file)
        to_file.setFormatter(JsonLines())
        handlers.append(to_file)
    for handler in handlers:
        handler.addFilter(_ProcessTag(process))
    root = logging.getLogger()
    root.handlers[:] = handlers
    root.setLevel(settings.log_level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("httpx").setLevel(logging.WARNING)


def _stderr_handler(log_format: str) -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    human = log_format == "text" or (log_format == "auto" and sys.stderr.isatty())
    handler.setFormatter(TextLines() if human else JsonLines())
    return handler


class _ProcessTag(logging.Filter):
    def __init__(self, process: str) -> None:
        super().__init__()
        self.process = process

    def filter(self, record: logging.LogRecord) -> bool:
        record.process_role = self.process
        return True
