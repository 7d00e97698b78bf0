"""Findings: every problem found in a tracker, where it is and what was done about it.

A finding is a rule code plus language-free parameters; its message is rendered by the
output that shows it, in that output's language (``message``, ``findings_in``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields

import pandas as pd

from pmo_xl.schema.contract import CHOICES
from pmo_xl.schema.rules import encode_params, render_message, rule


@dataclass(frozen=True)
class Finding:
    file: str
    sheet: str
    cell: str  # "E7" (empty when the finding is about a whole sheet or file)
    rule: str
    severity: str
    value: str = ""
    project: str = ""
    params: str = "{}"  # JSON: keys, numbers and ISO dates, no language

    def message(self, lang: str) -> str:
        return message_of(self.rule, self.params, self.value, self.sheet, lang)

    @property
    def location(self) -> str:
        """``Risks!E7`` style, as a PM would look it up."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet


FINDING_COLUMNS = [f.name for f in fields(Finding)]


def message_of(code: str, params: str, value: object, sheet: object, lang: str) -> str:
    """A finding's message in ``lang`` (the finding's own value and sheet can appear in it)."""
    values = {**json.loads(params or "{}"), "value": value_of(params, value, lang),
              "sheet": "" if sheet is None else sheet}
    return render_message(code, values, lang)


def value_of(params: str, value: object, lang: str) -> str:
    """The value found, as shown in ``lang``: a word of an enumeration is translated
    (the finding's ``choices`` parameter names the enumeration)."""
    shown = "" if value is None else str(value)
    if '"choices"' not in (params or ""):
        return shown
    return CHOICES[json.loads(params)["choices"]].translate(shown, lang)


def make_finding(
    code: str,
    /,
    *,
    file: str,
    sheet: str = "",
    cell: str = "",
    value: object = "",
    project: str = "",
    **params: object,
) -> Finding:
    r = rule(code)
    return Finding(
        file=file,
        sheet=sheet,
        cell=cell,
        rule=r.code,
        severity=str(r.severity),
        value="" if value is None else str(value),
        project=project,
        params=encode_params(params),
    )


def findings_in(findings: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The findings as an output in ``lang`` shows them: ``message`` rendered, words of
    enumerations in ``value`` translated (each distinct finding rendered once: a
    portfolio repeats the same few)."""
    keys = list(zip(findings["rule"], findings["params"], findings["value"], findings["sheet"],
                    strict=True))
    cache: dict[tuple, tuple[str, str]] = {}
    shown = [cache[k] if k in cache else cache.setdefault(
        k, (message_of(*k, lang), value_of(k[1], k[2], lang))) for k in keys]
    return findings.assign(
        message=pd.Series([m for m, _ in shown], index=findings.index, dtype="object"),
        value=pd.Series([v for _, v in shown], index=findings.index, dtype="object"))


def with_managers(findings: pd.DataFrame, managers: pd.DataFrame) -> pd.DataFrame:
    """Each finding with its project's manager and manager e-mail (codes compared as
    duplicate trackers are: trimmed, any case), for chasing."""
    who = managers.assign(_key=managers["project"].astype(str).str.strip().str.upper()
                          ).drop_duplicates("_key").set_index("_key")
    key = findings["project"].astype(str).str.strip().str.upper()
    return findings.assign(**{k: key.map(who[k]).astype("object")
                              for k in ("manager", "manager_email")})


def findings_frame(items: list[Finding], lang: str = "en") -> pd.DataFrame:
    """The findings as a table, ``message`` rendered in ``lang`` for reading in Python."""
    columns = [*FINDING_COLUMNS, "message"]
    if not items:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    frame = pd.DataFrame([asdict(f) for f in items], columns=FINDING_COLUMNS)
    return findings_in(frame, lang)[columns]


def column_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """0-based row and column -> ``B7``."""
    return f"{column_letter(col)}{row + 1}"
