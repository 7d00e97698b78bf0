"""The performance benchmark: N trackers (~2,000 workload rows, 30 milestones, 40 risks,
40 actions each), in one run on the same files:

1. the full pipeline: consolidate -> master workbook -> a 60-slide COPIL deck (portfolio
   slides, then project slides), with 2 processes; each part's time is printed too;
2. a naive baseline a competent analyst would write: pandas ``read_excel`` (openpyxl)
   of every sheet, ``concat``, ``to_excel`` with openpyxl;
3. a raw fastexcel read of the same sheets (the reading floor, one process), and pmo-xl's
   read stage alone (parse, tolerant header detection, typing, validation, figures) on
   two processes (as it runs) and on one;
4. a re-run after one tracker changed, with the read cache of the previous run;
5. python-pptx alone building 60 slides with a table and a native chart each (the
   deck's floor on this machine);
6. the scheduled command, ``pmo-xl consolidate FOLDER -o OUT --deck`` (tables, history,
   master, a slide per project), from a fresh output folder.

With ``--rows`` small enough that the whole workload stays in the master (trackers x
rows <= ``master_max_rows``, e.g. 100 x 1,440), the naive baseline reads the same files
and writes the workload alone (the master's biggest sheet), and the ratio that counts is
naive / scheduled command.

    python bench/bench_pipeline.py --trackers 500
    python bench/bench_pipeline.py --trackers 100 --rows 1440

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

from pmo_xl.settings import Settings

HERE = Path(__file__).resolve().parent

PIPELINE = """
import time
from pathlib import Path
import pmo_xl
from pmo_xl.settings import Settings
from pmo_xl.xlsx import master_filename, write_master
from pmo_xl.deck import write_deck
from pptx import Presentation
# --- timed ---
t0 = time.perf_counter()
p = pmo_xl.consolidate(FOLDER, Settings(workers=2))
t1 = time.perf_counter()
write_master(p, Path(OUT) / master_filename(p))
t2 = time.perf_counter()
# A 60-slide deck: portfolio slides for the chosen projects, then one slide for each;
# finding how many projects that takes is set aside (not timed).
codes, n = sorted(p.projects["project"]), 40
for _ in range(6):
    built = write_deck(p, Path(OUT) / "probe.pptx", projects=codes[:n])
    count = len(Presentation(str(built)).slides)
    if count == 60:
        break
    n += 60 - count
untimed = time.perf_counter() - t2
t3 = time.perf_counter()
deck = write_deck(p, Path(OUT) / "copil.pptx", projects=codes[:n])
t4 = time.perf_counter()
slides = len(Presentation(str(deck)).slides)
print(f"  consolidate {t1 - t0:.2f} s, master {t2 - t1:.2f} s, "
      f"{slides}-slide deck {t4 - t3:.2f} s")
timed_parts = {"consolidate": t1 - t0, "master": t2 - t1, "deck": t4 - t3}
rows = len(p.workload)
"""

# The deck's floor on this machine: python-pptx alone, 60 slides with a 10 x 6 text
# table and a native line chart (2 series x 12 months) each, on its default template
# (the "0.9 s here": our deck may cost its own formatting, not more).
PPTX_ALONE = """
from pathlib import Path
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches
# --- timed ---
prs = Presentation()
months = [f"2026-{m:02d}" for m in range(1, 13)]
for i in range(60):
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = f"Project P-{i:03d}"
    table = slide.shapes.add_table(10, 6, Inches(0.3), Inches(1.5), Inches(5.2),
                                   Inches(4)).table
    for r in range(10):
        for c in range(6):
            table.cell(r, c).text = f"R{r} C{c}" if r else f"Column {c}"
    data = CategoryChartData()
    data.categories = months
    data.add_series("Planned", [10.0 * m for m in range(1, 13)])
    data.add_series("Actual", [9.5 * m + i % 7 for m in range(1, 13)])
    slide.shapes.add_chart(XL_CHART_TYPE.LINE, Inches(5.7), Inches(1.5), Inches(4),
                           Inches(4), data)
prs.save(Path(OUT) / "pptx_alone.pptx")
rows = 0
"""

# The re-run: the cache is filled by a first run (not timed); one tracker is then
# written again with other figures, and the timed run reads that one file only.
RERUN = """
import numpy as np, shutil, datetime as dt
from pathlib import Path
import pmo_xl
from pmo_xl.settings import Settings
from generate import write_bench_tracker
work, cache = Path(OUT) / "rerun", Path(OUT) / "cache"
if not work.exists():
    shutil.copytree(FOLDER, work)
    pmo_xl.consolidate(work, Settings(workers=2), cache=cache)
    write_bench_tracker(work / "B-0007.xlsx", 7, np.random.default_rng(7), dt.date(2026, 11, 20),
                        rows=ROWS_PER_TRACKER)
    print("__prepared__")
    raise SystemExit
# --- timed ---
p = pmo_xl.consolidate(work, Settings(workers=2), cache=cache)
rows = len(p.workload)
"""

# The scheduled command as a PMO's task scheduler runs it; its modules are imported
# before the clock starts, as every stage's are.
COMMAND = """
import typer
import pmo_xl.deck, pmo_xl.exports, pmo_xl.history.record, pmo_xl.xlsx
from pmo_xl.cli import app
command = typer.main.get_command(app)
# --- timed ---
code = command.main(["consolidate", FOLDER, "-o", OUT + "/command", "--deck", "--quiet"],
                    standalone_mode=False)
assert code == 0, code
rows = 0
"""

# Naive, when the workload fits in the master: the same files read, the workload alone
# written (the baseline for mid-size portfolios).
NAIVE_WORKLOAD = """
import pandas as pd
import openpyxl
from pathlib import Path
# --- timed ---
frames = []
for f in sorted(Path(FOLDER).glob("*.xlsx")):
    for name, df in pd.read_excel(f, sheet_name=None, engine="openpyxl").items():
        if name in ("Workload", "Charges"):
            frames.append(df.assign(source=f.name))
with pd.ExcelWriter(Path(OUT) / "naive_workload.xlsx", engine="openpyxl") as xw:
    pd.concat(frames).to_excel(xw, sheet_name="Workload", index=False)
rows = sum(len(d) for d in frames)
"""

STAGES = {
    "pipeline (2 processes)": PIPELINE,
    "read stage (2 processes)": consolidate_stage(2),
    "read stage (1 process)": consolidate_stage(1),
    "re-run, one tracker changed": RERUN,
    "naive pandas+openpyxl": """
import pandas as pd
import openpyxl
from pathlib import Path
# --- timed ---
frames = {}
for f in sorted(Path(FOLDER).glob("*.xlsx")):
    for name, df in pd.read_excel(f, sheet_name=None, engine="openpyxl").items():
        frames.setdefault(name, []).append(df.assign(source=f.name))
with pd.ExcelWriter(Path(OUT) / "naive.xlsx", engine="openpyxl") as xw:
    for name, parts in frames.items():
        pd.concat(parts).to_excel(xw, sheet_name=name[:31], index=False)
rows = sum(len(d) for k, v in frames.items() if k in ("Workload", "Charges") for d in v)
""",
    "naive, workload alone": NAIVE_WORKLOAD,
    "raw fastexcel": RAW_FASTEXCEL,
    "python-pptx alone, 60 slides": PPTX_ALONE,
    "consolidate -o OUT --deck": COMMAND,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trackers", type=int, default=500)
    ap.add_argument("--rows", type=int, default=2000, help="workload rows per tracker")
    ap.add_argument("--skip-naive", action="store_true", help="leave out the slow baseline")
    args = ap.parse_args()
    name = f"pipe_{args.trackers}" + (f"x{args.rows}" if args.rows != 2000 else "")
    folder = make_bench_portfolio(HERE / ".data" / name, args.trackers, rows=args.rows)
    in_master = args.trackers * args.rows <= Settings().master_max_rows
    naive = "naive, workload alone" if in_master else "naive pandas+openpyxl"
    print(f"{args.trackers} trackers x {args.rows:,} workload rows: the workload "
          + ("stays in the master" if in_master else "goes to Parquet beside the master"))
    results = {}
    with tempfile.TemporaryDirectory() as out:
        for name, body in STAGES.items():
            if name.startswith("naive") and (args.skip_naive or name != naive):
                continue
            if name.startswith("re-run"):
                body = body.replace("ROWS_PER_TRACKER", str(args.rows))
                run_stage(body, str(folder), out, extra_path=str(HERE))  # fills the cache
            results[name] = run_stage(body, str(folder), out, extra_path=str(HERE))
            show(name, results[name])
    secs = {k: v["seconds"] for k, v in results.items()}
    pipeline, raw = secs["pipeline (2 processes)"], secs["raw fastexcel"]
    ratios = {"read stage (2 processes) / raw fastexcel": secs["read stage (2 processes)"] / raw,
              "read stage (1 process) / raw fastexcel": secs["read stage (1 process)"] / raw}
    deck = results["pipeline (2 processes)"]["parts"]["deck"]
    ratios["60-slide deck / python-pptx alone"] = deck / secs["python-pptx alone, 60 slides"]
    if naive in secs:
        command = secs["consolidate -o OUT --deck"]
        ratios = {"naive / pipeline": secs[naive] / pipeline,
                  "naive / consolidate --deck": secs[naive] / command, **ratios}
    for name, ratio in ratios.items():
        print(f"{name + ':':42s} {ratio:.2f}×")
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
