"""Importing schedules as trackers: 100 plans of 50 tasks, the JVM started once.

    python bench/bench_import.py --schedules 100

Each plan (seeded): 5 workstreams (summary tasks) of 8 tasks and a milestone (50 tasks),
one resource of 8 (groups, hourly rates) per task over 2 to 6 months, a baseline, work
done up to the status date; saved as MSPDI by MPXJ. Two stages, each in its own child
process (bench/common.py), the clock started after the imports, so the JVM's start is
timed: ``pmo-xl import`` of every plan (read + tracker written), and ``consolidate`` of
the folder of schedules as they are (read as trackers). The issue's target: the import
in 15 s or less on the 2-core machine. Run by hand; never a timed unit test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.schedules
from common import run_stage, show

ROOT = Path(__file__).resolve().parent

IMPORT = """
from pathlib import Path
from pmo_xl.schedules import read_schedule, start_java
from pmo_xl.xlsx import write_tracker
from pmo_xl.provision import tracker_filename
# --- timed ---
rows = 0
t = time.perf_counter()
start_java()
timed_parts["start the JVM"] = time.perf_counter() - t
timed_parts["read the schedules"] = timed_parts["write the trackers"] = 0.0
for f in sorted(Path(FOLDER).glob("*.xml")):
    t = time.perf_counter()
    plan = read_schedule(f)
    timed_parts["read the schedules"] += time.perf_counter() - t
    t = time.perf_counter()
    card = plan.card
    write_tracker(Path(OUT) / tracker_filename(card["code"], card["name"]), card, plan.tables,
                  layout="long")
    timed_parts["write the trackers"] += time.perf_counter() - t
    rows += len(plan.workload)
"""

CONSOLIDATE = """
from pmo_xl.settings import Settings
import pmo_xl
# --- timed ---
p = pmo_xl.consolidate(FOLDER, Settings(workers=1))
rows = len(p.workload)
assert not (p.findings["severity"] == "error").any(), p.findings
"""


def plans(n: int, folder: Path) -> None:
    """``n`` seeded plans of 50 tasks, saved as MSPDI by MPXJ."""
    from tests.schedules import Asg, Res, Sched, Tsk, write

    rng = random.Random(15)
    groups = ["Project manager", "Architect", "Developer", "Business analyst", "Tester"]
    people = [Res(f"Person {k}", groups[k % 5], float(rng.choice([60, 75, 90, 110])))
              for k in range(8)]
    status = dt.datetime(2026, 3, 13, 17)
    for i in range(n):
        start = dt.datetime(2025, 9, 1, 8) + dt.timedelta(days=rng.randint(0, 150))
        streams = []
        for w in range(5):
            tasks = []
            for k in range(8):
                s = start + dt.timedelta(days=rng.randint(0, 200))
                f = s + dt.timedelta(days=rng.randint(30, 180))
                work = float(rng.randint(40, 400))
                done = min(work, max(0.0, work * (status - s).days / max(1, (f - s).days)))
                who = people[(i + w + k) % 8].name
                tasks.append(Tsk(f"Task {w}.{k}", s, f, assignments=[
                    Asg(who, work, s, f, baseline=round(work * 0.9), actual=round(done))]))
            end = max(t.finish for t in tasks)
            tasks.append(Tsk(f"Milestone {w}", end, end, milestone=True,
                             baseline_finish=end - dt.timedelta(days=7)))
            streams.append(Tsk(f"Workstream {w}", children=tasks))
        write(Sched(title=f"Plan {i:03d}", manager="Ann Lee", status=status,
                    resources=people, tasks=streams), folder / f"P-{i:03d}.xml")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--schedules", type=int, default=100)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "plans", Path(tmp) / "trackers"
        folder.mkdir()
        out.mkdir()
        plans(args.schedules, folder)
        (folder / "pmo_xl.toml").write_text("today = 2026-03-16\n")
        print(f"{args.schedules} schedules of 50 tasks (MSPDI)")
        got = run_stage(IMPORT, str(folder), str(out), extra_path=str(ROOT.parent))
        show("import (JVM once)", got)
        for part, seconds in got["parts"].items():
            print(f"  {part:26s} {seconds:7.2f} s")
        show("consolidate the schedules", run_stage(CONSOLIDATE, str(folder),
                                                    extra_path=str(ROOT.parent)))


if __name__ == "__main__":
    main()
