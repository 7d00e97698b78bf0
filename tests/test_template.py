"""The tracker template: generated from the schema, committed, valid, and readable."""

import zipfile

import openpyxl
import pytest

import pmo_xl
from pmo_xl.schema.contract import PROJECT, SHEETS, TABLE_SHEETS
from pmo_xl.xlsx import write_tracker
from pmo_xl.xlsx.tracker_template import table_name
from tests.builders import finding_set, make_tracker
from tests.ooxml import ROOT, ooxml_errors


def parts(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


TEMPLATES = {"grid": "tracker_template", "long": "tracker_template_long"}


@pytest.mark.parametrize("layout", ["grid", "long"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_committed_template_matches_the_generator(tmp_path, lang, layout):
    fresh = write_tracker(tmp_path / "t.xlsx", lang=lang, deterministic=True, layout=layout)
    committed = ROOT / "workbooks" / f"{TEMPLATES[layout]}_{lang}.xlsx"
    assert parts(fresh) == parts(committed), "run `pmo-xl templates -o workbooks`"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_template_structure(tmp_path, lang):
    path = write_tracker(tmp_path / "t.xlsx", lang=lang)
    wb = openpyxl.load_workbook(path)
    instructions = "Instructions" if lang == "en" else "Mode d'emploi"
    assert wb.sheetnames == [s.label(lang) for s in SHEETS] + [instructions]
    card = wb[PROJECT.label(lang)]
    assert [card.cell(4 + i, 1).value for i in range(len(PROJECT.fields))] == [
        f.label(lang) for f in PROJECT.fields]
    assert card.freeze_panes == "A4"
    for sheet in TABLE_SHEETS:
        ws = wb[sheet.label(lang)]
        (name,) = ws.tables.keys()
        table = ws.tables[name]
        assert name == table_name(sheet) and table.ref.startswith("A3:")
        assert [c.value for c in ws[3]][: len(sheet.fields)] == [f.label(lang) for f in
                                                                 sheet.fields]
        assert ws.freeze_panes == "A4"
    risks = wb["Risks" if lang == "en" else "Risques"]
    lists = {str(dv.sqref): dv.formula1 for dv in risks.data_validations.dataValidation
             if dv.type == "list"}
    status = '"Open,Mitigating,Closed,Occurred"' if lang == "en" else \
        '"Ouvert,En traitement,Clos,Survenu"'
    assert lists["I4:I5003"] == status
    probability = next(dv for dv in risks.data_validations.dataValidation
                       if str(dv.sqref) == "D4:D5003")
    assert (probability.type, probability.formula1, probability.formula2) == ("whole", "1", "4")
    assert risks.column_dimensions["H"].number_format == "dd/mm/yyyy"  # due date column
    phase = next(dv for dv in card.data_validations.dataValidation
                 if str(dv.sqref) == "B11")
    assert phase.type == "list" and ("Réalisation" if lang == "fr" else "Build") in phase.formula1
    assert wb[instructions]["A1"].value.startswith("Project tracker" if lang == "en"
                                                   else "Suivi de projet")


def test_blank_template_reads_as_a_tracker_to_fill(tmp_path, settings):
    write_tracker(tmp_path / "t.xlsx", lang="fr")
    p = pmo_xl.consolidate(tmp_path, settings)
    # Nothing filled yet: the code, name and reporting date are asked for, nothing else.
    assert finding_set(p) == {("VALUE_REQUIRED", "Projet", "B4"),
                              ("VALUE_REQUIRED", "Projet", "B5"),
                              ("VALUE_REQUIRED", "Projet", "B17"),
                              ("PROJECT_UNUSABLE", "Projet", "")}


def test_formula_like_text_is_written_as_text(tmp_path, settings):
    nasty = ["=HYPERLINK(\"http://x\",\"y\")", "=cmd|' /C calc'!A0", "+SUM(1,1)", "@SUM(1,1)",
             "-2+3"]
    tables = {"risks": [{"id": f"R{i}", "risk": t, "probability": 1, "impact": 1,
                         "status": "Open"} for i, t in enumerate(nasty)]}
    path = make_tracker(tmp_path, tables=tables, name="nasty.xlsx", project={
        "code": "P-1", "name": nasty[1], "as_of": "2026-03-13"})
    wb = openpyxl.load_workbook(path)
    cells = [wb["Risks"].cell(4 + i, 2) for i in range(len(nasty))]
    assert [c.value for c in cells] == nasty and {c.data_type for c in cells} == {"s"}
    assert wb["Project"]["B5"].data_type == "s"
    with zipfile.ZipFile(path) as z:  # the template's own formulas only (checks, counts)
        formulas = b"".join(part.split(b"</f>")[0] for n in z.namelist()
                            if n.startswith("xl/work") for part in z.read(n).split(b"<f>")[1:])
    assert not any(word in formulas for word in (b"HYPERLINK", b"cmd", b"SUM(1", b"2+3"))
    assert pmo_xl.consolidate(tmp_path, settings).risks["risk"].tolist() == nasty


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_open_xml_sdk_validator_accepts_trackers(tmp_path, lang):
    for stem in TEMPLATES.values():
        assert ooxml_errors(ROOT / "workbooks" / f"{stem}_{lang}.xlsx") == []
    assert ooxml_errors(make_tracker(tmp_path, lang=lang)) == []
