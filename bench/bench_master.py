"""Master workbook benchmark: consolidation then write_master, time and peak memory.

    python bench/bench_master.py --trackers 200      # the bench portfolio (bench_read.py)
    python bench/bench_master.py --demo              # the 12-project demo

Peak memory is the process's maximum resident set size after each stage. Run by hand.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--trackers", type=int, default=200)
    ap.add_argument("--demo", action="store_true")
    args = ap.parse_args()
    import pmo_xl
    from pmo_xl.demo import make_demo
    from pmo_xl.settings import Settings
    from pmo_xl.xlsx import master_filename, write_master

    with tempfile.TemporaryDirectory() as tmp:
        if args.demo:
            folder = make_demo(Path(tmp) / "trackers")
        else:
            from bench_read import HERE, make_portfolio

            folder = HERE / ".data" / f"read_{args.trackers}"
            make_portfolio(folder, args.trackers)
        t0 = time.perf_counter()
        p = pmo_xl.consolidate(folder, Settings(workers=2))
        t1 = time.perf_counter()
        after_read = peak_mb()
        path = write_master(p, Path(tmp) / master_filename(p))
        t2 = time.perf_counter()
        print(f"{len(p.projects)} projects, {len(p.workload):,} workload rows, "
              f"{len(p.findings):,} findings")
        print(f"consolidate   {t1 - t0:6.2f} s   peak {after_read:5.0f} MB")
        print(f"write_master  {t2 - t1:6.2f} s   peak {peak_mb():5.0f} MB   "
              f"({path.stat().st_size / 2**20:.1f} MB file)")


if __name__ == "__main__":
    main()
