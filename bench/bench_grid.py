"""Reading the workload's grid form vs the long form: the same plans, the same run.

    python bench/bench_grid.py --trackers 100

The bench portfolio (bench/generate.py: 2,000 workload rows a tracker, here each task
and resource planned across the 20 months, as a plan is) is written twice: its workload
in the long form and, the same plan, with months across (a Measure column). Each is
consolidated on one process in its own child process; printed: wall time, peak memory,
the filled value cells read and the seconds per million of them for each form, as
ratios measured in this one run. The figures of both portfolios are checked equal
first. Run by hand; never a timed unit test.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import run_stage, show
from generate import make_bench_portfolio

CELLS = """
from pmo_xl.settings import Settings
import pmo_xl
# --- timed ---
p = pmo_xl.consolidate(FOLDER, Settings(workers=1))
rows = int(p.workload[["planned", "actual", "remaining"]].notna().to_numpy().sum())
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--trackers", type=int, default=100)
    args = ap.parse_args()
    import pmo_xl
    from pmo_xl.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        long = make_bench_portfolio(Path(tmp) / "long", args.trackers, layout="long",
                                    lines=True)
        grid = make_bench_portfolio(Path(tmp) / "grid", args.trackers, layout="grid",
                                    lines=True)
        figures = ["planned_days", "consumed_days", "remaining_days", "eac_days", "eac_cost"]
        a = pmo_xl.consolidate(long, Settings(workers=2)).projects[figures]
        b = pmo_xl.consolidate(grid, Settings(workers=2)).projects[figures]
        assert (a.round(6) == b.round(6)).all().all(), "the two forms differ"
        results = {name: run_stage(CELLS, str(folder)) for name, folder in
                   (("long form", long), ("grid form", grid))}
    for name, r in results.items():
        show(name, r)
    per = {name: r["seconds"] / r["rows"] * 1e6 for name, r in results.items()}
    print(f"value cells read: {results['long form']['rows']:,} (both forms, same plan)")
    for name, s in per.items():
        print(f"{name:28s} {s:7.2f} s per million value cells")
    print(f"grid / long: {per['grid form'] / per['long form']:.2f}")


if __name__ == "__main__":
    main()
