"""One run at a time per output folder: a second run waits a bounded time, then gives up
saying who holds the folder (the scheduled run, a colleague's ribbon)."""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import filelock

from pmo_xl.exceptions import LockTimeout, OutputError

LOCK_NAME = ".pmo-xl.lock"
OWNER_NAME = ".pmo-xl.owner"  # who holds the lock, for the one who waits


def _whoami() -> dict[str, object]:
    try:
        user = getpass.getuser()
    except Exception:  # no login name (a service account without one)
        user = "?"
    return {"user": user, "host": socket.gethostname(), "pid": os.getpid(),
            "since": dt.datetime.now().isoformat(timespec="seconds")}


def holder(folder: Path, lang: str = "en") -> str:
    """Who holds a folder's lock, as a person would say it ("ann on PC-12 since 14:02")."""
    try:
        who = json.loads((folder / OWNER_NAME).read_text(encoding="utf-8"))
        since = dt.datetime.fromisoformat(who["since"])
        said = ("{user} on {host} since {since}", "{user} sur {host} depuis le {since}")
        return said[lang == "fr"].format(user=who["user"], host=who["host"],
                                         since=f"{since:%d/%m/%Y %H:%M}")
    except (OSError, ValueError, KeyError, TypeError):
        return "un autre traitement" if lang == "fr" else "another pmo-xl run"


@contextlib.contextmanager
def run_lock(folder: Path, timeout: float, on_wait: Callable[[], None] | None = None
             ) -> Iterator[None]:
    lock = filelock.FileLock(str(folder / LOCK_NAME))
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:  # (a kind of OSError: caught first)
        if on_wait:
            on_wait()
        try:
            lock.acquire(timeout=timeout)
        except filelock.Timeout as exc:
            raise LockTimeout(
                f"another pmo-xl run is writing to {folder} ({holder(folder)}); gave up "
                f"after {timeout:g} s",
                fr=f"un autre traitement pmo-xl écrit dans {folder} ({holder(folder, 'fr')}) ; "
                   f"abandon après {timeout:g} s") from exc
    except OSError as exc:  # a folder that cannot be written (read-only share)
        raise OutputError(f"cannot write to {folder}: {exc.strerror or exc}",
                          fr=f"impossible d'écrire dans {folder} : {exc.strerror or exc}"
                          ) from exc
    owner = folder / OWNER_NAME
    with contextlib.suppress(OSError):
        owner.write_text(json.dumps(_whoami()), encoding="utf-8")
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            owner.unlink()
        lock.release()
