"""The chase list: one row per project manager to chase, beside the e-mail drafts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from pmo_xl.atomic import atomic_path
from pmo_xl.chase import Chase, write_chase
from pmo_xl.figures import view
from pmo_xl.model import Portfolio
from pmo_xl.schema import text
from pmo_xl.xlsx.book import new_workbook
from pmo_xl.xlsx.tables import Styles, write_table

CHASE_LIST = "chase_list.xlsx"
SHEET = ("Chase", "Relances")


def chase_managers(portfolio: Portfolio, folder: str | Path, lang: str | None = None,
                   due: dt.date | None = None) -> Chase:
    """The whole chase: a draft per manager concerned and the list beside them."""
    lang = lang or portfolio.language
    chase = write_chase(portfolio, folder, lang, due)
    write_chase_list(chase, lang)
    return chase


def write_chase_list(chase: Chase, lang: str) -> Path:
    """``chase_list.xlsx`` in the chase folder: who, which projects, how much to fix."""
    rows = pd.DataFrame([{
        "manager": d.manager, "manager_email": d.email,
        "projects": ", ".join(p.code for p in d.parts), **d.counts, "draft": d.file,
    } for d in chase.drafts], columns=list(view("chase_list").columns))
    path = chase.folder / CHASE_LIST
    with atomic_path(path) as tmp:
        wb = new_workbook(tmp, title=text.pick(SHEET, lang))
        write_table(wb, wb.add_worksheet(text.pick(SHEET, lang)), Styles(wb), rows,
                    table="chase", name="tblChase", lang=lang)
        wb.close()
    return path
