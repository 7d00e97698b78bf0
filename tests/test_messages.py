"""The key messages: each sentence pattern with its figures, computed by hand, in English
and French; the same patterns every week (an empty one says so); on the deck's second
slide and at the top of the master's dashboard; management by exception."""

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation

import pmo_xl
from pmo_xl.figures.messages import message_text, messages_text
from pmo_xl.kpis.messages import (
    MESSAGE_COUNT,
    cost,
    data_caveat,
    decisions_due,
    exceptions,
    key_messages,
    milestones_at_risk,
    mismatches,
    overruns,
    status_counts,
    turned,
)
from pmo_xl.settings import Settings
from tests.builders import TODAY, base_project, base_tables, make_tracker

D = dt.date
T = pd.Timestamp


def projects() -> pd.DataFrame:
    """Four projects: A green as declared; B declared green, computed red (variance
    +24 %, slip 20 working days); C amber, over plan by 10 days and 6,000 € over budget;
    D red, 40 days over plan, unpriced."""
    return pd.DataFrame({
        "project": ["A", "B", "C", "D"], "name": ["Alpha", "Beta", "Gamma", "Delta"],
        "status": ["Green", "Green", "Amber", "Red"],
        "computed_status": ["Green", "Red", "Amber", "Red"],
        "status_drivers": ["", "variance_pct;max_open_slip_days", "variance_pct",
                           "variance_pct"],
        "variance_days": [0.0, 24.0, 10.0, 40.0], "variance_pct": [0.0, 0.24, 0.1, 0.4],
        "max_slip_days": [0.0, 20.0, 0.0, 0.0], "max_open_slip_days": [0.0, 20.0, 0.0, 0.0],
        "critical_risks": [0, 1, 0, 0], "overdue_actions": [0, 0, 0, 0],
        "budget_cost": [10000.0, 50000.0, 20000.0, None],
        "eac_cost": [10000.0, 62000.0, 26000.0, None],
        "budget_days": [20.0, 100.0, 40.0, 100.0], "eac_days": [20.0, 124.0, 50.0, 140.0],
        "planned_days": [20.0, 100.0, 40.0, 100.0]})


def changes() -> pd.DataFrame:
    """At the last report: A green, B amber (so it turned red), C amber, D red."""
    return pd.DataFrame({"project": ["A", "B", "C", "D"],
                         "status_prev": ["Green", "Amber", "Amber", "Red"],
                         "status_now": ["Green", "Red", "Amber", "Red"],
                         "status_changed": [False, True, False, False],
                         "new_risks": [0, 0, 1, 0], "worsened_risks": [0, 0, 0, 0]})


def test_status_counts_now_and_at_the_last_report():
    m = status_counts(projects(), changes())
    assert m.params == {"total": 4, "now": {"Green": 1, "Amber": 1, "Red": 2},
                        "worst": ["B", "D"], "before": {"Green": 1, "Amber": 2, "Red": 1}}
    assert message_text(m.key, m.params, "en") == (
        "4 projects — computed status: Red 2 (B, D) · Amber 1 · Green 1. "
        "At the last report: Red 1 · Amber 2 · Green 1.")
    assert message_text(m.key, m.params, "fr") == (
        "4 projets — météo calculée\u00a0: Rouge 2 (B, D) · Orange 1 · Vert 1. "
        "Au dernier reporting\u00a0: Rouge 1 · Orange 2 · Vert 1.")


def test_turned_red_or_amber_with_why():
    m = turned(projects(), changes())
    assert message_text(m.key, m.params, "en") == (
        "Turned red or amber since the last report (1): B Amber → Red "
        "(variance +24%; slip 20\u00a0d).")
    assert message_text(m.key, m.params, "fr").startswith(
        "Passés au rouge ou à l'orange depuis le dernier reporting (1)\u00a0: B Orange → Rouge (")
    none = turned(projects(), changes().assign(status_changed=False))
    assert message_text(none.key, none.params, "en") == (
        "No project turned red or amber since the last report.")
    first = turned(projects(), None)
    assert message_text(first.key, first.params, "fr").startswith(
        "Pas de reporting précédent")


def test_every_mismatch_is_named():
    m = mismatches(projects())
    assert [r["project"] for r in m.params["projects"]] == ["B"]
    assert message_text(m.key, m.params, "en").startswith(
        "Declared status differs from the computed one (1): B declared Green, computed Red (")
    agree = mismatches(projects()[projects()["project"] != "B"])
    assert message_text(agree.key, agree.params, "fr") == (
        "Météo déclarée et météo calculée concordent pour tous les projets.")


def test_largest_overruns_in_days():
    m = overruns(projects())
    assert [r["project"] for r in m.params["projects"]] == ["D", "B", "C"]
    assert m.params["count"] == 3
    assert message_text(m.key, m.params, "en", "€") == (
        "Estimate at completion over plan for 3 project(s); the largest: D +40\u00a0d, "
        "B +24\u00a0d, C +10\u00a0d.")
    assert message_text(m.key, m.params, "fr", "€") == (
        "Réestimé au-delà du prévu pour 3 projet(s)\u00a0; les plus forts\u00a0: "
        "D +40\u00a0j/h, B +24\u00a0j/h, C +10\u00a0j/h.")


def test_cost_against_budget_where_projects_are_priced():
    # A, B, C priced: budget 10,000 + 50,000 + 20,000 = 80,000; EAC 10,000 + 62,000 +
    # 26,000 = 98,000 (+18,000, +22.5 %); over budget: B +12,000, C +6,000. D unpriced.
    m = cost(projects())
    assert (m.params["priced"], m.params["total"], m.params["over"]) == (3, 4, 2)
    assert message_text(m.key, m.params, "en", "€") == (
        "Cost of the 3 priced project(s) of 4: EAC 98,000\u00a0€ for a budget of "
        "80,000\u00a0€ (+18,000\u00a0€, +22.5%); over budget (2): B +12,000\u00a0€, "
        "C +6,000\u00a0€.")
    assert message_text(m.key, m.params, "fr", "CHF") == (
        "Coût des 3 projet(s) chiffré(s) sur 4\u00a0: réestimé 98\u202f000\u00a0CHF pour un "
        "budget de 80\u202f000\u00a0CHF (+18\u202f000\u00a0CHF, +22,5\u202f%)\u00a0; "
        "au-delà du budget (2)\u00a0: B +12\u202f000\u00a0CHF, C +6\u202f000\u00a0CHF.")
    within = projects().assign(eac_cost=[9000.0, 41000.0, 20000.0, None])  # 70,000
    assert message_text("cost", cost(within).params, "en", "€").endswith(
        "(-10,000\u00a0€, -12.5%); no priced project's EAC exceeds its budget.")
    assert cost(projects().assign(eac_cost=None)) is None  # no rates: no sentence


def test_copil_milestones_due_by_the_next_report_late_or_at_risk():
    ms = pd.DataFrame({
        "project": ["A", "B", "B", "C", "D"],
        "milestone": ["Kick-off", "Go-live", "Pilot", "Design", "Later"],
        "steering": ["Yes", "Yes", "No", "Yes", "Yes"],
        "status": ["At risk", "Late", "Late", "Done", "At risk"],
        "target_date": [T(2026, 3, 18), T(2026, 3, 20), T(2026, 3, 16), T(2026, 3, 17),
                        T(2026, 4, 30)],
        "slip_days": [0.0, 5.0, 3.0, 0.0, 0.0]})
    m = milestones_at_risk(ms, D(2026, 3, 20))  # the next report: one week on
    assert [(r["project"], r["milestone"]) for r in m.params["milestones"]] == [
        ("A", "Kick-off"), ("B", "Go-live")]  # not the non-COPIL one, the done one, the later
    assert message_text(m.key, m.params, "en") == (
        "COPIL milestones due by 20/03/2026, late or at risk (2): A Kick-off 18/03/2026 "
        "(At risk); B Go-live 20/03/2026 (Late, slip +5\u00a0d).")
    empty = milestones_at_risk(ms.iloc[0:0], D(2026, 3, 20))
    assert message_text(empty.key, empty.params, "fr") == (
        "Aucun jalon COPIL dû d'ici le 20/03/2026 n'est en retard ou à risque.")


def test_decisions_needed_by_the_next_committee():
    dec = pd.DataFrame({"project": ["A", "B", "C"],
                        "decision": ["Approve budget", "Choose vendor", "Hire"],
                        "status": ["Pending", "Pending", "Taken"],
                        "needed_by": [T(2026, 3, 19), pd.NaT, T(2026, 3, 18)]})
    m = decisions_due(dec, D(2026, 3, 20))
    assert message_text(m.key, m.params, "en") == (
        "Decisions needed by 20/03/2026 (2): A Approve budget (by 19/03/2026); "
        "B Choose vendor (no date).")
    assert message_text(m.key, m.params, "fr") == (
        "Décisions attendues d'ici le 20/03/2026 (2)\u00a0: A Approve budget "
        "(pour le 19/03/2026)\u00a0; "
        "B Choose vendor (sans date).")


def test_the_data_caveat_names_who_is_missing_and_stale():
    findings = pd.DataFrame({"rule": ["REPORT_STALE", "VALUE_REQUIRED"],
                             "project": ["C", "A"]})
    missing = pd.DataFrame({"project": ["E"], "name": ["Epsilon"]})
    m = data_caveat(projects(), missing, findings, left_out=2)
    assert message_text(m.key, m.params, "en") == (
        "4 of 5 expected projects reported; not reported: E; stale: C; 2 file(s) left out.")
    assert message_text(m.key, m.params, "fr") == (
        "4 projets sur 5 attendus ont envoyé leur suivi\u00a0; sans reporting\u00a0: E\u00a0; "
        "obsolètes\u00a0: C\u00a0; 2 fichier(s) écarté(s).")


def test_the_same_patterns_every_week_even_when_empty():
    empty = projects().iloc[0:0]
    ms = pd.DataFrame({c: pd.Series(dtype=t) for c, t in (
        ("project", "str"), ("milestone", "str"), ("steering", "str"), ("status", "str"),
        ("target_date", "datetime64[ns]"), ("slip_days", "float64"))})
    dec = pd.DataFrame({c: pd.Series(dtype=t) for c, t in (
        ("project", "str"), ("decision", "str"), ("status", "str"),
        ("needed_by", "datetime64[ns]"))})
    none = pd.DataFrame({"project": pd.Series(dtype="str"), "rule": pd.Series(dtype="str")})
    found = key_messages(empty, ms, dec, none, none, 0, None, D(2026, 3, 13), 7)
    assert [m.key for m in found] == ["status_counts", "turned", "mismatches", "overruns",
                                      "milestones_at_risk", "decisions_due", "data_caveat"]
    assert len(found) == MESSAGE_COUNT - 1  # the cost's only where projects are priced
    priced = key_messages(projects(), ms, dec, none, none, 0, None, D(2026, 3, 13), 7)
    assert [m.key for m in priced][3:5] == ["overruns", "cost"]
    assert len(priced) == MESSAGE_COUNT
    assert all(messages_text(found, lang) for lang in ("en", "fr"))


def test_exceptions_are_red_amber_mismatched_moved_or_newly_risky():
    assert exceptions(projects(), None) == {"B", "C", "D"}
    calm = projects().assign(computed_status="Green", status="Green")
    assert exceptions(calm, changes()) == {"B"}  # its status changed
    risky = calm.assign(critical_risks=[0, 0, 2, 0])
    assert exceptions(risky, changes()) == {"B", "C"}  # a new risk while critical ones open


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    folder = tmp_path_factory.mktemp("p")
    make_tracker(folder, "a.xlsx")
    make_tracker(folder, "b.xlsx", project=base_project(code="P-002", name="Calm",
                                                        end_forecast=D(2026, 6, 30)),
                 tables={**base_tables(), "workload": [
                     {"resource": "Zoé", "role": "Dev", "month": D(2026, 3, 1),
                      "planned": 10, "actual": 4, "remaining": 6}], "risks": [],
                     "actions": [], "milestones": [
                         {"id": "M1", "milestone": "Go-live", "baseline_date": D(2026, 6, 5),
                          "forecast_date": D(2026, 6, 5), "status": "On track"}]})
    return pmo_xl.consolidate(folder, Settings(today=TODAY, workers=1))


def test_the_deck_opens_on_the_key_messages_and_the_master_dashboard_too(tmp_path, portfolio):
    from pmo_xl.kpis.messages import portfolio_messages
    from pmo_xl.xlsx import write_master
    from pmo_xl.xlsx.dashboard import MESSAGES_ROW

    expected = messages_text(portfolio_messages(portfolio), "en")
    deck = Presentation(str(pmo_xl.write_deck(portfolio, tmp_path / "d.pptx")))
    second = deck.slides[1]
    assert second.shapes.title.text == "Key messages"
    body = " ".join(s.text_frame.text for s in second.shapes if s.has_text_frame
                    and s != second.shapes.title).replace("\n", " ")
    for sentence in expected:
        assert " ".join(sentence.split()) in " ".join(body.replace("•", "").split())
    master = write_master(portfolio, tmp_path / "m.xlsx")
    ws = openpyxl.load_workbook(master)["Dashboard"]
    assert ws.cell(MESSAGES_ROW + 1, 1).value == "Key messages"
    assert [ws.cell(MESSAGES_ROW + 2 + i, 1).value for i in range(len(expected))] == [
        f"• {s}" for s in expected]


def test_management_by_exception_keeps_slides_for_exceptions_only(tmp_path, portfolio):
    from tests.ooxml import ooxml_errors

    path = pmo_xl.write_deck(portfolio, tmp_path / "d.pptx", exceptions=True)
    assert ooxml_errors(path) == []
    deck = Presentation(str(path))
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    picked = exceptions(portfolio.projects, None)
    assert picked == {"P-001"}  # computed amber; P-002 green as declared
    assert [t for t in titles if t.startswith("P-0")] == ["P-001 — ERP roll-out"]
    others = next(s for s in deck.slides if s.shapes.title is not None
                  and s.shapes.title.text.startswith("Other projects"))
    (table,) = [sh.table for sh in others.shapes if sh.has_table]
    assert table.cell(1, 0).text == "P-002"
    full = Presentation(str(pmo_xl.write_deck(portfolio, tmp_path / "e.pptx")))
    assert sum(1 for s in full.slides if s.shapes.title is not None
               and s.shapes.title.text.startswith("P-0")) == 2  # 2 projects: under 25


def test_the_patterns_are_written_down_from_the_code():
    from pmo_xl.figures.docs import messages_markdown
    from pmo_xl.figures.messages import TEXTS
    from tests.ooxml import ROOT

    committed = (ROOT / "docs" / "messages.md").read_text(encoding="utf-8")
    assert committed == messages_markdown(), "run `pmo-xl docs`"
    assert all(en in committed and fr in committed for en, fr in TEXTS.values())
