"""A stage run beside the parent, on the other core: the COPIL deck is built while the
master is written.

The helper is a fresh interpreter (spawned, never forked: a child forked after Arrow,
the Java VM or another thread has run can inherit a held lock and hang; it did in CI). It
is started before the trackers are read and imports the stage's modules meanwhile, so
when the portfolio is ready it only has to receive it (pickled: ~30 MB and 0.1 s for
100 trackers of 1,440 workload rows). Where no helper can be started, or what it must
run cannot be sent, or the helper dies without an answer, the stage runs in place:
slower, never stuck.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing as mp
import os
import pickle
import sys
import traceback
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any

from pmo_xl.forking import without_main_script

log = logging.getLogger(__name__)


def _run(fn: Callable[..., Any], args: tuple, kwargs: dict) -> tuple[bool, Any]:
    try:
        return True, fn(*args, **kwargs)
    except BaseException as exc:  # handed to the parent, raised there
        return False, exc


# The helper's first code, run by ``exec`` (a builtin, so starting the helper imports
# nothing of pmo-xl at full priority): a thread of lower priority (Linux sets it per
# thread) imports pmo-xl and the stage's modules while the readers' processes keep the
# cores; the call, once it arrives, runs at full priority.
_HELPER = """
import os, sys, threading

def _warm():
    if sys.platform == "linux":
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        except OSError:
            pass
    import importlib
    for module in ("pmo_xl.beside", *WARM):
        try:
            importlib.import_module(module)
        except Exception:  # the call will say what is wrong
            pass

threading.Thread(target=_warm, daemon=True).start()
try:
    call = CONN.recv()
except Exception:  # the parent stopped without needing it, or sent what only its own
    call = None    # script defines: it sees no answer and runs the stage itself
if call is not None:
    from pmo_xl.beside import answer
    answer(CONN, call)
"""


def answer(conn: Connection, call: tuple[Callable[..., Any], tuple, dict]) -> None:
    """In the helper: run the call, send back what it gave, and end at once (tearing
    down a heap of a portfolio takes a fifth of a second nobody needs)."""
    fn, args, kwargs = call
    ok, value = _run(fn, args, kwargs)
    try:
        conn.send((ok, value))
    except Exception:  # a result or error that cannot be pickled: said as text
        said = "".join(traceback.format_exception(value)) if not ok else repr(value)
        conn.send((False, RuntimeError(said)))
    conn.close()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def release_freed_memory() -> None:
    """Give the heap's free pages back to the system (glibc keeps them: writing the
    master leaves ~200 MB of them at 500 trackers, held while the deck's helper peaks);
    nothing where the C library has no ``malloc_trim``."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # musl, or no C library to load
        ctypes.CDLL(None).malloc_trim(0)


class Beside:
    """A helper process started now; ``run(fn, ...)`` hands it a call, ``result()``
    waits for what it returned and raises what it raised, as if it had run here."""

    def __init__(self, warm: Iterable[str] = (), spawn: bool = True) -> None:
        """``warm``: modules the helper imports while this process works; ``spawn``
        False runs every call here."""
        self._outcome: tuple[bool, Any] | None = None
        self._proc: Any = None
        self._call: tuple[Callable[..., Any], tuple, dict] | None = None
        if not spawn:
            return
        ctx = mp.get_context("spawn")
        self._conn, child_end = ctx.Pipe()
        try:
            proc = ctx.Process(target=exec, daemon=True, args=(
                _HELPER, {"CONN": child_end, "WARM": tuple(warm)}))
            with without_main_script():
                proc.start()
        except Exception as exc:  # no interpreter to start (an embedding application)
            log.info("stage run in place: no helper process (%s)", exc)
            self._conn.close()
        else:
            self._proc = proc
        finally:
            child_end.close()

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self._call = (fn, args, kwargs)
        if self._proc is not None:
            try:
                self._conn.send(self._call)
                return
            except (pickle.PicklingError, TypeError, AttributeError, OSError) as exc:
                log.info("stage run in place: %s", exc)
                self.stop()
        self._outcome = _run(fn, args, kwargs)

    def stop(self) -> None:
        """End the helper (the parent failed, or ran the stage itself)."""
        if self._proc is None:
            return
        if self._proc.is_alive():
            self._proc.terminate()
        self._proc.join(10)
        if self._proc.is_alive():  # never waited on forever
            self._proc.kill()
            self._proc.join()
        self._conn.close()
        self._proc = None

    def result(self) -> Any:
        if self._outcome is None:
            if self._proc is None or self._call is None:
                raise RuntimeError("nothing was run")
            if not self._conn.poll():  # still at work: its peak and ours add up
                release_freed_memory()
            try:
                self._outcome = self._conn.recv()
            except EOFError:  # it died without an answer (it could not import pmo-xl,
                self._proc.join()  # or was killed): the stage runs here after all
                log.warning("the helper process stopped (exit code %s): stage run in place",
                            self._proc.exitcode)
                self._outcome = _run(*self._call)
            finally:
                if self._proc is not None:
                    self._proc.join(10)  # it ends as soon as it has sent
                self.stop()
        ok, value = self._outcome
        if not ok:
            raise value
        return value

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
