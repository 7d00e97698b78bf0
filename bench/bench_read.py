"""Read-stage benchmark: N trackers, three readers, same files, same run.

    python bench/bench_read.py --trackers 200

1. pmo-xl: ``pmo_xl.consolidate`` (parse, tolerant header detection, typing,
   validation, KPIs), with one process and with two;
2. naive: ``pandas.read_excel(engine="openpyxl")`` of the same sheets, then ``concat``;
3. floor: a raw fastexcel read of the same sheets.
Each stage runs in its own child process so its peak memory is its own.
Prints wall time, peak RSS and the ratios. Run by hand; never a timed unit test.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import RAW_FASTEXCEL, consolidate_stage, run_stage, show

HERE = Path(__file__).resolve().parent

STAGES = {
    "pmo-xl (1 process)": consolidate_stage(1),
    "pmo-xl (2 processes)": consolidate_stage(2),
    "naive pandas+openpyxl": """
import pandas as pd
from pathlib import Path
frames = {}
for f in sorted(Path(FOLDER).rglob("*.xlsx")):
    sheets = pd.read_excel(f, sheet_name=None, engine="openpyxl", header=2)
    for name, df in sheets.items():
        frames.setdefault(name, []).append(df.assign(source=f.name))
tables = {k: pd.concat(v) for k, v in frames.items()}
rows = sum(len(tables[k]) for k in ("Workload", "Charges") if k in tables)
""",
    "raw fastexcel": RAW_FASTEXCEL,
}

def make_portfolio(folder: Path, n: int) -> None:
    """N demo-like trackers (seeded), reused across runs."""
    import numpy as np

    from pmo_xl.demo import PROJECTS, _honest_mistakes, _project, last_friday
    from pmo_xl.xlsx import write_tracker

    if folder.exists() and len(list(folder.glob("*.xlsx"))) == n:
        return
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    as_of = last_friday()
    for i in range(n):
        spec = PROJECTS[i % len(PROJECTS)]
        spec = (f"{spec[0]}-{i:04d}", *spec[1:])
        card, tables = _project(i, spec, as_of, rng)
        if i % 12 == 0:
            _honest_mistakes([card] * 12, [tables] * 12)
        write_tracker(folder / f"{spec[0]}.xlsx", card, tables, lang=spec[2])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trackers", type=int, default=200)
    args = ap.parse_args()
    folder = HERE / ".data" / f"read_{args.trackers}"
    t0 = time.perf_counter()
    make_portfolio(folder, args.trackers)
    print(f"{args.trackers} trackers in {folder} ({time.perf_counter() - t0:.1f} s to prepare)")
    results = {}
    for name, body in STAGES.items():
        results[name] = run_stage(body, str(folder))
        show(name, results[name])
    secs = {name: r["seconds"] for name, r in results.items()}
    print(f"naive / pmo-xl (2 processes): "
          f"{secs['naive pandas+openpyxl'] / secs['pmo-xl (2 processes)']:.1f}×")
    print(f"pmo-xl (1 process) / raw fastexcel: "
          f"{secs['pmo-xl (1 process)'] / secs['raw fastexcel']:.2f}×")
    print(f"python {platform.python_version()}, {platform.machine()}, "
          f"{__import__('os').cpu_count()} cores")


if __name__ == "__main__":
    main()
