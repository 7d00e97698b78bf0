"""The chase: one e-mail draft per project manager, listing what to fix and what to send.

Each draft is a standard e-mail file (RFC 5322) with ``X-Unsent: 1``, so Outlook and
Thunderbird open it as a draft ready to send: addressed to the manager (the register's
address, else the tracker card's), a subject naming the portfolio and its reporting date,
a plain-text and an HTML body in the portfolio's language. Tracker text is escaped in the
HTML and no link is ever built from it.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import html
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path

import pandas as pd

from pmo_xl.atomic import atomic_path
from pmo_xl.figures.present import file_name
from pmo_xl.findings import findings_in
from pmo_xl.model import Portfolio
from pmo_xl.schema import text
from pmo_xl.schema.rules import SEVERITY, Severity

CHASE_DIR = "chase"
DRAFT_POLICY = email.policy.default.clone(linesep="\r\n")  # .eml files use CRLF
_UNSAFE = re.compile(r"[^\w.-]+")

TEXT = {
    "en": dict(
        subject="[{portfolio}] Reporting of {date}: {n} point(s) to settle",
        hello="Hello {name},", hello_anonymous="Hello,",
        intro="For the {portfolio} report of {date}, here is what your trackers still need.",
        due="Please send them by {due}.", missing="Tracker not received: please send it.",
        found="found", bye="Thank you,", pmo="The PMO",
        tracker="tracker {file}"),
    "fr": dict(
        subject="[{portfolio}] Reporting du {date} : {n} point(s) à régler",
        hello="Bonjour {name},", hello_anonymous="Bonjour,",
        intro="Pour le reporting {portfolio} du {date}, voici ce que vos suivis demandent "
              "encore.",
        due="Merci de les envoyer avant le {due}.",
        missing="Suivi non reçu : merci de l'envoyer.", found="trouvé", bye="Merci,",
        pmo="Le PMO", tracker="suivi {file}"),
}


@dataclass
class Item:
    """One thing to fix: where (sheet!cell), what is wrong and expected, what was found."""

    severity: str
    rule: str
    where: str
    message: str
    value: str


@dataclass
class ProjectPart:
    code: str
    name: str
    file: str
    missing: bool = False
    items: list[Item] = field(default_factory=list)


@dataclass
class Draft:
    manager: str
    email: str
    parts: list[ProjectPart]
    subject: str = ""
    text: str = ""
    html: str = ""
    file: str = ""  # the draft's file name, once written

    @property
    def counts(self) -> dict[str, int]:
        items = [i for p in self.parts for i in p.items]
        return {"errors": sum(i.severity == Severity.ERROR for i in items),
                "warnings": sum(i.severity == Severity.WARNING for i in items),
                "missing_trackers": sum(p.missing for p in self.parts),
                "stale_trackers": sum(any(i.rule == "REPORT_STALE" for i in p.items)
                                      for p in self.parts)}


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or value == ""


def drafts(portfolio: Portfolio, lang: str | None = None, due: dt.date | None = None
           ) -> list[Draft]:
    """A draft per manager concerned: a tracker missing, stale, or any error or warning.
    Managers are told apart by e-mail address, else by name."""
    lang = lang or portfolio.language
    f = findings_in(portfolio.findings, lang)
    f = f[f["project"].astype(str) != ""]
    f = f.assign(_o=f["severity"].map(SEVERITY.rank)).sort_values(
        ["project", "_o", "sheet", "cell"], kind="stable")
    names = dict(zip(portfolio.projects["project"], portfolio.projects["name"], strict=True))
    names |= dict(zip(portfolio.missing["project"], portfolio.missing["name"], strict=True))
    out: dict[str, Draft] = {}
    for code, group in f.groupby("project", sort=True):
        manager, address = group["manager"].iloc[0], group["manager_email"].iloc[0]
        manager = "" if _blank(manager) else str(manager)
        address = "" if _blank(address) else str(address)
        key = (address or manager or f"project {code}").casefold()
        draft = out.setdefault(key, Draft(manager, address, []))
        part = ProjectPart(str(code), "" if _blank(names.get(code)) else str(names[code]),
                           file_name(group["file"].iloc[0]))
        for rec in group.itertuples(index=False):
            if rec.rule == "TRACKER_MISSING":
                part.missing = True
                continue
            where = f"{rec.sheet}!{rec.cell}" if rec.sheet and rec.cell else rec.sheet
            part.items.append(Item(rec.severity, rec.rule, where, rec.message,
                                   str(rec.value or "")))
        draft.parts.append(part)
    return [_worded(d, portfolio, lang, due) for d in out.values()]


def _worded(d: Draft, portfolio: Portfolio, lang: str, due: dt.date | None) -> Draft:
    t = TEXT[lang]
    date = text.date(portfolio.reporting_date) if portfolio.reporting_date else text.DASH
    n = sum(len(p.items) + p.missing for p in d.parts)
    d.subject = t["subject"].format(portfolio=portfolio.name(lang), date=date, n=n)
    d.text, d.html = _bodies(d, t, portfolio.name(lang), date, lang, due)
    return d


def _bodies(d: Draft, t: dict[str, str], portfolio: str, date: str, lang: str,
            due: dt.date | None) -> tuple[str, str]:
    hello = t["hello"].format(name=d.manager) if d.manager else t["hello_anonymous"]
    intro = t["intro"].format(portfolio=portfolio, date=date)
    if due is not None:
        intro += " " + t["due"].format(due=text.date(due))
    plain = [hello, "", intro, ""]
    rich = [f"<p>{html.escape(hello)}</p>", f"<p>{html.escape(intro)}</p>"]
    sep = " : " if lang == "fr" else ": "
    for p in d.parts:
        title = f"{p.code} — {p.name}" if p.name else p.code
        if p.file and not p.missing:
            title += f" ({t['tracker'].format(file=p.file)})"
        plain.append(title)
        rich.append(f"<h3>{html.escape(title)}</h3><ul>")
        lines = [t["missing"]] if p.missing else []
        for i in p.items:
            found = f" ({t['found']}{sep}{i.value})" if i.value else ""
            lines.append(f"{i.where}{sep}{i.message}{found}" if i.where else
                         f"{i.message}{found}")
        for line in lines:
            plain.append(f"  - {line}")
            rich.append(f"<li>{html.escape(line)}</li>")
        plain.append("")
        rich.append("</ul>")
    plain += [t["bye"], t["pmo"], ""]
    rich.append(f"<p>{html.escape(t['bye'])}<br>{html.escape(t['pmo'])}</p>")
    body = "\n".join(rich)
    return "\n".join(plain), f"<!DOCTYPE html><html><body>\n{body}\n</body></html>\n"


def draft_email(subject: str, plain: str, rich: str, to: str = "") -> EmailMessage:
    """An e-mail that mail programs open unsent, ready to send (``X-Unsent: 1``): the
    plain text and its HTML alternative; no To: when ``to`` is empty."""
    msg = EmailMessage(policy=DRAFT_POLICY)
    if to:
        msg["To"] = to
    msg["Subject"] = subject
    msg["X-Unsent"] = "1"
    msg.set_content(plain)
    msg.add_alternative(rich, subtype="html")
    return msg


def message(d: Draft) -> EmailMessage:
    """The draft as an e-mail that mail programs open unsent, ready to send."""
    return draft_email(d.subject, d.text, d.html,
                       formataddr((d.manager, d.email)) if d.email else "")


@dataclass
class Chase:
    drafts: list[Draft]
    folder: Path
    unaddressed: list[str]  # managers with no e-mail address: drafts without To:


def write_chase(portfolio: Portfolio, folder: str | Path, lang: str | None = None,
                due: dt.date | None = None) -> Chase:
    """Every draft as ``<manager>.eml`` in ``folder`` (last week's drafts removed first),
    each written atomically."""
    lang = lang or portfolio.language
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.eml"):
        old.unlink()
    made = drafts(portfolio, lang, due)
    taken: set[str] = set()
    for d in made:
        stem = _UNSAFE.sub("_", d.manager or d.email or "manager").strip("_.")[:60] or "manager"
        name, k = f"{stem}.eml", 2
        while name.casefold() in taken:
            name, k = f"{stem}_{k}.eml", k + 1
        taken.add(name.casefold())
        d.file = name
        with atomic_path(folder / name) as tmp:
            tmp.write_bytes(message(d).as_bytes())
    return Chase(made, folder, [d.manager or d.parts[0].code for d in made if not d.email])
