"""Running one benchmark stage in its own process, so its peak memory is its own."""

from __future__ import annotations

import json
import subprocess
import sys

CHILD = """
import json, resource, time
FOLDER = {folder!r}
OUT = {out!r}
start = time.perf_counter()
{body}
print(json.dumps({{"seconds": time.perf_counter() - start, "rows": rows,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run_stage(body: str, folder: str, out: str = "") -> dict:
    code = CHILD.format(folder=folder, out=out, body=body)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


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
