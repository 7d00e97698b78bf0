"""The register of expected projects, typed like a tracker's table: its findings name the
register's own cells (a code twice, an e-mail that is not one)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pmo_xl.findings import Finding, cell_ref, make_finding
from pmo_xl.reader.package import PackageRejected
from pmo_xl.reader.register import read_register
from pmo_xl.schema.contract import REGISTER
from pmo_xl.settings import Settings
from pmo_xl.validate.batch import table_batch
from pmo_xl.validate.checker import Findings, type_batch

REGISTER_COLUMNS = ["code", "name", "manager", "manager_email", "sheet", "cell", "source_row"]


def validate_register(path: str | Path, settings: Settings
                      ) -> tuple[pd.DataFrame | None, list[Finding]]:
    """One row per registered project (first row of a code twice): code, name, manager,
    manager e-mail, and the register's sheet and cell of its code; None when the
    register cannot be used (a ``REGISTER_UNREADABLE`` finding says why)."""
    file = str(path)
    try:
        table = read_register(path, settings.limits)
    except PackageRejected as exc:
        reason = {"key": exc.reason, **exc.params} if exc.reason else {}
        return None, [make_finding("REGISTER_UNREADABLE", file=file, reason=reason)]
    out = Findings(settings)
    batch = table_batch(REGISTER, [(file, table)])
    typed, row_ok = type_batch(batch, out)
    code_col = table.columns["code"]
    typed = typed.assign(sheet=table.sheet_name, source_row=batch.rows["code"] + 1,
                         cell=[cell_ref(int(r), code_col) for r in batch.rows["code"]])
    typed = typed[row_ok].reset_index(drop=True)
    key = typed["code"].astype(str).str.strip().str.upper()
    for i in typed.index[key.duplicated()]:
        out.add("DUPLICATE_ID", file, table.sheet_name, typed.at[i, "cell"], typed.at[i, "code"])
    return typed[~key.duplicated()].reindex(columns=REGISTER_COLUMNS).reset_index(
        drop=True), out.items
