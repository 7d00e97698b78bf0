"""The read cache: a re-run reads only what changed, and gives what a cold run gives."""

import json
import os
import shutil
import sys
import zipfile

import pandas as pd
import pytest

import pmo_xl
from pmo_xl.settings import Settings
from tests.builders import TODAY, base_project, base_tables, make_tracker

consolidation = sys.modules["pmo_xl.consolidate"]


@pytest.fixture
def folder(tmp_path):
    trackers = tmp_path / "trackers"
    make_tracker(trackers, "a.xlsx")
    tables = base_tables()
    tables["risks"][0]["probability"] = 9  # out of range: a table finding
    make_tracker(trackers, "b.xlsx", tables=tables, project=base_project(code="P-002"))
    make_tracker(trackers, "c.xlsx", lang="fr", project=base_project(
        code="P-003", as_of="not a date"))  # unusable card: a file finding
    return trackers


@pytest.fixture
def reads(monkeypatch):
    """The files the run actually opened."""
    seen: list[str] = []
    real = consolidation.load_tracker

    def counting(path, settings):
        seen.append(os.path.basename(path))
        return real(path, settings)

    monkeypatch.setattr(consolidation, "load_tracker", counting)
    return seen


def assert_same(a, b):
    for key in ("projects", "workload", "milestones", "risks", "actions", "findings",
                "sources"):
        pd.testing.assert_frame_equal(getattr(a, key), getattr(b, key), check_like=False,
                                      obj=key)


def test_rerun_reads_only_the_changed_tracker_and_equals_a_cold_run(tmp_path, folder, reads):
    settings = Settings(today=TODAY, workers=1)
    cache = tmp_path / "cache"
    first = pmo_xl.consolidate(folder, settings, cache=cache)
    assert sorted(reads) == ["a.xlsx", "b.xlsx", "c.xlsx"]
    assert len(first.findings) >= 2 and set(first.projects["project"]) == {"P-001", "P-002"}
    reads.clear()
    assert_same(pmo_xl.consolidate(folder, settings, cache=cache), first)
    assert reads == []  # nothing changed: nothing read
    make_tracker(folder, "b.xlsx", project=base_project(code="P-002", name="Renamed"))
    again = pmo_xl.consolidate(folder, settings, cache=cache)
    assert reads == ["b.xlsx"]
    assert_same(again, pmo_xl.consolidate(folder, settings))  # as if read from scratch
    assert again.project("P-002")["name"] == "Renamed"
    assert not (again.findings["rule"] == "VALUE_OUT_OF_RANGE").any()  # b's finding is gone


def _pad_to(path, size):
    """Grow a workbook to ``size`` bytes with a zip archive comment (still a valid file)."""
    with zipfile.ZipFile(path, "a") as z:
        z.comment = b"x" * (size - path.stat().st_size)
    assert path.stat().st_size == size


def test_same_size_and_time_but_new_content_is_read_again(tmp_path, folder, reads):
    settings = Settings(today=TODAY, workers=1)
    cache = tmp_path / "cache"
    a = folder / "a.xlsx"
    edited = make_tracker(tmp_path, "edited.xlsx", project=base_project(name="ERP roll-out 2"))
    size = max(a.stat().st_size, edited.stat().st_size) + 200
    _pad_to(a, size)
    _pad_to(edited, size)
    pmo_xl.consolidate(folder, settings, cache=cache)
    stat = a.stat()
    a.write_bytes(edited.read_bytes())  # same size, and the time is put back
    os.utime(a, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (a.stat().st_size, a.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    reads.clear()
    p = pmo_xl.consolidate(folder, settings, cache=cache)
    assert reads == ["a.xlsx"]
    assert p.project("P-001")["name"] == "ERP roll-out 2"


def test_removed_and_added_trackers(tmp_path, folder, reads):
    settings = Settings(today=TODAY, workers=1)
    cache = tmp_path / "cache"
    pmo_xl.consolidate(folder, settings, cache=cache)
    (folder / "a.xlsx").unlink()
    make_tracker(folder, "0-first.xlsx", project=base_project(code="P-000"))
    reads.clear()
    p = pmo_xl.consolidate(folder, settings, cache=cache)
    assert reads == ["0-first.xlsx"]
    assert set(p.projects["project"]) == {"P-000", "P-002"}
    assert [os.path.basename(f) for f in p.sources["file"]] == ["0-first.xlsx", "b.xlsx",
                                                                "c.xlsx"]
    assert_same(p, pmo_xl.consolidate(folder, settings))


def test_other_settings_reuse_nothing(tmp_path, folder, reads):
    cache = tmp_path / "cache"
    pmo_xl.consolidate(folder, Settings(today=TODAY, workers=1), cache=cache)
    reads.clear()
    five = pmo_xl.consolidate(folder, Settings(today=TODAY, workers=1, risk_scale=5),
                              cache=cache)
    assert sorted(reads) == ["a.xlsx", "b.xlsx", "c.xlsx"]  # the scale shapes the typing
    assert_same(five, pmo_xl.consolidate(folder, Settings(today=TODAY, workers=1,
                                                          risk_scale=5)))


def test_the_cache_does_not_depend_on_the_language(tmp_path, folder, reads):
    """Findings are codes and parameters: a French run reuses an English run's reading,
    and its messages are French."""
    cache = tmp_path / "cache"
    en = pmo_xl.consolidate(folder, Settings(today=TODAY, workers=1), cache=cache)
    reads.clear()
    fr = pmo_xl.consolidate(folder, Settings(today=TODAY, workers=1, language="fr"),
                            cache=cache)
    assert reads == []
    assert fr.findings["params"].tolist() == en.findings["params"].tolist()
    assert fr.findings["message"].str.contains("doit être entre").any()
    assert not fr.findings["message"].str.contains("must be|left out").any()


def test_staleness_follows_the_portfolio_date_not_the_cache(tmp_path, folder):
    cache = tmp_path / "cache"
    fresh = pmo_xl.consolidate(folder, Settings(today=TODAY, workers=1), cache=cache)
    assert not (fresh.findings["rule"] == "REPORT_STALE").any()
    later = pmo_xl.consolidate(folder, Settings(today=TODAY.replace(year=2027), workers=1,
                                                reporting_date=TODAY.replace(year=2027)),
                               cache=cache)
    assert set(later.findings.loc[later.findings["rule"] == "REPORT_STALE", "project"]) == {
        "P-001", "P-002"}


@pytest.mark.parametrize("damage", ["garbage", "missing_generation", "truncated_table"])
def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path, folder, reads, damage):
    settings = Settings(today=TODAY, workers=1)
    cache = tmp_path / "cache"
    cold = pmo_xl.consolidate(folder, settings, cache=cache)
    current = json.loads((cache / "current.json").read_text())
    generation = cache / current["generation"]
    if damage == "garbage":
        (cache / "current.json").write_bytes(b"\x00not json")
    elif damage == "missing_generation":
        shutil.rmtree(generation)
    else:
        table = generation / "table_workload.arrow"
        table.write_bytes(table.read_bytes()[:100])
    reads.clear()
    assert_same(pmo_xl.consolidate(folder, settings, cache=cache), cold)
    assert sorted(reads) == ["a.xlsx", "b.xlsx", "c.xlsx"]
    reads.clear()
    pmo_xl.consolidate(folder, settings, cache=cache)
    assert reads == []  # rebuilt by the previous run


def test_parallel_cold_run_fills_the_cache_the_same_way(tmp_path, reads):
    trackers = tmp_path / "t"
    for i in range(9):  # enough for the process pool
        make_tracker(trackers, f"p{i}.xlsx", project=base_project(code=f"P-{i:03d}"))
    cache = tmp_path / "cache"
    parallel = pmo_xl.consolidate(trackers, Settings(today=TODAY, workers=2), cache=cache)
    reads.clear()
    warm = pmo_xl.consolidate(trackers, Settings(today=TODAY, workers=1), cache=cache)
    assert reads == []
    assert_same(warm, parallel)


def test_rows_are_picked_in_the_runs_file_order_even_when_interleaved():
    from pmo_xl.validate.trackers import _pick

    cached = pd.DataFrame({"source_file": ["a", "a", "c", "b"], "v": [1, 2, 3, 4]})
    fresh = pd.DataFrame({"source_file": ["d", "b2"], "v": [5, 6]})
    picked = _pick([cached, fresh], ["d", "a", "b", "c"])
    assert picked["v"].tolist() == [5, 1, 2, 4, 3]
    interleaved = pd.DataFrame({"source_file": ["a", "b", "a"], "v": [1, 2, 3]})
    assert _pick([interleaved], ["b", "a"])["v"].tolist() == [2, 1, 3]


def test_a_cache_that_cannot_be_written_never_fails_the_run(tmp_path, folder, caplog):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    settings = Settings(today=TODAY, workers=1)
    p = pmo_xl.consolidate(folder, settings, cache=blocked)
    assert_same(p, pmo_xl.consolidate(folder, settings))
    assert "read cache not saved" in caplog.text
