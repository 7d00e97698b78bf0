"""Where the time goes: cProfile of one stage on the bench portfolio, top functions.

    python bench/profile_stage.py read --trackers 40     # read + validate, one process
    python bench/profile_stage.py master --trackers 500  # master workbook write
    python bench/profile_stage.py deck --trackers 500    # a 60-slide COPIL deck

The profile of each stage guided the work recorded in RESULTS.md. Run by hand.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import make_bench_portfolio

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("stage", choices=["read", "master", "deck"])
    ap.add_argument("--trackers", type=int, default=40)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    import pmo_xl
    from pmo_xl.settings import Settings

    folder = make_bench_portfolio(HERE / ".data" / f"pipe_{args.trackers}", args.trackers)
    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory() as out:
        if args.stage == "read":
            profiler.runcall(pmo_xl.consolidate, folder, Settings(workers=1))
        else:
            p = pmo_xl.consolidate(folder, Settings(workers=2))
            if args.stage == "master":
                profiler.runcall(pmo_xl.write_master, p, Path(out) / "m.xlsx")
            else:
                codes = sorted(p.projects["project"])[:43]
                profiler.runcall(pmo_xl.write_deck, p, Path(out) / "d.pptx", projects=codes)
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
