"""PMO_* worksheet functions for Excel, through xlwings (free part only).

In Excel: xlwings add-in › UDF Modules: ``pmo_udfs`` (this folder on the PYTHONPATH),
then Import Functions. They answer from the last consolidation saved next to the
calling workbook (``data/``), or from the folder named by $PMO_XL_DATA.

Each function is a thin wrapper: the answers come from ``pmo_xl.excel.udf``, which is
tested without Excel. ``caller`` is filled by xlwings with the calling cell.
"""

from __future__ import annotations

from typing import Any

import xlwings as xw

from pmo_xl.excel import udf
from pmo_xl.excel.store import Loaded, NoConsolidation, data_folder, load
from pmo_xl.exceptions import PmoXlError


def _data(caller: Any) -> Loaded:
    book = None
    try:
        book = caller.sheet.book.fullname if caller is not None else None
    except Exception:
        book = None
    return load(data_folder(book))


def _answer(caller: Any, question, *args: Any) -> Any:
    try:
        data = _data(caller)
    except NoConsolidation as exc:
        return f"#PMO: {exc}"
    except PmoXlError as exc:  # e.g. the consolidation's settings file has since broken
        return f"#PMO: {exc.message()}"
    return question(data, *args)


@xw.func
def PMO_PORTFOLIO(caller=None):
    """The portfolio's project table (spills as a dynamic array)."""
    return _answer(caller, udf.portfolio)


@xw.func
def PMO_KPI(code, kpi, as_of=None, caller=None):
    """One figure of one project: =PMO_KPI("P-001"; "eac_days"; [reporting date])."""
    return _answer(caller, udf.kpi, code, kpi, as_of)


@xw.func
def PMO_TREND(code, kpi, n=None, caller=None):
    """A figure at the last n reporting dates (from the history)."""
    return _answer(caller, udf.trend, code, kpi, n)


@xw.func
def PMO_RISKS(code, min_criticality=None, caller=None):
    """A project's risks ("*" for all) at or above a criticality."""
    return _answer(caller, udf.risks, code, min_criticality)


@xw.func
def PMO_MILESTONES(code, caller=None):
    """A project's milestones with baseline, forecast and slip."""
    return _answer(caller, udf.milestones, code)


@xw.func
def PMO_FINDINGS(code=None, caller=None):
    """Data-quality findings of a project (all when blank)."""
    return _answer(caller, udf.findings, code)


@xw.func
def PMO_SLIP(baseline, date, caller=None):
    """Working days from the baseline date to a date (negative when early), less the
    portfolio's holidays when a consolidation is next to the workbook."""
    try:
        settings = _data(caller).portfolio.settings
    except (NoConsolidation, PmoXlError):
        settings = None
    return udf.slip(baseline, date, settings)


@xw.func
def PMO_CRITICALITY(probability, impact):
    """Probability × impact."""
    return udf.criticality(probability, impact)


@xw.func
def PMO_EAC(consumed, remaining):
    """Estimate at completion: consumed + remaining."""
    return udf.eac(consumed, remaining)
