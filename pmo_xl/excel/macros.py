"""What the ribbon buttons do, against a ``Host``: the open master workbook and its user.

The live host (``xlwings_host``) is a thin adapter over Excel; the tests drive these
functions through a host over a real workbook on disk. Nothing here imports xlwings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from pmo_xl.consolidate import CACHE_DIR, consolidate
from pmo_xl.exceptions import PmoXlError
from pmo_xl.exports import write_tables
from pmo_xl.figures import figure, sheet_title, view
from pmo_xl.model import Portfolio
from pmo_xl.runlock import run_lock
from pmo_xl.schema.contract import YES, YES_NO, yes_no
from pmo_xl.schema.normalize import normalize_label
from pmo_xl.schema.text import date as date_text
from pmo_xl.settings import Settings, find_settings

SETTINGS_SHEET = {"en": "PMO settings", "fr": "Paramètres PMO"}
RIBBON_WAIT = 20.0  # seconds a click waits for another run on the folder, then says who
SETTING_LABELS = {  # key: (EN label, FR label, default)
    "trackers": ("Trackers folder", "Dossier des suivis", "trackers"),
    "output": ("Output folder", "Dossier de sortie", "."),
    "language": ("Language", "Langue", "en"),
    "template": ("Deck template", "Modèle de présentation", ""),
    "flash": ("Flash e-mail", "E-mail flash", "no"),  # the flash draft beside the deck
}
MESSAGES = {
    "en": {"done": "{n} projects consolidated, {e} errors and {w} warnings (see Data quality).",
           "checked": "{e} errors and {w} warnings in {f} files (see Data quality).",
           "deck": "COPIL deck written: {path}", "tracker": "Tracker written: {path}",
           "flash": "Flash e-mail draft written: {path}",
           "flash_nobody": "(no flash_to address in the settings: no recipient)",
           "chased": "{n} e-mail drafts written in {path} (see the chase list there).",
           "ask_code": "Project code (e.g. P-042)", "ask_name": "Project name",
           "settings": "Fill the folders, then click Consolidate.",
           "unknown": "Unknown action '{action}'.", "new_projects":
           "Projects were added or removed: open {path} for the updated dashboard.",
           "unrecorded": "The week was NOT recorded in the history ({why}); it is kept in "
                         "{kept} and the next Consolidate records it.",
           "late": "Recorded the missed week(s) too: {weeks}."},
    "fr": {"done": "{n} projets consolidés, {e} erreurs et {w} avertissements "
                   "(voir Qualité des données).",
           "checked": "{e} erreurs et {w} avertissements dans {f} fichiers "
                      "(voir Qualité des données).",
           "deck": "Support COPIL écrit : {path}", "tracker": "Suivi écrit : {path}",
           "flash": "Brouillon du flash écrit : {path}",
           "flash_nobody": "(pas d'adresse flash_to dans les paramètres : pas de "
                           "destinataire)",
           "chased": "{n} brouillons d'e-mail écrits dans {path} (voir la liste des "
                     "relances).",
           "ask_code": "Code projet (ex. P-042)", "ask_name": "Nom du projet",
           "settings": "Renseignez les dossiers, puis cliquez sur Consolider.",
           "unknown": "Action inconnue '{action}'.", "new_projects":
           "Des projets ont été ajoutés ou retirés : ouvrez {path} pour le tableau de bord "
           "à jour.",
           "unrecorded": "La semaine n'est PAS enregistrée dans l'historique ({why}) ; elle "
                         "est gardée dans {kept} et le prochain Consolider l'enregistre.",
           "late": "Semaine(s) manquée(s) enregistrée(s) aussi : {weeks}."},
}


class Host(Protocol):
    """The open workbook and the person in front of it."""

    path: Path  # the open master workbook

    def sheet_names(self) -> list[str]: ...
    def read_cells(self, sheet: str, rows: int, cols: int) -> list[list[Any]]: ...
    def write_cells(self, sheet: str, row: int, col: int, values: list[list[Any]]) -> None: ...
    def add_sheet(self, name: str) -> None: ...
    def replace_table(self, name: str, rows: list[list[Any]]) -> bool: ...
    def set_links(self, name: str, column: int,
                  links: list[tuple[str, str, str]]) -> None: ...  # (file, location, text)
    def table_column(self, name: str, column: int) -> list[Any]: ...
    def activate(self, sheet: str) -> None: ...
    def save(self) -> None: ...
    def ask(self, prompt: str) -> str | None: ...
    def tell(self, message: str) -> None: ...
    def open_file(self, path: Path) -> None: ...


def read_settings(host: Host) -> dict[str, str]:
    """The PMO settings sheet (either language); relative folders from the workbook's."""
    values = {key: default for key, (_, _, default) in SETTING_LABELS.items()}
    labels = {normalize_label(label): key for key, (en, fr, _) in SETTING_LABELS.items()
              for label in (en, fr)}
    names = {normalize_label(n): n for n in host.sheet_names()}
    sheet = next((names[normalize_label(s)] for s in SETTINGS_SHEET.values()
                  if normalize_label(s) in names), None)
    if sheet is not None:
        for row in host.read_cells(sheet, 20, 2):
            key = labels.get(normalize_label(str(row[0] or "")))
            if key and row[1] not in (None, ""):
                values[key] = str(row[1]).strip()
    base = host.path.parent
    for key in ("trackers", "output", "template"):
        if values[key]:
            values[key] = str((base / values[key]).resolve())
    return values


def _settings(values: dict[str, str]) -> Settings:
    base = find_settings([Path(values["trackers"])])
    return base.with_language(values["language"] if values["language"] in ("en", "fr")
                              else None)


def _counts(p: Portfolio) -> dict[str, int]:
    sev = p.findings["severity"]
    return {"n": len(p.projects), "e": int((sev == "error").sum()),
            "w": int((sev == "warning").sum()), "f": len(p.sources)}


def table_rows(p: Portfolio, lang: str) -> dict[str, list[list[Any]]]:
    """The master's tables, as rows to put under their headers (same as the master)."""
    from pmo_xl.xlsx.master import DETAIL_TABLES, TABLE_NAMES, detail_rows

    out = {TABLE_NAMES[key]: _plain_rows(detail_rows(p, key, lang)) for key in DETAIL_TABLES}
    return out


def findings_rows(p: Portfolio, lang: str) -> list[list[Any]]:
    """The Data quality table's rows, as the master lists them."""
    from pmo_xl.xlsx.master import findings_rows as rows
    from pmo_xl.xlsx.master import sorted_findings

    return _plain_rows(rows(sorted_findings(p), lang))


def refresh_findings(host: Host, p: Portfolio, lang: str) -> None:
    """The open master's Data quality table, rows and links to each finding's cell (the
    table's links column is never left empty)."""
    from pmo_xl.links import finding_link
    from pmo_xl.xlsx.master import TABLE_NAMES, sorted_findings

    host.replace_table(TABLE_NAMES["findings"], findings_rows(p, lang))
    label = figure("findings", "link").label(lang)
    links = [(*finding_link(f.file, f.sheet, f.cell, host.path), label)
             for f in sorted_findings(p).itertuples(index=False)]
    host.set_links(TABLE_NAMES["findings"], view("findings").columns.index("link"), links)


def _plain_rows(df: pd.DataFrame) -> list[list[Any]]:
    rows = []
    for rec in df.itertuples(index=False):
        rows.append([None if (not isinstance(v, str) and pd.isna(v)) else
                     (v.to_pydatetime() if isinstance(v, pd.Timestamp) else v) for v in rec])
    return rows


def _consolidate(values: dict[str, str], settings: Settings) -> Portfolio:
    """The trackers named in the settings sheet, with the output folder's read cache and
    its history (who is expected when no register says so)."""
    from pmo_xl.history.record import previous_projects

    out = Path(values["output"])
    return consolidate(values["trackers"], settings, cache=out / CACHE_DIR,
                       previous=previous_projects(settings, out))


def do_consolidate(host: Host) -> str:
    values = read_settings(host)
    settings = _settings(values)
    out = Path(values["output"])
    from pmo_xl.history.record import record
    from pmo_xl.xlsx import master_filename, write_master

    with run_lock(out, RIBBON_WAIT):  # as the command line: one run per output folder
        portfolio = _consolidate(values, settings)
        write_tables(portfolio, out / "data")  # the UDFs answer from these
        recording = record(portfolio, out)  # the weekly click builds the history too
        archived = write_master(portfolio, out / master_filename(portfolio),
                                mta=recording.views.mta, changes=recording.views.changes)
    before = set(host.table_column("tblProjects", 0))
    for name, rows in table_rows(portfolio, settings.language).items():
        host.replace_table(name, rows)
    refresh_findings(host, portfolio, settings.language)
    _refresh_messages(host, portfolio, recording.views.changes, settings.language)
    host.save()
    msg = MESSAGES[settings.language]
    text = msg["done"].format(**_counts(portfolio))
    if before != set(portfolio.projects["project"]):
        text += " " + msg["new_projects"].format(path=archived)
    if recording.late:
        text += " " + msg["late"].format(weeks=", ".join(map(date_text, recording.late)))
    if recording.failure is not None:
        text += " " + msg["unrecorded"].format(why=recording.failure.message(settings.language),
                                               kept=recording.kept)
    return text


def _refresh_messages(host: Host, portfolio: Portfolio, changes, lang: str) -> None:
    """The dashboard's key messages of the open master, this week's."""
    from pmo_xl.xlsx.dashboard import MESSAGES_ROW, message_lines

    dashboard = sheet_title("dashboard", lang)
    if dashboard in host.sheet_names():
        lines = message_lines(portfolio, changes, lang)
        host.write_cells(dashboard, MESSAGES_ROW + 1, 0, [[f"• {line}"] for line in lines])


def do_validate(host: Host) -> str:
    values = read_settings(host)
    settings = _settings(values)
    portfolio = _consolidate(values, settings)
    refresh_findings(host, portfolio, settings.language)
    host.save()
    return MESSAGES[settings.language]["checked"].format(**_counts(portfolio))


def do_deck(host: Host) -> str:
    from pmo_xl.deck import write_deck
    from pmo_xl.exports import read_tables

    values = read_settings(host)
    settings = _settings(values)
    data = Path(values["output"]) / "data"
    portfolio = (read_tables(data, settings) if (data / "projects.parquet").is_file()
                 else _consolidate(values, settings))
    path = write_deck(portfolio, Path(values["output"]) / f"{host.path.stem}.pptx",
                      template=values["template"] or None, lang=settings.language)
    host.open_file(path)
    said = MESSAGES[settings.language]["deck"].format(path=path)
    if YES_NO.lookup().get(normalize_label(values["flash"])) in YES_NO.having(YES):
        said += " " + _flash(portfolio, settings, path)
    return said


def _flash(portfolio: Portfolio, settings: Settings, deck: Path) -> str:
    """The flash e-mail draft beside the deck, the deck attached, the changes since the
    last report from the history when it has them; what was written, as a sentence."""
    from contextlib import suppress

    from pmo_xl.flash import flash_path, write_flash
    from pmo_xl.history import HistoryError, SnapshotStore
    from pmo_xl.history.record import views_of

    changes = None
    with suppress(HistoryError), SnapshotStore.of(settings, deck.parent, create=False) as store:
        changes = views_of(store, portfolio).changes
    path = write_flash(portfolio, flash_path(deck), changes=changes, deck=deck,
                       lang=settings.language)
    msg = MESSAGES[settings.language]
    said = msg["flash"].format(path=path)
    return said if settings.flash_to else f"{said} {msg['flash_nobody']}"


def do_chase(host: Host) -> str:
    """The chase from the ribbon: the drafts and their list in the output folder's
    ``chase``, the list opened."""
    from pmo_xl.chase import CHASE_DIR
    from pmo_xl.xlsx import chase_managers
    from pmo_xl.xlsx.chase_list import CHASE_LIST

    values = read_settings(host)
    settings = _settings(values)
    out = Path(values["output"])
    with run_lock(out, RIBBON_WAIT):
        made = chase_managers(_consolidate(values, settings), out / CHASE_DIR,
                              settings.language)
    host.open_file(made.folder / CHASE_LIST)
    return MESSAGES[settings.language]["chased"].format(n=len(made.drafts), path=made.folder)


def do_new_tracker(host: Host) -> str:
    from pmo_xl.provision import new_tracker, tracker_filename

    values = read_settings(host)
    lang = values["language"] if values["language"] in ("en", "fr") else "en"
    msg = MESSAGES[lang]
    code = host.ask(msg["ask_code"])
    name = host.ask(msg["ask_name"]) if code else None
    if not code or not name:
        return ""
    path = new_tracker(Path(values["trackers"]) / tracker_filename(code, name),
                       {"code": code.strip(), "name": name.strip()}, lang=lang)
    host.open_file(path)
    return msg["tracker"].format(path=path)


def do_settings(host: Host) -> str:
    names = {normalize_label(n) for n in host.sheet_names()}
    existing = [s for s in SETTINGS_SHEET.values() if normalize_label(s) in names]
    lang = "fr" if any(n in names for n in (normalize_label("Tableau de bord"),)) else "en"
    sheet = existing[0] if existing else SETTINGS_SHEET[lang]
    if not existing:
        host.add_sheet(sheet)
        rows = [[(fr if lang == "fr" else en), yes_no(False, lang) if default == "no"
                 else default] for en, fr, default in SETTING_LABELS.values()]
        host.write_cells(sheet, 0, 0, [[sheet, None], [None, None], *rows])
        host.save()
    host.activate(sheet)
    return MESSAGES[lang]["settings"]


ACTIONS = {"consolidate": do_consolidate, "validate": do_validate, "deck": do_deck,
           "chase": do_chase,
           "new_tracker": do_new_tracker, "settings": do_settings}


def run_action(action: str, host: Host) -> str:
    """Run one ribbon action; every problem is told to the user, never raised into VBA."""
    handler = ACTIONS.get(action)
    if handler is None:
        message = MESSAGES["en"]["unknown"].format(action=action)
    else:
        try:
            message = handler(host)
        except PmoXlError as exc:
            message = f"pmo-xl: {exc}"
        except Exception as exc:
            message = f"pmo-xl: unexpected {type(exc).__name__}: {exc}"
    if message:
        host.tell(message)
    return message
