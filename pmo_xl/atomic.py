"""Atomic output: a crash mid-write never leaves a half-written file under the final name.

Files are written to a hidden temporary beside their final name, given the permissions
the user's umask allows (``mkstemp`` makes them private: colleagues on a shared folder
could not open the master), then renamed over the final name in one step. The
temporaries a killed run left behind are removed by the next run (``sweep``).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from pmo_xl.exceptions import OutputError

TEMP_SUFFIX = ".tmp"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one step,
    with the permissions a new file gets under the umask (0644 under umask 022)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix + TEMP_SUFFIX,
                                   dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write to {path.parent}: {exc.strerror or exc}",
                          fr=f"impossible d'écrire dans {path.parent} : {exc.strerror or exc}"
                          ) from exc
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, path)
    except PermissionError as exc:
        raise OutputError(f"cannot replace {path}: is it open in Excel? ({exc})",
                          fr=f"impossible de remplacer {path} : est-il ouvert dans Excel ? "
                             f"({exc})") from exc
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}",
                          fr=f"impossible d'écrire {path} : {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()


def sweep(folder: str | Path, older_than: float = 60.0) -> list[Path]:
    """Remove the temporaries (``.<name>.<random><suffix>.tmp``) a killed run left in
    ``folder`` and its subfolders; only old ones, so a run writing right now keeps its own
    (the callers hold the folder's run lock anyway)."""
    removed = []
    now = time.time()
    for tmp in Path(folder).rglob(f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if tmp.is_file() and now - tmp.stat().st_mtime > older_than:
                tmp.unlink()
                removed.append(tmp)
    return removed
