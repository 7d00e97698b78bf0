"""Resource conflicts: people over capacity across projects, computed by hand, and the
deck's slide that names them."""

import numpy as np
import pandas as pd
import pytest
from pptx import Presentation

import pmo_xl
from pmo_xl.kpis.portfolio import CONFLICT_COLUMNS, resource_conflicts
from pmo_xl.settings import Settings
from tests.builders import TODAY, base_project, make_tracker
from tests.deck_checks import slide_titled, tables_of

T = pd.Timestamp
JAN, FEB, MAR, APR = T("2026-01-01"), T("2026-02-01"), T("2026-03-01"), T("2026-04-01")
N = np.nan


def workload():
    """3 people, 3 projects, 4 months; Ann over 18 days in February and March, on P-A
    and P-B (P-C loads her in April only, and plans her in February without a day)."""
    rows = [  # project, resource, role, month, planned, actual, remaining
        ("P-A", "Ann", "Dev", JAN, 10, 10, N),
        ("P-A", "Ann", "Dev", FEB, 10, 12, N),
        ("P-B", "Ann", "Dev", FEB, 8, 8, N),  # Feb: 12 + 8 = 20
        ("P-C", "Ann", "Dev", FEB, 30, N, N),  # planned only: no load
        ("P-A", "Ann", "Dev", MAR, 10, 5, 5),
        ("P-B", "Ann", "Dev", MAR, 10, N, 12),  # Mar: 5 + 5 + 12 = 22
        ("P-C", "Ann", "Dev", APR, 4, N, 4),  # Apr: 4
        ("P-B", "Bob", "PM", JAN, 18, 18, N),  # exactly 18: not over
        ("P-C", "Bob", "PM", MAR, 10, N, 10),
        *[("P-C", "Cara", "Dev", m, 15, N, 15) for m in (JAN, FEB, MAR, APR)],
        ("P-A", None, "Dev", MAR, 40, N, 40),  # nobody named: left out
    ]
    frame = pd.DataFrame(rows, columns=["project", "resource", "role", "month", "planned",
                                        "actual", "remaining"])
    return frame.astype({k: "float64" for k in ("planned", "actual", "remaining")})


def test_one_person_over_in_two_months_across_two_projects():
    got = resource_conflicts(workload(), capacity=18)
    assert list(got.columns) == list(CONFLICT_COLUMNS)
    assert got.attrs["over"] == 1
    assert got.to_dict("records") == [{
        "resource": "Ann", "role": "Dev", "months_over": (FEB, MAR),
        "days_over": 6.0,  # (20 − 18) + (22 − 18)
        "peak_month": MAR, "peak_load": 22.0, "projects": "P-A, P-B"}]


def test_top_people_by_days_over_and_how_many_in_all():
    # At 15 days: Ann 5 (Feb) + 7 (Mar) = 12 over; Bob 3 (Jan); Cara at 15 is not over.
    got = resource_conflicts(workload(), capacity=15, top=10)
    assert got.attrs["over"] == 2
    assert got["resource"].tolist() == ["Ann", "Bob"]
    assert got["days_over"].tolist() == [12.0, 3.0]
    bob = got.iloc[1]
    assert (bob["months_over"], bob["peak_month"], bob["peak_load"], bob["projects"],
            bob["role"]) == ((JAN,), JAN, 18.0, "P-B", "PM")
    first = resource_conflicts(workload(), capacity=15, top=1)
    assert first["resource"].tolist() == ["Ann"] and first.attrs["over"] == 2


def test_no_one_over_and_no_workload():
    assert resource_conflicts(workload(), capacity=40).empty
    assert resource_conflicts(workload(), capacity=40).attrs["over"] == 0
    empty = resource_conflicts(workload().iloc[0:0], capacity=18)
    assert list(empty.columns) == list(CONFLICT_COLUMNS) and empty.attrs["over"] == 0


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    """Two projects sharing Ann (Dev): 12 + 12 = 24 days in February, 10 + 10 = 20 in
    March (test_consolidate's workload twice); Bob 5 + 5 = 10 in April."""
    folder = tmp_path_factory.mktemp("conflicts")
    make_tracker(folder, "a.xlsx")
    make_tracker(folder, "b.xlsx", project=base_project(code="P-002", name="Data hub"),
                 lang="fr")
    return pmo_xl.consolidate(folder, Settings(today=TODAY, workers=1))


def conflict_slide(path, title="Resource conflicts"):
    return slide_titled(Presentation(str(path)), title)


def test_the_deck_names_the_people_over_capacity(tmp_path, portfolio):
    slide = conflict_slide(pmo_xl.write_deck(portfolio, tmp_path / "d.pptx"))
    (table,) = tables_of(slide)
    assert table == [
        ["Resource", "Role", "Months over", "Days over", "Peak month (days)", "Projects"],
        ["Ann", "Dev", "02–03/2026", "8", "02/2026 (24)", "P-001, P-002"]]  # 6 + 2 over
    fr = conflict_slide(pmo_xl.write_deck(portfolio, tmp_path / "f.pptx", lang="fr"),
                        "Conflits de ressources")
    assert tables_of(fr)[0][0][:2] == ["Ressource", "Profil"]


def test_top_people_then_how_many_more_and_where(tmp_path, portfolio, monkeypatch):
    from dataclasses import replace

    from pmo_xl.deck import resources

    low = replace(portfolio, settings=portfolio.settings.replace(capacity_days_per_month=9))
    monkeypatch.setattr(resources, "TOP_PEOPLE", 1)
    slide = conflict_slide(pmo_xl.write_deck(low, tmp_path / "d.pptx"))
    # At 9 days: Ann 15 + 11 = 26 over, Bob 1 over (April): Ann first, Bob said in a line.
    (table,) = tables_of(slide)
    assert [row[0] for row in table[1:]] == ["Ann"] and table[1][3] == "26"
    notes = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    assert "… and 1 more over capacity: see the master workbook's Resource load sheet." \
        in notes


def test_no_one_over_says_so(tmp_path, portfolio):
    from dataclasses import replace

    calm = replace(portfolio, settings=portfolio.settings.replace(capacity_days_per_month=30))
    slide = conflict_slide(pmo_xl.write_deck(calm, tmp_path / "d.pptx"))
    assert tables_of(slide) == []
    assert "No one over 30 days a month." in [s.text_frame.text for s in slide.shapes
                                              if s.has_text_frame]
