"""The benchmark still runs (on 4 trackers, without the slow baseline): not a timing
test, a guard against a benchmark that rots between the runs made by hand."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_runs_every_stage_and_prints_its_ratios():
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_pipeline.py"), "--trackers", "4",
         "--skip-naive"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    seconds = dict(re.findall(r"^(\S.*?)\s{2,}(\d+\.\d+) s\s+peak", run.stdout, re.M))
    assert set(seconds) == {
        "pipeline (2 processes)", "read stage (2 processes)", "read stage (1 process)",
        "re-run, one tracker changed", "raw fastexcel", "python-pptx alone, 60 slides",
        "consolidate -o OUT --deck"}
    ratios = dict(re.findall(r"^(.+?):\s+(\d+\.\d+)×$", run.stdout, re.M))
    assert set(ratios) == {"read stage (2 processes) / raw fastexcel",
                           "read stage (1 process) / raw fastexcel",
                           "60-slide deck / python-pptx alone"}
    assert all(float(v) > 0 for v in [*seconds.values(), *ratios.values()])
    assert "workload rows 8,000" in run.stdout  # 4 trackers of 2,000 rows


def test_the_import_benchmark_runs():
    from tests.schedules import java_or_skip

    java_or_skip()
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_import.py"),
                          "--schedules", "2"], capture_output=True, text=True, timeout=600,
                         cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert re.search(r"^import \(JVM once\)\s+\d+\.\d+ s", run.stdout, re.M), run.stdout
    assert re.search(r"^consolidate the schedules\s+\d+\.\d+ s", run.stdout, re.M)


def test_the_writers_benchmark_measures_both_of_pmo_xls_writers():
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_writers.py"), "--trackers", "2",
         "--rows", "50"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    speeds = dict(re.findall(r"^(\S.*?)\s{2,}\d+\.\d+ s\s+(\d+\.\d+) M cells/s", run.stdout,
                             re.M))
    assert {"XlsxWriter, typed column writers", "pmo-xl: Arrow-built XML spliced in"} <= set(
        speeds)
    assert "100 rows x 16 columns" in run.stdout
