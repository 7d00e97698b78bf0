"""How the readers' process pool starts its workers.

Forking is fastest, and the only start method a user's script needs no
``if __name__ == "__main__":`` for; but a fork copies one thread, and a lock another
thread held at that moment stays held in the child, which hangs on it. So the pool forks
only while no other Python thread and no Java VM (started to read schedules) run; else
its workers are fresh interpreters, forked from a clean server that has imported the
reader once (forkserver), spawned on Windows. (The deck built beside the master never
forks: ``pmo_xl.beside``.)
"""

from __future__ import annotations

import multiprocessing as mp
import sys
import threading
from multiprocessing.context import BaseContext

READER = "pmo_xl.consolidate"  # what the forkserver imports once for every worker


def _java_running() -> bool:
    """The Java VM (started by the schedules' reader; never imported here for it)."""
    jpype = sys.modules.get("jpype")
    return bool(jpype is not None and jpype.isJVMStarted())


def fork_is_safe() -> bool:
    """Fork available, no other Python thread, no Java VM."""
    return ("fork" in mp.get_all_start_methods() and threading.active_count() == 1
            and not _java_running())


def pool_context() -> BaseContext:
    """The readers' pool: forked where safe, else fresh interpreters."""
    if fork_is_safe():
        return mp.get_context("fork")
    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload([READER])
    return ctx
