"""How the readers' process pool starts its workers.

Forking is fastest; but a fork copies one thread, and a lock another thread held at that
moment stays held in the child, which hangs on it. So the pool forks only while no other
Python thread and no Java VM (started to read schedules) run; else its workers are fresh
interpreters, forked from a clean server that has imported the reader once (forkserver),
spawned on Windows. (The deck built beside the master never forks: ``pmo_xl.beside``.)
Fresh interpreters are started ``without_main_script``: a user's script needs no
``if __name__ == "__main__":`` guard whichever way its workers start.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import sys
import threading
import types
from collections.abc import Iterator
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


@contextlib.contextmanager
def without_main_script() -> Iterator[None]:
    """Processes started meanwhile do not run the parent's script.

    A spawned or forkserver child runs the parent's main script first (as
    "__mp_main__"), to find what was defined there: a script without an
    ``if __name__ == "__main__":`` guard would run again in each, side effects and all
    (or fail, starting processes of its own); the console script would import all of
    pmo-xl at full priority. pmo-xl's children run only pmo-xl's functions, so they are
    shown a main module without a script while they start.
    """
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main
        else:
            del sys.modules["__main__"]
