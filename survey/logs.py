"""The log of `survey serve`: standard error (the journal under systemd), warnings summarised.

Under load waitress warns "Task queue depth is N" for every request that waits, thousands in a
storm, and a misconfigured proxy would be reported on every request. The first warning of each
kind goes through; the same kind again within `interval` seconds is counted instead, and the next
one let through says how many were held back. Errors always go through.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"


class Summarise(logging.Filter):
    """At most one warning (or lesser record) of each kind per interval; a kind is the logger and the
    message before its arguments ("Task queue depth is %d" is one kind, whatever the depth)."""

    def __init__(self, interval: float = 60.0, clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self.interval = interval
        self.clock = clock
        self.lock = threading.Lock()
        self.kinds: dict[tuple[str, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.WARNING:
            return True
        kind = (record.name, str(record.msg))
        moment = self.clock()
        with self.lock:
            shown, held = self.kinds.get(kind, (None, 0))
            if shown is not None and moment - shown < self.interval:
                self.kinds[kind] = (shown, held + 1)
                return False
            self.kinds[kind] = (moment, 0)
        if held:
            record.msg = f"{record.getMessage()} (och {held} likadana de senaste {moment - shown:.0f} s)"
            record.args = ()
        return True


def configure(interval: float = 60.0) -> logging.Handler:
    """Log warnings and information to standard error, summarised; the handler, once however often called."""
    root = logging.getLogger()
    for handler in root.handlers:
        if any(isinstance(f, Summarise) for f in handler.filters):
            return handler
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(Summarise(interval))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return handler
