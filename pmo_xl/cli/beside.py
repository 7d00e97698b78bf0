"""A stage run beside the parent, in a forked child process, on the other core: the COPIL
deck is built while the master is written, from the same in-memory portfolio (a forked
child shares the parent's memory: nothing is copied or pickled but the result).

Where processes cannot be forked (Windows), or where this process runs other threads
(a test runner, an embedding application: a lock another thread holds at the fork would
never be released in the child, which then hangs), the stage runs in place, before the
rest: slower, never stuck.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


def _run(fn: Callable[[], Any]) -> tuple[bool, Any]:
    try:
        return True, fn()
    except BaseException as exc:  # handed to the parent, raised there
        return False, exc


def _child(conn: Connection, fn: Callable[[], Any]) -> None:
    ok, value = _run(fn)
    try:
        conn.send((ok, value))
    except Exception:  # a result or error that cannot be pickled: said as text
        said = "".join(traceback.format_exception(value)) if not ok else repr(value)
        conn.send((False, RuntimeError(said)))
    conn.close()


class Beside:
    """``fn()`` started now in a forked child; ``result()`` waits for what it returned
    and raises what it raised, as if it had run here."""

    def __init__(self, fn: Callable[[], Any], fork: bool | None = None) -> None:
        """``fork``: None forks only when this process can do so safely (a single
        thread, fork available); False runs ``fn`` here; True forks (tests)."""
        self._outcome: tuple[bool, Any] | None = None
        if fork is None:
            fork = "fork" in mp.get_all_start_methods() and threading.active_count() == 1
        if not fork:
            self._outcome = _run(fn)
            return
        ctx = mp.get_context("fork")
        self._conn, child_end = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_child, args=(child_end, fn), daemon=True)
        self._proc.start()
        child_end.close()

    def stop(self) -> None:
        """End the child (the parent failed: its work is not wanted any more)."""
        if self._outcome is None and self._proc.is_alive():
            self._proc.terminate()
        if self._outcome is None:
            self._proc.join()
            self._conn.close()
            self._outcome = (False, RuntimeError("stopped"))

    def result(self) -> Any:
        if self._outcome is None:
            try:
                self._outcome = self._conn.recv()
            except EOFError:
                self._proc.join()
                self._outcome = (False, RuntimeError(
                    f"the process building it stopped (exit code {self._proc.exitcode})"))
            finally:
                self._proc.join()
                self._conn.close()
        ok, value = self._outcome
        if not ok:
            raise value
        return value
