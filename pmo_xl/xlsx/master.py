"""The master workbook: what the PMO opens every Monday.

Dashboard, the consolidated tables (typed, filterable, highlighted), the
cross-project resource load, every data-quality finding with a link to its cell,
and an About sheet that says what was read, left out and assumed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pmo_xl._version import __version__
from pmo_xl.atomic import atomic_path
from pmo_xl.figures import figure, sheet_title, shown, term, view
from pmo_xl.findings import findings_in
from pmo_xl.history.wow import DRIFT_WORSE, portfolio_change
from pmo_xl.kpis.portfolio import monthly_workload, resource_load
from pmo_xl.links import finding_link
from pmo_xl.model import Portfolio
from pmo_xl.schema import text
from pmo_xl.schema.model import Kind
from pmo_xl.schema.rules import SEVERITY, Severity
from pmo_xl.xlsx.book import new_workbook, write_value
from pmo_xl.xlsx.dashboard import Sources, write_dashboard
from pmo_xl.xlsx.mta import write_mta
from pmo_xl.xlsx.priorities import write_priorities
from pmo_xl.xlsx.tables import Styles, WrittenTable, write_table

DETAIL_TABLES = ("projects", "workload", "milestones", "risks", "actions", "decisions")
TABLE_NAMES = {"projects": "tblProjects", "workload": "tblWorkload",
               "milestones": "tblMilestones", "risks": "tblRisks", "actions": "tblActions",
               "decisions": "tblDecisions", "findings": "tblFindings"}


def master_filename(portfolio: Portfolio) -> str:
    """``<name>_<reporting date>.xlsx``: weekly runs archive themselves."""
    when = portfolio.reporting_date or portfolio.run_at.date()
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in
                   portfolio.name()).strip("_") or "Portfolio"
    return f"{stem}_{when.isoformat()}.xlsx"


def write_master(portfolio: Portfolio, path: str | Path, lang: str | None = None,
                 mta: pd.DataFrame | None = None, changes: pd.DataFrame | None = None
                 ) -> Path:
    """Write the master workbook atomically; big workload detail spills to Parquet beside it.

    ``mta`` (from the history, see ``pmo_xl.history.mta``) adds the Milestone trends sheet,
    ``changes`` (``pmo_xl.history.week_over_week``) the Since-last-report sheet.
    """
    path = Path(path)
    lang = lang or portfolio.language
    workload = portfolio.workload
    spilled: Path | None = None
    limit = portfolio.settings.master_max_rows
    if len(workload) > limit:
        spilled = path.with_name(path.stem + "_workload.parquet")
        with atomic_path(spilled) as tmp:
            workload.to_parquet(tmp, index=False)
    with atomic_path(path) as tmp:
        wb = new_workbook(tmp, title=sheet_title("dashboard", lang))
        styles = Styles(wb)
        keys = ["dashboard", "projects", "workload", "milestones", "risks", "actions",
                "decisions", "resources", "priorities", "quality", "about"]
        if mta is not None and len(mta):
            keys.insert(4, "mta")
        if changes is not None and len(changes):
            keys.insert(1, "changes")
        sheets = {key: wb.add_worksheet(sheet_title(key, lang)) for key in keys}
        aggregate = (monthly_workload(workload, portfolio.settings.master_max_rows)
                     if spilled is not None else None)
        written = _detail_sheets(wb, sheets, styles, portfolio, lang, aggregate)
        write_dashboard(wb, sheets["dashboard"], styles, portfolio,
                        Sources(written["workload"], written["risks"], written["actions"],
                                written["decisions"]), lang, changes)
        _resource_sheet(sheets["resources"], styles, portfolio, lang)
        write_priorities(wb, sheets["priorities"], styles, portfolio, lang)
        if "mta" in sheets:
            write_mta(wb, sheets["mta"], styles, mta, lang)
        if "changes" in sheets:
            _changes_sheet(wb, sheets["changes"], styles, changes, lang)
        _quality_sheet(wb, sheets["quality"], styles, portfolio, path, lang)
        _about_sheet(sheets["about"], styles, portfolio, lang, spilled, aggregate)
        sheets["dashboard"].activate()
        wb.close()
    return path


def detail_rows(portfolio: Portfolio, key: str, lang: str,
                aggregate: pd.DataFrame | None = None) -> pd.DataFrame:
    """A detail table of the master (Projects, Workload…) as shown in ``lang``; the
    ribbon refreshes an open master with the same rows."""
    if key == "workload" and aggregate is not None:
        return shown(aggregate, view("workload_monthly"), lang)
    rows = getattr(portfolio, key)
    if key == "projects" and len(portfolio.missing):  # expected, not received: kept, marked
        columns = view(key).columns
        rows = pd.concat([rows.reindex(columns=columns),
                          portfolio.missing.reindex(columns=columns)], ignore_index=True)
    return shown(rows, view(key), lang)


def _detail_sheets(wb: Workbook, sheets: dict[str, Worksheet], styles: Styles,
                   portfolio: Portfolio, lang: str, aggregate: pd.DataFrame | None
                   ) -> dict[str, WrittenTable]:
    written = {}
    for key in DETAIL_TABLES:
        written[key] = write_table(wb, sheets[key], styles,
                                   detail_rows(portfolio, key, lang, aggregate), table=key,
                                   name=TABLE_NAMES[key], lang=lang, alone=True)
    ms = written["milestones"]  # slips stand out (statuses and flags by their tones)
    c = ms.columns["slip_days"]
    sheets["milestones"].conditional_format(ms.first_row + 1, c, ms.last_row, c, {
        "type": "cell", "criteria": ">", "value": 0, "format": styles.red})
    return written


def _resource_sheet(ws: Worksheet, styles: Styles, portfolio: Portfolio, lang: str) -> None:
    load = resource_load(portfolio.workload)
    capacity = portfolio.settings.capacity_days_per_month
    note = {"en": f"Days per resource and month across all projects (actual + remaining); "
                  f"over {capacity:g} days highlighted.",
            "fr": f"Jours par ressource et par mois, tous projets confondus (consommé + reste "
                  f"à faire) ; au-delà de {capacity:g} jours en rouge."}[lang]
    ws.write_string(0, 0, sheet_title("resources", lang), styles.title)
    ws.write_string(1, 0, note, styles.subtitle)
    head = 3
    ws.write_string(head, 0, figure("workload", "resource").label(lang), styles.head)
    months = list(load.columns)
    for j, month in enumerate(months):
        ws.write_datetime(head, 1 + j, month.to_pydatetime(), styles.head_month)
    total_col = 1 + len(months)
    total = figure("resources", "total")
    ws.write_string(head, total_col, total.label(lang), styles.head)
    for i, (resource, row) in enumerate(load.iterrows()):
        r = head + 1 + i
        ws.write_string(r, 0, str(resource), styles.text)
        for j, value in enumerate(row.to_numpy()):
            ws.write_number(r, 1 + j, float(value), styles.of(total))
        if months:
            ws.write_formula(r, total_col, f"=SUM({_a1(r, 1)}:{_a1(r, total_col - 1)})",
                             styles.total[total.kind], float(row.sum()))
    last = head + max(len(load), 1)
    if months:
        ws.conditional_format(head + 1, 1, last, total_col - 1, {
            "type": "cell", "criteria": ">", "value": capacity, "format": styles.red})
    ws.set_column(0, 0, 24)
    ws.set_column(1, max(total_col, 1), 9, styles.of(total))
    ws.freeze_panes(head + 1, 1)


def _a1(row: int, col: int) -> str:
    from xlsxwriter.utility import xl_rowcol_to_cell

    return xl_rowcol_to_cell(row, col)


def _link_target(finding_file: str, sheet: str, cell: str, master: Path) -> str:
    """XlsxWriter's form of a finding's link: ``external:file#location``."""
    path, location = finding_link(finding_file, sheet, cell, master)
    return "external:" + path + (f"#{location}" if location else "")


def sorted_findings(portfolio: Portfolio) -> pd.DataFrame:
    """The findings as the Data quality sheet lists them: by project, errors first."""
    f = portfolio.findings
    return f.assign(_o=f["severity"].map(SEVERITY.rank)).sort_values(
        ["project", "_o", "file", "sheet"], kind="stable").drop(columns="_o")


def findings_rows(findings: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The Data quality table as shown in ``lang`` (file names without their folder)."""
    return shown(findings.assign(link=""), view("findings"), lang).reset_index(drop=True)


def _quality_sheet(wb: Workbook, ws: Worksheet, styles: Styles, portfolio: Portfolio,
                   master: Path, lang: str) -> None:
    f = sorted_findings(portfolio)
    t = write_table(wb, ws, styles, findings_rows(f, lang), table="findings",
                    name=TABLE_NAMES["findings"], lang=lang, first_row=0)
    link_col = t.columns["link"]
    label = figure("findings", "link").label(lang)
    for r, (file, sheet, cell) in enumerate(zip(f["file"], f["sheet"], f["cell"], strict=True)):
        ws.write_url(r + 1, link_col, _link_target(file, sheet, cell, master), styles.link,
                     string=label, tip=f"{file}")
    _counts_by_project(ws, styles, t, f, lang)


def _counts_by_project(ws: Worksheet, styles: Styles, t: WrittenTable, f: pd.DataFrame,
                       lang: str) -> None:
    """Errors and warnings per project, as COUNTIFS over the findings table."""
    col = len(t.columns) + 1
    counted = ((Severity.ERROR, "errors"), (Severity.WARNING, "warnings"))
    heads = [figure("findings", "project").label(lang),
             *(figure("findings", key).label(lang) for _, key in counted)]
    for j, h in enumerate(heads):
        ws.write_string(0, col + j, h, styles.head)
    projects = sorted({p for p in f["project"] if p})
    counts = f.groupby(["project", "severity"]).size()
    for i, code in enumerate(projects):
        r = 1 + i
        ws.write_string(r, col, code, styles.text)
        for j, (sev, _) in enumerate(counted):
            formula = (f'=COUNTIFS({t.range("project")},{_a1(r, col)},'
                       f'{t.range("severity")},"{SEVERITY.translate(sev, lang)}")')
            ws.write_formula(r, col + 1 + j, formula, styles.kind[Kind.COUNT],
                             int(counts.get((code, sev), 0)))
    ws.set_column(col, col + 2, 14)


_ABOUT = {
    "en": {"title": "About this workbook", "run": "Generated on",
           "version": "pmo-xl version", "read": "Files read", "used": "Projects consolidated",
           "left": "Files left out", "settings": "Settings", "source": "Settings file",
           "none": "(defaults)", "spill": "Workload detail",
           "spill_text": "{n} rows: too many for a sheet (limit {limit}); the detail is in "
                         "{file} and the Workload sheet holds the monthly totals per {level}.",
           "inline": "In the Workload sheet ({n} rows)."},
    "fr": {"title": "À propos de ce classeur", "run": "Généré le",
           "version": "Version de pmo-xl", "read": "Fichiers lus",
           "used": "Projets consolidés", "left": "Fichiers écartés", "settings": "Paramètres",
           "source": "Fichier de paramètres", "none": "(valeurs par défaut)",
           "spill": "Détail des charges",
           "spill_text": "{n} lignes : trop pour un onglet (limite {limit}) ; le détail est "
                         "dans {file} et l'onglet Charges contient les totaux mensuels par "
                         "{level}.",
           "inline": "Dans l'onglet Charges ({n} lignes)."},
}


LEVELS = {"en": ("project, resource and role", "project and role", "project"),
          "fr": ("projet, ressource et profil", "projet et profil", "projet")}


def _level(portfolio: Portfolio, agg: pd.DataFrame, lang: str) -> str:
    """Which aggregate the Workload sheet holds (see kpis.portfolio.monthly_workload)."""
    has_resource = agg["resource"].notna().any() or portfolio.workload["resource"].isna().all()
    has_role = agg["role"].notna().any() or portfolio.workload["role"].isna().all()
    return LEVELS[lang][0 if has_resource else 1 if has_role else 2]


def _about_sheet(ws: Worksheet, styles: Styles, portfolio: Portfolio, lang: str,
                 spilled: Path | None, aggregate: pd.DataFrame | None) -> None:
    t = _ABOUT[lang]
    s = portfolio.settings
    ws.write_string(0, 0, t["title"], styles.title)
    n = text.whole(len(portfolio.workload), lang)
    rows: list[tuple[str, object]] = [
        (figure("projects", "as_of").label(lang), portfolio.reporting_date),
        (t["run"], portfolio.run_at.replace(microsecond=0)),
        (t["version"], __version__),
        (t["read"], len(portfolio.sources)),
        (t["used"], int(portfolio.sources["used"].sum())),
        (t["left"], int((~portfolio.sources["used"]).sum())),
        (t["spill"], t["spill_text"].format(n=n, limit=text.whole(s.master_max_rows, lang),
                                            file=spilled.name,
                                            level=_level(portfolio, aggregate, lang))
         if spilled else t["inline"].format(n=n)),
        (t["source"], s.source or t["none"]),
    ]
    for key in ("language", "staleness_days", "risk_scale", "holidays",
                "capacity_days_per_month", "master_max_rows"):
        value = getattr(s, key)
        rows.append((f"{t['settings']}: {key}", "—" if value is None else str(value)))
    for key, value in s.status.model_dump().items():
        rows.append((f"{t['settings']}: status.{key}", str(value)))
    for i, (label, value) in enumerate(rows):
        ws.write_string(2 + i, 0, label, styles.bold)
        if isinstance(value, dt.datetime):
            ws.write_datetime(2 + i, 1, value, styles.date)
        else:
            write_value(ws, 2 + i, 1, value, styles.date if isinstance(value, dt.date)
                        else styles.wrap)
    r = 3 + len(rows)
    left = portfolio.sources[~portfolio.sources["used"]]
    if len(left):
        ws.write_string(r, 0, t["left"], styles.bold)
        ws.write_string(r + 1, 0, figure("findings", "file").label(lang), styles.head)
        ws.write_string(r + 1, 1, figure("findings", "message").label(lang), styles.head)
        errors = portfolio.findings[portfolio.findings["severity"] == Severity.ERROR]
        first_error = findings_in(errors.drop_duplicates("file"), lang).set_index(
            "file")["message"]
        for i, file in enumerate(left["file"]):
            ws.write_string(r + 2 + i, 0, str(file), styles.text)
            ws.write_string(r + 2 + i, 1, str(first_error.get(file, "")), styles.wrap)
    ws.set_column(0, 0, 44)
    ws.set_column(1, 1, 100)


def _changes_sheet(wb: Workbook, ws: Worksheet, styles: Styles, changes: pd.DataFrame,
                   lang: str) -> None:
    """Week over week, worst drift first; drifts and worsening trends stand out."""
    ordered = changes.sort_values(["drift_pct", "project"], ascending=[False, True],
                                  na_position="last").reset_index(drop=True)
    t = write_table(wb, ws, styles, shown(ordered, view("changes"), lang), table="changes",
                    name="tblChanges", lang=lang)
    total = portfolio_change(changes)  # the portfolio's line, under the table
    row = t.last_row + 2
    ws.write_string(row, 0, term("portfolio", lang), styles.bold)
    for key in ("eac_days_prev", "drift_days", "drift_pct", "consumed_days_change",
                "remaining_days_change", "new_risks", "closed_risks", "worsened_risks",
                "moved_milestones"):
        value = total[key]
        if not pd.isna(value):
            fmt = styles.total[figure("changes", key).kind]
            ws.write_number(row, t.columns[key], float(value), fmt)
    c = t.columns["drift_pct"]
    ws.conditional_format(1, c, t.last_row, c, {"type": "cell", "criteria": ">",
                                                 "value": DRIFT_WORSE, "format": styles.red})
