"""Text is rendered by the output that shows it: a French deck, master and CSV made from
an English consolidation (and the reverse) hold no word of the other language coming
from the engine.

The engine's vocabulary in each language is gathered from everywhere it keeps words
(the registry of figures, the contract, the rules, the outputs' own texts); the words of
one language that the other never uses must not appear in an output of the other, once
the text that comes from the trackers themselves is set aside.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import pmo_xl
from pmo_xl.cli.run import _SUMMARY as CLI_SUMMARY
from pmo_xl.deck import write_deck
from pmo_xl.deck.slides import TEXT as DECK_TEXT
from pmo_xl.exports import write_tables
from pmo_xl.figures.messages import TEXTS as MESSAGE_TEXTS
from pmo_xl.figures.registry import SHEET_TITLES, TERMS, derived
from pmo_xl.history import SnapshotStore, week_over_week
from pmo_xl.history.mta import store_mta
from pmo_xl.schema.contract import ALL_CHOICES, SHEETS, SHEETS_BY_KEY
from pmo_xl.schema.rules import CONSEQUENCES, REASONS, RULES, SEVERITY
from pmo_xl.settings import Settings
from pmo_xl.xlsx import write_master
from pmo_xl.xlsx.dashboard import _SCURVE_DATA, _SUMMARY
from pmo_xl.xlsx.master import _ABOUT, LEVELS
from tests.builders import TODAY, D, base_project, base_tables, make_tracker
from tests.ooxml import ooxml_errors
from tests.test_history import W1, W2, week_two_tables

WORD = re.compile(r"[^\W\d_][\w.'’-]*")  # identifiers (rule codes, keys) stay one token


def words(text: str) -> set[str]:
    return {w.lower().strip(".'’-") for w in WORD.findall(text) if len(w) >= 3}


def engine_words(lang: str) -> set[str]:
    """Every word the engine can put in an output in ``lang``."""
    i = 1 if lang == "fr" else 0
    texts: list[str] = []
    for f in derived():
        texts += [(f.en, f.fr)[i], f.short(lang)]
    for s in SHEETS:
        texts.append((s.en, s.fr)[i])
        texts += [(f.en, f.fr)[i] for f in s.fields]
    for choices in (*ALL_CHOICES, SEVERITY):
        texts += choices.labels(lang)
    texts += [(r.en, r.fr)[i] for r in RULES.values()]
    texts += [pair[i] for table in (CONSEQUENCES, REASONS, TERMS, SHEET_TITLES, MESSAGE_TEXTS)
              for pair in table.values()]
    texts += [*DECK_TEXT[lang].values(), *_ABOUT[lang].values(), *LEVELS[lang],
              *_SUMMARY[lang], _SCURVE_DATA[i], CLI_SUMMARY[i]]
    return set().union(*(words(re.sub(r"\{[^}]*\}", " ", t)) for t in texts))


def only_in(lang: str) -> set[str]:
    other = "en" if lang == "fr" else "fr"
    return engine_words(lang) - engine_words(other)


def tracker_words(card: dict, *tables: dict) -> set[str]:
    """Words typed in the trackers' free text (titles, names, comments): outputs carry them
    as typed. Words of enumerations are not free text: outputs translate them."""
    rows = [("project", card)] + [(key, r) for t in tables for key, rs in t.items() for r in rs]
    out = {"p1.xlsx", "p2.xlsx"}
    for key, row in rows:
        for field, value in row.items():
            if isinstance(value, str) and SHEETS_BY_KEY[key].field(field).choices is None:
                out |= words(value)
    return out


def build(root: Path, lang: str):
    """A portfolio with findings of many rules, and a history of two reporting dates."""
    tables = week_two_tables()
    tables["milestones"][0]["actual_date"] = None  # done without a date
    tables["milestones"].append({"id": "M3", "milestone": "Cutover", "baseline_date":
                                 D(2026, 5, 1), "actual_date": D(2026, 3, 2),
                                 "status": "At risk"})  # an actual date, not done
    tables["risks"][1]["criticality_given"] = 5  # 3 × 2 is 6
    tables["workload"].append({"resource": "Zed", "role": "Ops", "month": D(2026, 5, 1),
                               "actual": 3})  # actual in the future, no rate for Ops
    tables["actions"][0]["risk_id"] = "R9"
    history = SnapshotStore(f"sqlite:///{root / 'h.sqlite'}")
    for when, t in ((W1, base_tables()), (W2, tables)):
        folder = root / str(when)
        make_tracker(folder, "p1.xlsx", tables=t, as_of=when, lang=lang)
        make_tracker(folder, "p2.xlsx", tables=t, lang=lang, project=base_project(
            code="P-002", name="Data hub", as_of=when, end_forecast=D(2025, 1, 1),
            budget_days="lots", status="Purple"))
        (folder / "junk.xlsx").write_text("not a workbook")
        p = pmo_xl.consolidate(folder, Settings(today=TODAY, workers=1, language=lang))
        history.save(p)
    changes = week_over_week(history.load(W1).tables(), p.tables())
    return p, store_mta(history), changes, tracker_words(base_project(name="Data hub"),
                                                          base_tables(), tables)


def master_text(path: Path) -> set[str]:
    """Words of every cell and chart of a workbook, but for the Data quality sheet's
    columns that repeat the tracker (its sheet names, the values found)."""
    wb = openpyxl.load_workbook(path)
    found: set[str] = set(wb.sheetnames)
    quality = wb.worksheets[-2]  # Data quality, before About
    skip = {c.column for c in quality[1] if c.value in ("Sheet", "Onglet", "Value found",
                                                         "Valeur trouvée", "Open", "Ouvrir")}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and not (ws is quality and c.column in skip):
                    found.add(c.value)
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/charts/"):
                found |= set(re.findall(r"<(?:a:t|c:v)>([^<]*)<", z.read(name).decode()))
            if name.startswith("xl/worksheets/sheet"):  # words in conditional formats
                found |= set(re.findall(r"&quot;([^&]*)&quot;", z.read(name).decode()))
    return set().union(*(words(t) for t in found))


def deck_text(path: Path) -> set[str]:
    found: set[str] = set()
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith(("ppt/slides/slide", "ppt/charts/chart")):
                found |= set(re.findall(r"<(?:a:t|c:v)>([^<]*)<", z.read(name).decode()))
    return set().union(*(words(t) for t in found))


def csv_text(folder: Path) -> set[str]:
    found: set[str] = set()
    for csv in folder.glob("*.csv"):
        df = pd.read_csv(csv, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        found |= set(df.columns)
        keep = [c for c in df.columns if c not in ("Sheet", "Onglet", "Value found",
                                                   "Valeur trouvée", "Source file",
                                                   "Fichier source", "File", "Fichier")]
        for col in keep:
            found |= set(df[col])
    return set().union(*(words(t) for t in found))


@pytest.mark.parametrize(("made_in", "shown_in"), [("en", "fr"), ("fr", "en")])
def test_outputs_hold_no_word_of_the_consolidation_language(tmp_path, made_in, shown_in):
    portfolio, mta, changes, typed = build(tmp_path, made_in)
    assert {"VALUE_NOT_IN_LIST", "VALUE_NOT_NUMBER", "FILE_UNREADABLE", "END_BEFORE_START",
            "MILESTONE_DONE_NO_DATE", "MILESTONE_DATE_NOT_DONE", "CRITICALITY_MISMATCH",
            "ACTUAL_IN_FUTURE", "RATE_MISSING", "RISK_ID_UNKNOWN", "DUPLICATE_PROJECT"
            } - {"DUPLICATE_PROJECT"} <= set(portfolio.findings["rule"])
    assert portfolio.projects["status_reasons"].str.len().gt(0).all()
    foreign = only_in(made_in) - typed
    assert {"planned", "risks", "overdue", "left"} & foreign or {"prévu", "risques"} & foreign
    master = write_master(portfolio, tmp_path / "m.xlsx", lang=shown_in, mta=mta,
                          changes=changes)
    deck = write_deck(portfolio, tmp_path / "d.pptx", lang=shown_in, mta=mta, changes=changes)
    write_tables(portfolio, tmp_path / "data", lang=shown_in)
    leaks = {"master": master_text(master) & foreign, "deck": deck_text(deck) & foreign,
             "csv": csv_text(tmp_path / "data") & foreign}
    assert leaks == {"master": set(), "deck": set(), "csv": set()}
    # and the outputs do speak their own language, in files Office opens
    own = only_in(shown_in)
    assert len(master_text(master) & own) > 50 and len(deck_text(deck) & own) > 30
    assert ooxml_errors(master) == [] and ooxml_errors(deck) == []
