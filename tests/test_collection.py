"""The collection loop: who was expected and sent nothing, who to chase, and the drafts."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation
from typer.testing import CliRunner

import pmo_xl
from pmo_xl.chase import drafts
from pmo_xl.cli import app
from pmo_xl.deck import write_deck
from pmo_xl.settings import Settings
from pmo_xl.xlsx import chase_managers, write_master
from tests.builders import (
    TODAY,
    D,
    base_project,
    base_tables,
    grid,
    make_tracker,
    make_workbook,
)
from tests.deck_checks import slide_titled
from tests.ooxml import ooxml_errors

HEADERS = {"en": ["Project code", "Project name", "Project manager", "Manager e-mail"],
           "fr": ["Code projet", "Nom du projet", "Chef de projet", "E-mail du chef de projet"]}
# Six projects expected; P-2 and P-3 share a manager; P-6 never sends its tracker.
REGISTER = [
    ("P-1", "ERP roll-out", "Ann Lee", "ann.lee@example.org"),
    ("P-2", "Data hub", "Bo Chen", "bo.chen@example.org"),
    ("P-3", "Web shop", "Bo Chen", "bo.chen@example.org"),
    ("P-4", "HR portal", "Cy Diaz", "cy.diaz@example.org"),
    ("P-5", "CRM", "Di Roy", ""),  # no address yet: a draft with no recipient
    ("P-6", "Network", "Ed Fox", "ed.fox@example.org"),
]


def write_register(folder: Path, fmt: str, lang: str) -> Path:
    """The register as a PMO keeps it: a CSV (``;``), or a workbook with a title above."""
    rows = [HEADERS[lang], *[list(r) for r in REGISTER]]
    if fmt == "csv":
        path = folder / "register.csv"
        path.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
        return path
    sheet = "Registre" if lang == "fr" else "Register"
    return make_workbook(folder / "register.xlsx", {
        sheet: {"A1": "Projets attendus" if lang == "fr" else "Expected projects",
                **grid("A3", rows)}})


def trackers(folder: Path) -> None:
    """Five of the six, each with a mistake; the cards' e-mails are not the register's
    (but for P-5's, blank on both)."""
    for code, name, manager, address in REGISTER[:5]:
        tables = base_tables()
        tables["risks"][0]["probability"] = 9  # Risks!D4: out of range
        make_tracker(folder, f"{code}.xlsx", tables=tables, project=base_project(
            code=code, name=name, manager=manager,
            manager_email="old@example.org" if address else None))
    make_tracker(folder, "P-9.xlsx", project=base_project(code="P-9", name="Skunkworks",
                                                          manager="Zed"))


def consolidated(tmp_path: Path, fmt: str = "csv", lang: str = "en"):
    folder = tmp_path / "trackers"
    trackers(folder)
    register = write_register(tmp_path, fmt, lang)
    settings = Settings(today=TODAY, workers=1, register=str(register))
    return pmo_xl.consolidate(folder, settings), register


def by_rule(portfolio, *rules):
    f = portfolio.findings
    return {(r.rule, Path(r.file).name, r.sheet, r.cell, r.value)
            for r in f[f["rule"].isin(rules)].itertuples()}


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_register_says_who_is_missing_and_who_is_not_registered(tmp_path, fmt, lang):
    p, register = consolidated(tmp_path, fmt, lang)
    sheet = "" if fmt == "csv" else ("Registre" if lang == "fr" else "Register")
    row = 7 if fmt == "csv" else 9  # P-6's row: header on the first row, or under a title
    assert by_rule(p, "TRACKER_MISSING", "TRACKER_NOT_REGISTERED") == {
        ("TRACKER_MISSING", register.name, sheet, f"A{row}", "P-6"),
        ("TRACKER_NOT_REGISTERED", "P-9.xlsx", "Project", "B4", "P-9"),
    }
    missing = p.findings.set_index("rule").loc["TRACKER_MISSING"]
    assert missing["message"] == ("No tracker received for project P-6 (Network), expected by "
                                  "the register.")
    assert (missing["project"], missing["manager"], missing["manager_email"]) == (
        "P-6", "Ed Fox", "ed.fox@example.org")
    assert p.missing[["project", "name", "manager", "reporting"]].values.tolist() == [
        ["P-6", "Network", "Ed Fox", "No report"]]
    assert sorted(p.projects["project"]) == ["P-1", "P-2", "P-3", "P-4", "P-5", "P-9"]
    assert set(p.projects["reporting"]) == {"Received"}


def test_findings_know_their_manager_the_register_first(tmp_path):
    p, _ = consolidated(tmp_path)
    who = p.findings.drop_duplicates("project").set_index("project")
    assert who.loc["P-1", "manager_email"] == "ann.lee@example.org"  # not the card's "old@"
    assert who.loc["P-9", "manager"] == "Zed"  # not registered: the card's
    assert p.findings[p.findings["rule"] == "VALUE_OUT_OF_RANGE"]["manager"].tolist() == [
        "Ann Lee", "Bo Chen", "Bo Chen", "Cy Diaz", "Di Roy"]


def test_a_missing_project_stays_visible_in_the_master_and_the_deck(tmp_path):
    p, _ = consolidated(tmp_path)
    master = write_master(p, tmp_path / "m.xlsx", lang="fr")
    assert ooxml_errors(master) == []
    wb = openpyxl.load_workbook(master)
    projects = wb["Projets"]
    head = [c.value for c in projects[1]]
    last = dict(zip(head, (c.value for c in projects[projects.max_row]), strict=True))
    assert (last["Projet"], last["Reporting"], last["Chef de projet"]) == (
        "P-6", "Pas de reporting", "Ed Fox")
    board = wb["Tableau de bord"]
    cells = [[c.value for c in r] for r in board.iter_rows(max_col=7)]
    assert ["P-6", "Network", "Ed Fox", None, "Pas de reporting", "Pas de reporting", None] \
        in cells
    assert any(r[0] == "6 projets reçus, 1 sans reporting" for r in cells)
    deck = write_deck(p, tmp_path / "d.pptx", lang="fr")
    assert ooxml_errors(deck) == []
    prs = Presentation(str(deck))
    table = next(s.table for s in slide_titled(prs, "Météo du portefeuille").shapes
                 if s.has_table)
    last_row = [c.text for c in table.rows[len(table.rows) - 1].cells]
    assert last_row[:4] == ["P-6", "Network", "Pas de reporting", "Pas de reporting"]
    assert str(table.cell(len(table.rows) - 1, 3).fill.fore_color.rgb) == "BFBFBF"
    notes = [s.text_frame.text for s in slide_titled(prs, "Chiffres clés").shapes
             if s.has_text_frame]
    assert "1 projet(s) attendu(s) sans reporting : absent(s) de ces chiffres." in notes


def test_without_a_register_the_last_report_is_expected(tmp_path):
    """A project that stops reporting is noticed from the second week on, with its last
    figures, dated; a project whose last report says it is closed is not expected."""
    folder, out = tmp_path / "in", tmp_path / "out"
    make_tracker(folder, "a.xlsx", code="A-1", as_of=D(2026, 3, 6))
    make_tracker(folder, "b.xlsx", project=base_project(code="B-2", name="Bridge",
                                                        as_of=D(2026, 3, 6)))
    make_tracker(folder, "c.xlsx", code="C-3", phase="Closed", as_of=D(2026, 3, 6))
    run = CliRunner().invoke
    (folder / "pmo_xl.toml").write_text("today = 2026-03-09\n")
    assert run(app, ["consolidate", str(folder), "-o", str(out), "-q"]).exit_code == 0
    (folder / "b.xlsx").unlink()
    (folder / "c.xlsx").unlink()
    make_tracker(folder, "a.xlsx", code="A-1", as_of=D(2026, 3, 13))
    (folder / "pmo_xl.toml").write_text("today = 2026-03-16\n")
    assert run(app, ["consolidate", str(folder), "-o", str(out), "-q"]).exit_code == 0
    findings = pmo_xl.exports.read_tables(out / "data", Settings())
    missing = findings.findings[findings.findings["rule"] == "TRACKER_MISSING"]
    assert missing[["project", "message"]].values.tolist() == [
        ["B-2", "No tracker received for project B-2 (Bridge), which last reported on "
                "06/03/2026."]]
    kept = findings.missing.set_index("project").loc["B-2"]
    assert (kept["eac_days"], kept["as_of"].date(), kept["reporting"]) == (
        27.0, D(2026, 3, 6), "No report")  # its last figures, dated
    # A third week: still missing, its figures still those of 06/03.
    make_tracker(folder, "a.xlsx", code="A-1", as_of=D(2026, 3, 20))
    (folder / "pmo_xl.toml").write_text("today = 2026-03-23\n")
    assert run(app, ["consolidate", str(folder), "-o", str(out), "-q"]).exit_code == 0
    third = pmo_xl.exports.read_tables(out / "data", Settings())
    assert third.missing["as_of"].dt.date.tolist() == [D(2026, 3, 6)]


def test_chase_writes_one_draft_per_manager_concerned(tmp_path):
    p, _ = consolidated(tmp_path)
    made = chase_managers(p, tmp_path / "chase")
    names = sorted(d.file for d in made.drafts)
    # Ann, Bo (two projects), Cy, Di (no address), Ed (missing), Zed (not registered).
    assert names == ["Ann_Lee.eml", "Bo_Chen.eml", "Cy_Diaz.eml", "Di_Roy.eml", "Ed_Fox.eml",
                     "Zed.eml"]
    assert sorted(made.unaddressed) == ["Di Roy", "Zed"]
    bo = email.message_from_bytes((tmp_path / "chase" / "Bo_Chen.eml").read_bytes(),
                                  policy=email.policy.default)
    assert (bo["To"], bo["X-Unsent"]) == ("Bo Chen <bo.chen@example.org>", "1")
    assert bo["Subject"] == "[Portfolio] Reporting of 13/03/2026: 2 point(s) to settle"
    plain = bo.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert plain.count("Risks!D4: 'Probability' must be between 1 and 4; value left out. "
                       "(found: 9)") == 2  # one per project, each under its tracker
    assert "P-2 — Data hub (tracker P-2.xlsx)" in plain and "P-3 — Web shop" in plain
    assert bo.get_body(("html",)).get_content_type() == "text/html"
    ed = email.message_from_bytes((tmp_path / "chase" / "Ed_Fox.eml").read_bytes(),
                                  policy=email.policy.default)
    assert "P-6 — Network\n  - Tracker not received: please send it." in \
        ed.get_body(("plain",)).get_content().replace("\r\n", "\n")
    di = email.message_from_bytes((tmp_path / "chase" / "Di_Roy.eml").read_bytes(),
                                  policy=email.policy.default)
    assert di["To"] is None and di["X-Unsent"] == "1"
    assert ooxml_errors(tmp_path / "chase" / "chase_list.xlsx") == []
    ws = openpyxl.load_workbook(tmp_path / "chase" / "chase_list.xlsx").active
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert [c.value for c in ws[1]] == ["Project manager", "Manager e-mail", "Projects",
                                        "Errors", "Warnings", "Trackers missing",
                                        "Stale trackers", "Draft"]
    assert rows["Bo Chen"] == ("Bo Chen", "bo.chen@example.org", "P-2, P-3", 2, 0, 0, 0,
                               "Bo_Chen.eml")
    assert rows["Ed Fox"][5] == 1


def test_chase_escapes_tracker_text(tmp_path):
    tables = base_tables()
    tables["milestones"][1]["status"] = '<a href="http://evil">Soon</a>'
    make_tracker(tmp_path / "t", tables=tables, manager="Ann <b>Lee</b>",
                 manager_email="ann@example.org")
    p = pmo_xl.consolidate(tmp_path / "t", Settings(today=TODAY, workers=1))
    (draft,) = drafts(p)
    assert '<a href="http://evil">' not in draft.html and "<b>Lee" not in draft.html
    assert "&lt;a href=&quot;http://evil&quot;&gt;Soon&lt;/a&gt;" in draft.html
    assert '(found: <a href="http://evil">Soon</a>)' in draft.text  # plain text as typed


def test_chase_command_in_french_with_a_due_date(tmp_path):
    folder = tmp_path / "trackers"
    trackers(folder)
    write_register(folder, "csv", "fr")
    (folder / "pmo_xl.toml").write_text(
        'language = "fr"\ntoday = 2026-03-16\nregister = "register.csv"\n')
    result = CliRunner().invoke(app, ["chase", str(folder), "-o", str(tmp_path / "out"),
                                      "--due", "20/03/2026"])
    assert result.exit_code == 0, result.output
    assert "6 brouillon(s) d'e-mail" in result.output
    assert "pas d'adresse e-mail pour Di Roy" in result.output.replace("\n", " ")
    ann = email.message_from_bytes((tmp_path / "out" / "chase" / "Ann_Lee.eml").read_bytes(),
                                   policy=email.policy.default)
    text = ann.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert ann["Subject"] == "[Portefeuille] Reporting du 13/03/2026 : 1 point(s) à régler"
    assert "Merci de les envoyer avant le 20/03/2026." in text
    assert "Risks!D4 : 'Probabilité' doit être entre 1 et 4 ; valeur écartée. (trouvé : 9)" \
        in text
    bad = CliRunner().invoke(app, ["chase", str(folder), "-o", str(tmp_path / "out"),
                                   "--due", "soon"])
    assert bad.exit_code == 2


def test_a_register_pmo_xl_cannot_use_says_why(tmp_path):
    (tmp_path / "register.csv").write_text("Name;Owner\nX;Y\n", encoding="utf-8")
    make_tracker(tmp_path / "t")
    p = pmo_xl.consolidate(tmp_path / "t", Settings(
        today=TODAY, workers=1, register=str(tmp_path / "register.csv")))
    assert by_rule(p, "REGISTER_UNREADABLE") == {
        ("REGISTER_UNREADABLE", "register.csv", "", "", "")}
    assert p.findings["message"].iloc[-1].startswith(
        "The register cannot be used (no 'Project code' column)")


def test_e_mail_addresses_are_checked_in_trackers_and_register(tmp_path):
    make_tracker(tmp_path / "t", manager_email="ann(at)example.org")
    (tmp_path / "r.csv").write_text("Project code;Manager e-mail\nP-001;ann@\n")
    p = pmo_xl.consolidate(tmp_path / "t", Settings(today=TODAY, workers=1,
                                                    register=str(tmp_path / "r.csv")))
    assert by_rule(p, "VALUE_NOT_EMAIL") == {
        ("VALUE_NOT_EMAIL", "tracker.xlsx", "Project", "B8", "ann(at)example.org"),
        ("VALUE_NOT_EMAIL", "r.csv", "", "B2", "ann@")}


def test_the_register_is_found_beside_its_settings_file(tmp_path):
    (tmp_path / "pmo_xl.toml").write_text('register = "lists/register.csv"\n')
    with pytest.raises(pmo_xl.SettingsError, match=r"register = .*must name an existing file"):
        pmo_xl.load_settings(tmp_path / "pmo_xl.toml")
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "register.csv").write_text("Project code\nP-1\n")
    settings = pmo_xl.load_settings(tmp_path / "pmo_xl.toml")
    assert Path(settings.register_file) == tmp_path / "lists" / "register.csv"
