"""A PMO's own tracker format, mapped in the settings: the same figures as the standard
template, findings in the house's words, mapping mistakes refused by key."""

import datetime as dt

import pandas as pd
import pytest
from typer.testing import CliRunner

import pmo_xl
from pmo_xl.cli import app
from pmo_xl.settings import SETTINGS_FILE, load_settings
from tests.builders import TODAY, base_project, base_tables, make_tracker
from tests.house import HOUSE_TOML, HOUSES, house_tracker

D = dt.date


def projects_data():
    """Two projects: P-001 (the hand-computed one) and P-002, amber, worse risks."""
    second = base_tables()
    second["risks"][1].update(probability=4, impact=3, status="Open")
    second["actions"][1]["status"] = "Done"
    return [(base_project(), base_tables()),
            (base_project(code="P-002", name="Data hub", status="Amber",
                          end_forecast=D(2026, 8, 31)), second)]


@pytest.fixture(scope="module", params=HOUSES, ids=lambda h: h.name)
def both(tmp_path_factory, request):
    house = request.param
    root = tmp_path_factory.mktemp(house.name)
    for card, tables in projects_data():
        make_tracker(root / "standard", f"{card['code']}.xlsx", project=card, tables=tables,
                     lang=house.lang)
        house_tracker(root / "house" / f"{card['code']} suivi.xlsx", card, tables, house)
    (root / "house" / SETTINGS_FILE).write_text(f"today = {TODAY}\n{house.toml}",
                                                encoding="utf-8")
    (root / "standard" / SETTINGS_FILE).write_text(f"today = {TODAY}\n", encoding="utf-8")
    run = {name: pmo_xl.consolidate(root / name, load_settings(root / name / SETTINGS_FILE)
                                    .replace(workers=1))
           for name in ("standard", "house")}
    return root, run


SOURCE = ["source_file", "source_row", "source_cell"]


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    drop = [c for c in SOURCE if c in a.columns]
    pd.testing.assert_frame_equal(a.drop(columns=drop).reset_index(drop=True),
                                  b.drop(columns=drop).reset_index(drop=True))


def test_the_house_format_gives_the_standard_figures(both):
    _, run = both
    std, house = run["standard"], run["house"]
    assert list(house.projects["project"]) == ["P-001", "P-002"]
    for table in ("workload", "rates", "milestones", "actions", "decisions"):
        same(getattr(std, table), getattr(house, table))
    # The template's Criticality column is a formula the house's register does not have.
    same(std.risks.drop(columns="criticality_given"),
         house.risks.drop(columns="criticality_given"))
    keep = [c for c in std.projects.columns if c not in SOURCE and c != "report_file"]
    same(std.projects[keep], house.projects[keep])
    # Hand-computed on P-001 (test_consolidate): EAC 8000 + 6 × 500 + 5 × 900 € ...
    p1 = house.projects.set_index("project").loc["P-001"]
    assert p1["eac_cost"] == 15500 and p1["status"] == "Green"
    # ... and the house's words became the contract's ("Très fort" × "Grave": 4 × 3).
    risks = house.risks.set_index(["project", "id"])
    assert risks.loc[("P-002", "R2"), ["probability", "impact", "status"]].tolist() == [
        4.0, 3.0, "Open"]
    assert house.projects.set_index("project").loc["P-002", "status"] == "Amber"
    assert std.errors.empty and house.errors.empty
    assert sorted(std.findings["rule"]) == sorted(house.findings["rule"])


def test_without_the_mapping_the_house_format_is_not_read(both):
    root, _ = both
    bare = pmo_xl.consolidate(root / "house", load_settings(root / "standard" / SETTINGS_FILE)
                              .replace(workers=1))
    assert bare.projects.empty
    assert set(bare.findings["rule"]) == {"SHEET_MISSING"}


def test_findings_speak_the_house_labels(tmp_path):
    card, tables = projects_data()[0]
    tables["workload"][1]["actual"] = "quatre"
    tables["risks"][0]["probability"] = "Énorme"
    house_tracker(tmp_path / "p.xlsx", card, tables)
    (tmp_path / SETTINGS_FILE).write_text(f"today = {TODAY}\nlanguage = 'fr'\n{HOUSE_TOML}",
                                          encoding="utf-8")
    p = pmo_xl.consolidate(tmp_path, load_settings(tmp_path / SETTINGS_FILE).replace(workers=1))
    found = {(f.rule, f.sheet, f.cell, f.message) for f in p.findings.itertuples()}
    assert found == {
        ("VALUE_NOT_NUMBER", "Plan de charge", "G5",
         "'Temps passé (j) [Consommé (j/h)]' n'est pas un nombre ; valeur écartée."),
        ("VALUE_NOT_NUMBER", "Registre des risques", "D4",
         "'Proba [Probabilité]' n'est pas un nombre ; valeur écartée."),
    }


@pytest.mark.parametrize(("mapping", "said"), [
    ('[aliases.workload]\nactul = ["Temps passé"]',
     "aliases.workload.actul: unknown key (known: workstream, task"),
    ('[aliases.workload]\nactual = ["Remaining"]',
     'aliases.workload.actual = "Remaining": already names workload.remaining'),
    ('[aliases.values.risks]\nprobability = { "Énorme" = 9 }',
     'aliases.values.risks.probability.Énorme = 9: must map to a number from 1 to 4'),
    ('[aliases.values.project]\nstatus = { "Bof" = "Purple" }',
     'aliases.values.project.status.Bof = "Purple": must map to one of: Green, Amber, Red'),
    ('[aliases.sheets]\nrisks = ["Actions"]',
     'aliases.sheets.risks = "Actions": already names sheets.actions'),
    ('[aliases.planning]\nx = ["y"]', "aliases.planning: unknown setting"),
])
def test_mapping_mistakes_are_refused_by_key(tmp_path, mapping, said):
    make_tracker(tmp_path)
    (tmp_path / SETTINGS_FILE).write_text(mapping + "\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["consolidate", str(tmp_path), "-o", str(tmp_path / "o")])
    assert done.exit_code == 6
    assert said in " ".join(done.output.split())


def test_a_new_mapping_reads_the_trackers_again(tmp_path):
    card, tables = projects_data()[0]
    house_tracker(tmp_path / "t" / "p.xlsx", card, tables)
    settings_file = tmp_path / "t" / SETTINGS_FILE
    settings_file.write_text(f"today = {TODAY}\n", encoding="utf-8")
    out = ["consolidate", str(tmp_path / "t"), "-o", str(tmp_path / "o"), "-q"]
    assert CliRunner().invoke(app, out).exit_code == 0
    projects = tmp_path / "o" / "data" / "projects.parquet"
    assert pd.read_parquet(projects).empty  # not read: the house's sheet names unknown
    settings_file.write_text(f"today = {TODAY}\n{HOUSE_TOML}", encoding="utf-8")
    assert CliRunner().invoke(app, out).exit_code == 0  # the cached result is not reused
    assert pd.read_parquet(projects)["project"].tolist() == ["P-001"]


def test_map_proposes_every_house_label_and_never_guesses_silently(tmp_path):
    import tomllib

    from tests.house import LABELS, SHEET_NAMES

    for card, tables in projects_data():
        house_tracker(tmp_path / "t" / f"{card['code']}.xlsx", card, tables)
    done = CliRunner().invoke(app, ["map", str(tmp_path / "t"), "-o", str(tmp_path / "p.toml")])
    assert done.exit_code == 0, done.output
    assert "P-001.xlsx: 31 label(s) read as the contract" in " ".join(done.output.split())
    draft = (tmp_path / "p.toml").read_text(encoding="utf-8")
    # Every house sheet name and label is in the draft: proposed, or commented to check.
    for house in [*SHEET_NAMES.values(),
                  *LABELS.values()]:
        if house == SHEET_NAMES["costs"]:
            continue  # no costs in these projects: no sheet written
        assert f'"{house}"' in draft, house
    aliases = tomllib.loads(draft)["aliases"]
    # What it is sure of is right (a label, a sheet, a word of a list and of a scale) ...
    assert aliases["workload"]["remaining"] == ["RAF (j)"]
    assert aliases["project"]["budget_cost"] == ["Enveloppe (€ HT)"]
    assert aliases["sheets"]["risks"] == ["Registre des risques"]
    assert aliases["values"]["project"]["status"] == {"OK": "Green", "Vigilance": "Amber"}
    assert aliases["values"]["risks"]["probability"]["Très fort"] == 4
    for table, labels in aliases.items():
        for key, given in labels.items() if table not in ("sheets", "values") else ():
            assert all(LABELS[(table, key)] == label for label in given), (table, key)
    # ... and what it is not sure of is commented out, with the alternatives.
    assert '# code = ["Réf. projet"]' in draft and "— or: manager, name" in draft
    assert "code" not in aliases["project"]
    # The draft loads as settings as written.
    (tmp_path / SETTINGS_FILE).write_text(draft, encoding="utf-8")
    assert load_settings(tmp_path / SETTINGS_FILE).aliases.workload["actual"] == (
        "Temps passé (j)",)


@pytest.mark.parametrize("house", HOUSES, ids=lambda h: h.name)
def test_map_is_right_when_sure_for_every_house(tmp_path, house):
    import tomllib

    for card, tables in projects_data():
        house_tracker(tmp_path / "t" / f"{card['code']}.xlsx", card, tables, house)
    done = CliRunner().invoke(app, ["map", str(tmp_path / "t"), "-o", str(tmp_path / "p.toml")])
    assert done.exit_code == 0, done.output
    draft = (tmp_path / "p.toml").read_text(encoding="utf-8")
    for key, name in house.sheets.items():
        assert key == "costs" or f'"{name}"' in draft, name
    for label in house.labels.values():
        assert f'"{label}"' in draft, label
    aliases = tomllib.loads(draft)["aliases"]
    for table, given in aliases.items():
        if table == "sheets":
            assert all(house.sheets[k] == v[0] for k, v in given.items())
        elif table == "values":
            for sheet, fields in given.items():
                for key, words in fields.items():
                    mine = {w: v for v, w in house.words[(sheet, key)].items()}
                    assert all(mine[w] == v for w, v in words.items()), (sheet, key)
        else:
            for key, labels in given.items():
                assert labels == [house.labels[(table, key)]], (table, key)
    (tmp_path / SETTINGS_FILE).write_text(draft, encoding="utf-8")
    load_settings(tmp_path / SETTINGS_FILE)  # loads as written


def test_new_tracker_in_the_house_format_reads_back_with_the_mapping(tmp_path):
    import openpyxl

    from tests.ooxml import ooxml_errors

    (tmp_path / SETTINGS_FILE).write_text(f"today = {TODAY}\n{HOUSE_TOML}", encoding="utf-8")
    path = tmp_path / "P-009.xlsx"
    done = CliRunner().invoke(app, ["new-tracker", "--code", "P-009", "--name", "Hub",
                                    "--lang", "fr", "--layout", "long", "--house", "-o",
                                    str(path)])
    assert done.exit_code == 0, done.output
    assert ooxml_errors(path) == []
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:3] == ["Fiche d'identité", "Plan de charge", "Grille tarifaire"]
    card = {r[0].value: r[1].value for r in wb["Fiche d'identité"].iter_rows(min_row=3)
            if r[0].value}
    assert card["Réf. projet"] == "P-009" and "Météo globale" in card
    heads = [c.value for c in wb["Plan de charge"][3]]
    assert {"Intervenant", "Temps passé (j)", "RAF (j)", "Mois"} <= set(heads)
    lists = [v.formula1 for v in wb["Fiche d'identité"].data_validations.dataValidation]
    assert any("OK" in (f or "") and "Vigilance" in (f or "") for f in lists)
    # Filled in the house's words, it consolidates with the mapping.
    ws = wb["Fiche d'identité"]
    for row in ws.iter_rows(min_row=3):
        label = row[0].value
        value = {"Météo globale": "Vigilance", "Date de situation": dt.datetime(2026, 3, 13)
                 }.get(label)
        if value is not None:
            row[1].value = value
    wb.save(path)
    p = pmo_xl.consolidate(tmp_path, load_settings(tmp_path / SETTINGS_FILE).replace(workers=1))
    assert p.projects.set_index("project").loc["P-009", "status"] == "Amber"
    assert p.errors.empty, p.errors[["rule", "message"]]
    (tmp_path / "elsewhere").mkdir()  # no settings there
    refused = CliRunner().invoke(app, ["new-tracker", "--code", "P-1", "--name", "X",
                                       "--house", "-o", str(tmp_path / "elsewhere" / "t.xlsx")])
    assert refused.exit_code == 2 and "--house needs an [aliases] mapping" in refused.output


def test_the_grid_form_reads_the_house_identifying_columns(tmp_path):
    """A workload with months across, its sheet and Resource column in the house's
    words: the same workload as the standard grid."""
    import openpyxl

    from pmo_xl.xlsx import write_tracker

    card, tables = projects_data()[0]
    write_tracker(tmp_path / "std" / "p.xlsx", card, tables, lang="fr", layout="grid")
    house = write_tracker(tmp_path / "house" / "p.xlsx", card, tables, lang="fr",
                          layout="grid")
    wb = openpyxl.load_workbook(house)
    ws = wb["Charges"]
    ws.title = "Plan de charge"
    header = next(r for r in ws.iter_rows(max_row=10) if r[2].value == "Ressource")
    header[2].value = "Intervenant"
    wb.save(house)
    (tmp_path / "house" / SETTINGS_FILE).write_text(
        f'today = {TODAY}\n[aliases.sheets]\nworkload = ["Plan de charge"]\n'
        '[aliases.workload]\nresource = ["Intervenant"]\n', encoding="utf-8")
    (tmp_path / "std" / SETTINGS_FILE).write_text(f"today = {TODAY}\n", encoding="utf-8")
    got = {name: pmo_xl.consolidate(tmp_path / name, load_settings(
        tmp_path / name / SETTINGS_FILE).replace(workers=1)) for name in ("std", "house")}
    # One row per filled month cell: Ann Feb planned, actual; Mar planned, actual,
    # remaining; Bob Apr planned, remaining.
    assert len(got["house"].workload) == 7
    same(got["std"].workload.drop(columns="source_file"),
         got["house"].workload.drop(columns="source_file"))
    assert sorted(got["house"].workload["resource"].unique()) == ["Ann", "Bob"]
