"""Running one benchmark stage in its own process, so its peak memory is its own.

Times start after the stage's imports (the part of its code above ``# --- timed ---``),
for every stage alike: Python's start-up and imports are not reading. Peak memory is
that of the whole process tree (the stage and the worker processes it
starts), sampled every 100 ms as the sum of their proportional set sizes (PSS: a page
shared by a parent and its forked workers is counted once, split between them), or of
their resident sets where the system has no PSS (then shared pages count twice), and
never below the stage's own peak resident set.
"""

from __future__ import annotations

import contextlib
import glob
import json
import subprocess
import sys
import tempfile
import time

import psutil

SAMPLE_EVERY = 0.1  # seconds; sampling costs the measured stage well under 1 %

CHILD = """
import json, resource, time
FOLDER = {folder!r}
OUT = {out!r}
{setup}
untimed = 0.0  # a stage may set aside time spent preparing, not measured
timed_parts = {{}}  # a stage may time its parts too (seconds by name)
start = time.perf_counter()
{body}
print(json.dumps({{"seconds": time.perf_counter() - start - untimed, "rows": rows,
    "parts": timed_parts, "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def _tree(pid: int) -> list[int]:
    """The process and its descendants, from /proc's children lists (cheap: psutil's
    children() scans every process of the machine)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in glob.glob(f"/proc/{p}/task/*/children"):
            with contextlib.suppress(OSError), open(task) as f:
                todo.extend(int(c) for c in f.read().split())
    return out


def _memory(pid: int) -> int:
    """PSS of one process (smaps_rollup), else its RSS."""
    with contextlib.suppress(OSError), open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    with contextlib.suppress(psutil.Error):
        return psutil.Process(pid).memory_info().rss
    return 0


def _tree_memory(pid: int) -> int:
    return sum(_memory(p) for p in _tree(pid))


def run_stage(body: str, folder: str, out: str = "", extra_path: str = "") -> dict:
    """Run a stage; its ``SETUP`` block (imports) runs before the clock starts."""
    setup, _, body = body.rpartition("# --- timed ---")
    code = CHILD.format(folder=folder, out=out, body=body, setup=setup)
    if extra_path:
        code = f"import sys; sys.path.insert(0, {extra_path!r})\n" + code
    with tempfile.TemporaryFile("w+") as out_f, tempfile.TemporaryFile("w+") as err_f:
        child = subprocess.Popen([sys.executable, "-c", code], stdout=out_f, stderr=err_f,
                                 text=True)
        peak = 0
        while child.poll() is None:
            peak = max(peak, _tree_memory(child.pid))
            time.sleep(SAMPLE_EVERY)
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
    rows = f"  workload rows {r['rows']:,}" if r["rows"] else ""
    print(f"{name:28s} {r['seconds']:7.2f} s  peak {r['peak_mb']:6.0f} MB{rows}")


def consolidate_stage(workers: int) -> str:
    """pmo-xl's read stage (parse, locate, type, validate, figures) on ``workers``."""
    return f"""
from pmo_xl.settings import Settings
import pmo_xl
# --- timed ---
p = pmo_xl.consolidate(FOLDER, Settings(workers={workers}))
rows = len(p.workload)
"""


RAW_FASTEXCEL = """
import fastexcel
from pathlib import Path
# --- timed ---
rows = 0
for f in sorted(Path(FOLDER).rglob("*.xlsx")):
    r = fastexcel.read_excel(str(f))
    for name in r.sheet_names:
        t = r.load_sheet(name, header_row=None, dtypes="string").to_arrow()
        rows += t.num_rows - 1 if name in ("Workload", "Charges") else 0
"""
