"""One run at a time per output folder: a second run waits a bounded time, then gives up."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import filelock

from pmo_xl.exceptions import LockTimeout

LOCK_NAME = ".pmo-xl.lock"


@contextlib.contextmanager
def run_lock(folder: Path, timeout: float, on_wait: Callable[[], None] | None = None
             ) -> Iterator[None]:
    lock = filelock.FileLock(str(folder / LOCK_NAME))
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        if on_wait:
            on_wait()
        try:
            lock.acquire(timeout=timeout)
        except filelock.Timeout as exc:
            raise LockTimeout(
                f"another pmo-xl run is writing to {folder}; gave up after {timeout:g} s"
            ) from exc
    try:
        yield
    finally:
        lock.release()
