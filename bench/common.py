"""Running one benchmark stage in its own process, so its peak memory is its own.

Peak memory is that of the whole process tree (the stage and the worker processes it
starts), sampled every 20 ms as the sum of their proportional set sizes (PSS: a page
shared by a parent and its forked workers is counted once, split between them), or of
their resident sets where the system has no PSS (then shared pages count twice).
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import tempfile
import time

import psutil

CHILD = """
import json, resource, time
FOLDER = {folder!r}
OUT = {out!r}
untimed = 0.0  # a stage may set aside time spent preparing, not measured
start = time.perf_counter()
{body}
print(json.dumps({{"seconds": time.perf_counter() - start - untimed, "rows": rows,
    "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            info = p.memory_full_info() if hasattr(psutil.Process, "memory_full_info") else None
            total += getattr(info, "pss", None) or p.memory_info().rss
    return total


def run_stage(body: str, folder: str, out: str = "", extra_path: str = "") -> dict:
    code = CHILD.format(folder=folder, out=out, body=body)
    if extra_path:
        code = f"import sys; sys.path.insert(0, {extra_path!r})\n" + code
    with tempfile.TemporaryFile("w+") as out_f, tempfile.TemporaryFile("w+") as err_f:
        child = subprocess.Popen([sys.executable, "-c", code], stdout=out_f, stderr=err_f,
                                 text=True)
        proc, peak = psutil.Process(child.pid), 0
        while child.poll() is None:
            with contextlib.suppress(psutil.Error):
                peak = max(peak, _tree_rss(proc))
            time.sleep(0.02)
        out_f.seek(0)
        err_f.seek(0)
        stdout, stderr = out_f.read(), err_f.read()
    if child.returncode:
        raise RuntimeError(f"stage failed:\n{stderr}")
    last = stdout.strip().splitlines()[-1]
    if last == "__prepared__":
        return {}
    sys.stdout.write("".join(line + "\n" for line in stdout.strip().splitlines()[:-1]))
    result = json.loads(last)
    result["peak_mb"] = max(peak / 2**20, result["self_mb"])
    return result


def show(name: str, r: dict) -> None:
    print(f"{name:28s} {r['seconds']:7.2f} s  peak {r['peak_mb']:6.0f} MB  "
          f"workload rows {r['rows']:,}")


def consolidate_stage(workers: int) -> str:
    """pmo-xl's read stage (parse, locate, type, validate, figures) on ``workers``."""
    return f"""
from pmo_xl.settings import Settings
import pmo_xl
p = pmo_xl.consolidate(FOLDER, Settings(workers={workers}))
rows = len(p.workload)
"""


RAW_FASTEXCEL = """
import fastexcel
from pathlib import Path
rows = 0
for f in sorted(Path(FOLDER).rglob("*.xlsx")):
    r = fastexcel.read_excel(str(f))
    for name in r.sheet_names:
        t = r.load_sheet(name, header_row=None, dtypes="string").to_arrow()
        rows += t.num_rows - 1 if name in ("Workload", "Charges") else 0
"""
