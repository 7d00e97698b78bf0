"""History benchmark: recording a week and reading the trends, SQLite vs a real PostgreSQL.

    python bench/bench_history.py --trackers 100 --weeks 8

One consolidation of the bench portfolio is recorded ``--weeks`` times (one reporting
date each) into a SQLite file and into a throw-away PostgreSQL server on 127.0.0.1
(tests/postgres.py: PostgreSQL must be installed, `make tools` does it), then what a run
reads back (milestone trends of every week, week over week, the formulas' figures) is
timed. Printed: seconds per stage and the PostgreSQL / SQLite ratios, measured in this
one run. Run by hand, never as a test.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def timed(body) -> tuple[float, object]:
    started = time.perf_counter()
    result = body()
    return time.perf_counter() - started, result


def measure(url: str, portfolio, weeks: int) -> dict[str, float]:
    import datetime as dt

    from pmo_xl.history import SnapshotStore
    from pmo_xl.history.mta import store_mta
    from pmo_xl.history.record import changes_since_previous

    first = portfolio.reporting_date
    dates = [first + dt.timedelta(days=7 * i) for i in range(weeks)]
    out: dict[str, float] = {}
    with SnapshotStore(url) as store:
        saves = []
        for when in dates:
            week = portfolio.__class__(**{**portfolio.__dict__,
                                          "settings": portfolio.settings.replace(
                                              reporting_date=when)})
            saves.append(timed(lambda w=week: store.save(w))[0])
        out["save one week (mean)"] = sum(saves) / len(saves)
        out["save again (same week)"] = saves[-1]
        out["milestone trends, all weeks"] = timed(lambda: store_mta(store))[0]
        out["week over week"] = timed(lambda: changes_since_previous(store, dates[-1],
                                                                    portfolio))[0]
        out["formulas' figures (all)"] = timed(store.all_figures)[0]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--trackers", type=int, default=100)
    ap.add_argument("--weeks", type=int, default=8)
    args = ap.parse_args()
    from generate import make_bench_portfolio

    import pmo_xl
    from pmo_xl.settings import Settings
    from tests.postgres import start_server

    with tempfile.TemporaryDirectory() as tmp:
        folder = make_bench_portfolio(Path(tmp) / "trackers", args.trackers)
        portfolio = pmo_xl.consolidate(folder, Settings(workers=2))
        rows = len(portfolio.workload)
        print(f"{len(portfolio.projects)} projects, {rows:,} workload rows, "
              f"{args.weeks} weeks")
        sqlite = measure(f"sqlite:///{Path(tmp) / 'h.sqlite'}", portfolio, args.weeks)
        server = start_server()
        try:
            postgres = measure(server.new_database(), portfolio, args.weeks)
        finally:
            server.remove()
    print(f"{'stage':32} {'SQLite s':>9} {'PostgreSQL s':>13} {'ratio':>7}")
    for stage, s in sqlite.items():
        p = postgres[stage]
        print(f"{stage:32} {s:9.3f} {p:13.3f} {p / s:7.2f}")


if __name__ == "__main__":
    main()
