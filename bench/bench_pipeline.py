"""The performance benchmark: N trackers (~2,000 workload rows, 30 milestones, 40 risks,
40 actions each), in one run on the same files:

1. the full pipeline: consolidate -> master workbook -> COPIL deck (portfolio slides and
   the 40 first projects' slides), with 2 processes;
2. a naive baseline a competent analyst would write: pandas ``read_excel`` (openpyxl)
   of every sheet, ``concat``, ``to_excel`` with openpyxl;
3. a raw fastexcel read of the same sheets (the reading floor), and pmo-xl's read stage
   alone (parse, tolerant header detection, typing, validation) on one process.

    python bench/bench_pipeline.py --trackers 500

Prints wall time, peak memory and the ratios. Run by hand; never a timed unit test.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import RAW_FASTEXCEL, consolidate_stage, run_stage, show
from generate import make_bench_portfolio

HERE = Path(__file__).resolve().parent

STAGES = {
    "pipeline (2 processes)": """
from pathlib import Path
import pmo_xl
from pmo_xl.settings import Settings
from pmo_xl.xlsx import master_filename, write_master
from pmo_xl.deck import write_deck
p = pmo_xl.consolidate(FOLDER, Settings(workers=2))
write_master(p, Path(OUT) / master_filename(p))
write_deck(p, Path(OUT) / "copil.pptx", projects=sorted(p.projects["project"])[:40])
rows = len(p.workload)
""",
    "read stage (1 process)": consolidate_stage(1),
    "naive pandas+openpyxl": """
import pandas as pd
from pathlib import Path
frames = {}
for f in sorted(Path(FOLDER).glob("*.xlsx")):
    for name, df in pd.read_excel(f, sheet_name=None, engine="openpyxl").items():
        frames.setdefault(name, []).append(df.assign(source=f.name))
with pd.ExcelWriter(Path(OUT) / "naive.xlsx", engine="openpyxl") as xw:
    for name, parts in frames.items():
        pd.concat(parts).to_excel(xw, sheet_name=name[:31], index=False)
rows = sum(len(d) for k, v in frames.items() if k in ("Workload", "Charges") for d in v)
""",
    "raw fastexcel": RAW_FASTEXCEL,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trackers", type=int, default=500)
    args = ap.parse_args()
    folder = make_bench_portfolio(HERE / ".data" / f"pipe_{args.trackers}", args.trackers)
    results = {}
    with tempfile.TemporaryDirectory() as out:
        for name, body in STAGES.items():
            results[name] = run_stage(body, str(folder), out)
            show(name, results[name])
    secs = {k: v["seconds"] for k, v in results.items()}
    naive, pipeline = secs["naive pandas+openpyxl"], secs["pipeline (2 processes)"]
    print(f"naive / pipeline:           {naive / pipeline:.1f}×")
    print(f"read stage / raw fastexcel: "
          f"{secs['read stage (1 process)'] / secs['raw fastexcel']:.2f}×")
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
