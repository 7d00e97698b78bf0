"""The registry of figures is the one home of every label, format and meaning."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import pmo_xl
from pmo_xl.figures import VIEWS, figure
from pmo_xl.figures.registry import derived
from pmo_xl.schema.contract import SHEETS
from pmo_xl.schema.model import Kind
from pmo_xl.settings import Settings
from tests.builders import TODAY, make_tracker

PKG = Path(pmo_xl.__file__).parent


def string_constants() -> dict[str, Counter]:
    """Every string literal of the package's code, per module (docstrings and ``__all__``
    names left out)."""
    found: dict[str, Counter] = {}
    for path in PKG.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef))
                and n.body and isinstance(n.body[0], ast.Expr)
                and isinstance(n.body[0].value, ast.Constant)}
        skip |= {id(c) for n in ast.walk(tree) if isinstance(n, ast.Assign)
                 and any(getattr(t, "id", "") == "__all__" for t in n.targets)
                 for c in ast.walk(n.value)}
        found[str(path.relative_to(PKG))] = Counter(
            node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
            and isinstance(node.value, str) and id(node) not in skip)
    return found


def test_each_derived_figure_label_is_written_once_in_the_code():
    """Labels live in the registry, one entry each (or in the contract, for a figure named
    as the tracker's column it sums); every other module asks the registry."""
    modules = string_constants()
    home = modules.pop("figures/registry.py")
    contract = {text for s in SHEETS for text in (s.en, s.fr, *(x for f in s.fields
                                                                for x in (f.en, f.fr)))}
    entries = Counter(text for f in derived()
                      for text in {f.en, f.fr, f.short_en, f.short_fr} - contract if text)
    labels = set(entries)
    elsewhere = {(name, text) for name, counts in modules.items() for text in labels
                 if counts[text]}
    assert elsewhere == set()
    assert {text for text, n in entries.items() if n > 1} == set()  # one entry each
    assert all(home[text] for text in labels)


def test_every_view_shows_registered_figures():
    for name, view in VIEWS.items():
        for key in view.columns:
            fig = figure(view.table, key)
            assert fig.en != fig.key or fig.key in ("project",), (name, key)
            assert fig.fr and fig.en, (name, key)


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    folder = tmp_path_factory.mktemp("registry")
    make_tracker(folder)
    return pmo_xl.consolidate(folder, Settings(today=TODAY, workers=1))


def test_every_column_of_the_portfolio_is_registered(portfolio):
    """A new figure cannot reach an output unnamed: every column has its entry."""
    for table, df in portfolio.tables().items():
        for column in df.columns:
            fig = figure(table, column)
            assert fig.label("en") != column or column in ("id",), (table, column)
            assert fig.meaning("en") and fig.meaning("fr"), (table, column)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_labels_are_unique_within_each_table_and_view(portfolio, lang):
    """Excel Tables, CSV headers and slide tables need one name per column."""
    tables = {t: list(df.columns) for t, df in portfolio.tables().items()}
    tables |= {f"view {n}": list(v.columns) for n, v in VIEWS.items()}
    for name, columns in tables.items():
        table = name.split()[-1] if name.startswith("view") else name
        table = VIEWS[table].table if name.startswith("view") else table
        labels = Counter(figure(table, c).label(lang) for c in columns)
        assert [lab for lab, n in labels.items() if n > 1] == [], name


def test_kinds_decide_excel_formats_and_text():
    variance, slip = figure("projects", "variance_pct"), figure("projects", "max_slip_days")
    assert (variance.kind, variance.excel_format) == (Kind.PERCENT, "0%")
    assert variance.text(0.244, "en") == "+24%" and variance.text(0.244, "fr") == "+24\u202f%"
    assert slip.text(20.0, "en", unit=True) == "20\u00a0d"
    assert slip.text(20.0, "fr", unit=True) == "20\u00a0j"
    eac = figure("projects", "eac_days")
    assert (eac.text(1234.5, "en"), eac.text(1234.5, "fr")) == ("1,234", "1\u202f234")
    assert (eac.text(12.5, "en"), eac.text(12.5, "fr")) == ("12.5", "12,5")
    cpi = figure("projects", "cpi")
    assert (cpi.text(0.9512, "en"), cpi.text(0.9512, "fr")) == ("0.95", "0,95")
    assert figure("projects", "stale").text(True, "fr") == "Oui"
    assert figure("projects", "computed_status").text("Amber", "fr") == "Orange"
    assert figure("projects", "next_milestone_date").text(pd.Timestamp("2026-06-05"),
                                                          "en") == "05/06/2026"
    assert figure("projects", "eac_days").text(float("nan"), "en") == "—"


def test_figures_reference_is_generated_from_the_registry():
    from pmo_xl.figures.docs import figures_markdown

    committed = (PKG.parent / "docs" / "figures.md").read_text(encoding="utf-8")
    assert committed == figures_markdown(), "run `pmo-xl docs`"


def test_rows_of_gives_what_to_dict_gives():
    """The deck's records, built column by column: same values and types as pandas'
    ``to_dict("records")`` for text, dates, numbers, flags and gaps."""
    from pmo_xl.figures import rows_of

    df = pd.DataFrame({
        "project": pd.array(["P-1", None, "P-2"], dtype="string[pyarrow]"),
        "due": pd.to_datetime(["2026-01-05", None, "2026-02-01"]),
        "days": [1.5, float("nan"), 3.0],
        "count": [1, 2, 3],
        "late": [True, False, True],
        "reasons": [("a",), (), None],
        "text": pd.Series(["x", None, "y"], dtype="str"),
        "whole": pd.array([1, None, 3], dtype="Int64"),
        "maybe": pd.array([True, None, False], dtype="boolean"),
    })
    got, want = rows_of(df), df.to_dict("records")
    assert len(got) == 3 and got[0] == want[0] and got[2] == want[2]
    assert got[0]["due"] == pd.Timestamp("2026-01-05") and got[0]["days"] == 1.5
    assert type(got[0]["count"]) is int and type(got[0]["late"]) is bool
    assert got[1]["project"] is None and got[1]["whole"] is None and got[1]["maybe"] is None
    assert pd.isna(got[1]["due"]) and pd.isna(got[1]["days"])
    assert [type(v) for v in got[1].values()] == [type(v) for v in want[1].values()]
    assert rows_of(df[[]]) == [{}, {}, {}]
