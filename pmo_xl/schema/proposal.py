"""What a PMO's existing trackers call the contract's sheets, columns, labels and values,
and the ``[aliases]`` mapping that would read them (``pmo-xl map``).

Pure: it works on what the reader surveyed (sheet names, header or card labels, the
values found under each), never on a file. It never guesses silently: a label close to
one field only is proposed; one close to several, or only loosely close, is written
commented out with its alternatives, for the PMO to decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from pmo_xl.schema.contract import RAG, SHEETS
from pmo_xl.schema.mapping import Mapping, mapped_sheets
from pmo_xl.schema.model import Field, FieldType, Kind, Sheet
from pmo_xl.schema.normalize import normalize_label, strip_unit

SURE, CLOSE = 0.8, 0.55  # similarity to propose; to mention as an alternative
MARGIN = 0.1  # how far ahead of the next field a proposal must be
SAMPLE_VALUES = 12  # distinct values shown per column

# Words PMOs use for the contract's, French and English (proposals only, never reading):
# a word that may mean several fields proposes them as alternatives.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "intervenant": ("resource",), "collaborateur": ("resource",),
    "consultant": ("resource",), "temps passe": ("actual",), "realise": ("actual",),
    "charge consommee": ("actual",), "charge prevue": ("planned",),
    "charge initiale": ("planned",), "taux jour": ("rate",), "tarif journalier": ("rate",),
    "cout journalier": ("rate",), "gravite": ("impact",), "severite": ("impact",),
    "meteo": ("status",), "etat": ("status",), "echeance": ("due_date",),
    "responsable": ("manager", "owner"), "pilote": ("owner", "manager"),
    "chef de projet": ("manager",), "lot": ("workstream",), "perimetre": ("workstream",),
    "libelle": ("name", "milestone", "risk", "action", "decision"),
    "intitule": ("name", "milestone", "risk", "action", "decision"),
    "enveloppe": ("budget_days", "budget_cost"), "date de situation": ("as_of",),
    "date de point": ("as_of",), "fin estimee": ("end_forecast",),
    "date cible": ("forecast_date", "due_date"),
    "person": ("resource",), "team member": ("resource",), "spent": ("actual",),
    "effort spent": ("actual",), "actuals": ("actual",), "etc": ("remaining",),
    "estimate to complete": ("remaining",), "baseline": ("planned",),
    "likelihood": ("probability",), "severity": ("impact",), "rag": ("status",),
    "rag status": ("status",), "state": ("status",), "status date": ("as_of",),
    "approved effort": ("budget_days",), "approved budget": ("budget_cost",),
    "project ref": ("code",), "reference": ("code",), "ref": ("code",),
    "project title": ("name",), "key date": ("milestone",), "target date": (
        "due_date", "forecast_date"), "decision required": ("decision",),
    "description": ("risk", "action", "decision", "description"), "pm": ("manager",),
    "day rate": ("rate",), "forecast": ("forecast_date", "end_forecast"),
}
# House words for the status colours and the levels of a 1-4 scale.
COLOUR_WORDS = {
    "Green": ("ok", "vert", "bon", "bien", "good", "on track", "sous controle", "g", "v"),
    "Amber": ("vigilance", "attention", "orange", "jaune", "warning", "a surveiller",
              "moyen", "a", "o", "y"),
    "Red": ("alerte", "rouge", "ko", "critique", "critical", "alert", "danger", "r"),
}
STATE_WORDS = {  # house words for the states of risks, actions, decisions, milestones
    "Open": ("a traiter", "a faire", "nouveau", "nouvelle", "todo", "to do", "new", "actif",
             "active", "en attente de traitement", "live", "not started", "non demarree"),
    "In progress": ("en cours de realisation", "demarre", "demarree", "started", "wip",
                    "ongoing", "underway"),
    "Mitigating": ("en cours de traitement", "mitige", "attenuation", "treating",
                   "mitigation in progress"),
    "Closed": ("cloture", "cloturee", "ferme", "termine", "clos", "solde", "retired"),
    "At risk": ("slipping", "en danger", "menace", "threatened"),
    "Late": ("delayed", "overdue", "en derive"),
    "On track": ("on schedule", "dans les delais", "conforme"),
    "Done": ("soldee", "solde", "terminee", "termine", "faite", "fait", "realisee",
             "realise", "complete", "completed", "finished", "atteint", "livre"),
    "Cancelled": ("abandonnee", "abandonne", "sans objet", "dropped"),
    "Pending": ("a arbitrer", "a decider", "en suspens", "open"),
    "Taken": ("validee", "valide", "actee", "acte", "approved", "decided"),
    "Rejected": ("refusee", "refuse", "declined"),
}
LEVEL_WORDS = {1: ("faible", "low", "tres faible", "negligeable", "mineur", "minor"),
               2: ("moyen", "medium", "moderate", "modere", "significatif", "significant"),
               3: ("fort", "eleve", "high", "grave", "major", "majeur", "important"),
               4: ("tres fort", "tres eleve", "very high", "critique", "critical",
                   "catastrophique", "severe")}


@dataclass
class SurveyedSheet:
    """A sheet as the reader found it: its name, its header row's labels (or its card's
    labels), and a few distinct values under each."""

    name: str
    labels: list[str]
    values: dict[str, list[str]] = field(default_factory=dict)
    card_labels: list[str] = field(default_factory=list)
    card_values: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Item:
    """One line of the proposal: what the house calls something, and what it may be."""

    kind: str  # "sheet", "label" or "value"
    table: str  # the contract sheet ("" when not known)
    house: str  # the house's word, as typed
    key: str = ""  # the field (labels, values) or sheet (sheets) proposed; "" if none
    target: str | float | None = None  # a value's contract value
    alternatives: tuple[str, ...] = ()
    sure: bool = False
    where: str = ""  # file and sheet, for the PMO


@dataclass
class Proposal:
    matched: list[tuple[str, str, str]] = field(default_factory=list)  # where, house, key
    items: list[Item] = field(default_factory=list)


def _norm(text: str) -> str:
    return strip_unit(normalize_label(text, keep_unit=True))


def _initials(text: str) -> str:
    return "".join(w[0] for w in text.replace("'", " ").split() if w)


def similarity(house: str, name: str) -> float:
    """How close a house label is to one of the contract's names (0-1): an acronym
    ("RAF" for "Reste à faire"), a prefix ("Proba"), else the characters in common."""
    h, n = _norm(house), _norm(name)
    if not h or not n:
        return 0.0
    if h == n:
        return 1.0
    if len(h) >= 2 and h.replace(" ", "") == _initials(n):
        return 0.9
    if len(h) >= 4 and n.startswith(h):  # an abbreviation: "Proba"
        return 0.85
    if len(n) >= 4 and f" {n} " in f" {h} ":  # the name inside: "Jalon COPIL ?"
        return 0.8
    return SequenceMatcher(None, h, n).ratio()


_UNIT_KINDS = ((Kind.MONEY, ("€", "eur", "k€", "$", "usd", "ht", "ttc")),
               (Kind.EFFORT, ("j", "jh", "j/h", "jours", "days", "d", "md", "h/j")))


def unit_kind(label: str) -> Kind | None:
    """What a label's unit says it measures: ``(j)`` days of work, ``(€ HT)`` money."""
    unit = normalize_label(label, keep_unit=True)
    if not unit.endswith(")") or "(" not in unit:
        return None
    words = set(unit[unit.rindex("(") + 1:-1].replace(",", " ").split())
    return next((k for k, marks in _UNIT_KINDS if words & set(marks)), None)


def _ranked(house: str, candidates: dict[str, tuple[str, ...]],
            kinds: dict[str, Kind] | None = None) -> list[tuple[float, str]]:
    """Candidates by closeness; a unit that says another measure pushes one down."""
    unit = unit_kind(house)
    norm = _norm(house)
    meant = SYNONYMS.get(norm) or next(
        (keys for word, keys in SYNONYMS.items() if norm.startswith(f"{word} ")), ())
    present = [k for k in meant if k in candidates]
    scores = [((0.95 if len(present) == 1 else 0.85) if key in present
               else max(similarity(house, n) for n in names), key)
              for key, names in candidates.items()]
    if unit is not None and kinds:
        scores = [(score - 0.3 if kinds.get(key) in (Kind.EFFORT, Kind.MONEY)
                   and kinds.get(key) != unit else score, key) for score, key in scores]
    return sorted(scores, key=lambda s: (-s[0], s[1]))


def _pick(house: str, candidates: dict[str, tuple[str, ...]],
          kinds: dict[str, Kind] | None = None) -> tuple[str, tuple[str, ...], bool]:
    """(best key, alternatives, sure) for a house label among candidate fields."""
    ranked = [r for r in _ranked(house, candidates, kinds) if r[0] >= CLOSE]
    if not ranked:
        return "", (), False
    best, *rest = ranked
    sure = best[0] >= SURE and (not rest or best[0] - rest[0][0] >= MARGIN)
    return best[1], tuple(k for _, k in rest[:3]), sure


def _sheet_scores(s: SurveyedSheet, schema: dict[str, Sheet]) -> dict[str, float]:
    """How well a house sheet reads as each contract sheet (0-1): its labels naming
    that sheet's fields (both ways: few stray labels, few fields missing), and its name."""
    out: dict[str, float] = {}
    for sheet in SHEETS:
        labels = s.card_labels if sheet.key == "project" else s.labels
        fit = _fit(labels, schema[sheet.key])
        name = max(similarity(s.name, n) for n in schema[sheet.key].names())
        out[sheet.key] = 0.7 * fit + 0.3 * name
    return out


def _assign_sheets(unknown: list[SurveyedSheet], schema: dict[str, Sheet], taken: set[str]
                   ) -> dict[str, tuple[str, tuple[str, ...], bool]]:
    """House sheet name -> (contract sheet, alternatives, sure): the best pairs first,
    each contract sheet given once; sure only well ahead of the sheet's next best."""
    scores = {s.name: _sheet_scores(s, schema) for s in unknown}
    pairs = sorted(((score, name, key) for name, row in scores.items()
                    for key, score in row.items() if key not in taken),
                   key=lambda p: (-p[0], p[1], p[2]))
    out: dict[str, tuple[str, tuple[str, ...], bool]] = {}
    used = set(taken)
    for score, name, key in pairs:
        if name in out or key in used or score < 0.3:
            continue
        others = sorted(((v, k) for k, v in scores[name].items() if k != key),
                        key=lambda p: -p[0])
        sure = score >= 0.45 and score - others[0][0] >= MARGIN
        out[name] = (key, tuple(k for v, k in others[:3] if v >= 0.3), sure)
        used.add(key)
    for name, row in scores.items():
        out.setdefault(name, ("", tuple(k for k, v in sorted(row.items(),
                                                             key=lambda p: -p[1])[:3]), False))
    return out


def _fit(labels: list[str], sheet: Sheet) -> float:
    """How far the labels and a sheet's fields name each other: the harmonic mean of
    the labels that read as one of its fields and of its fields named."""
    if not labels:
        return 0.0
    fields = {f.key: f.names() for f in sheet.fields}
    kinds = {f.key: f.measure for f in sheet.fields}
    hits = [k for label in labels if (k := _pick(label, fields, kinds)[0])]
    precision, recall = len(hits) / len(labels), len(set(hits)) / len(fields)
    return 0.0 if not hits else 2 * precision * recall / (precision + recall)


def _value_items(f: Field, table: str, values: list[str], where: str) -> list[Item]:
    """House words under an enumerated or scaled column the contract does not know."""
    items = []
    if f.type is FieldType.ENUM and f.choices is not None:
        known = f.choices.lookup()
        for word in values:
            if normalize_label(word) in known:
                continue
            target, alternatives = _closest_choice(f, word)
            items.append(Item("value", table, word, f.key, target, alternatives,
                              sure=target is not None and not alternatives, where=where))
    elif f.type is FieldType.INTEGER and f.maximum is not None:
        for word in values:
            try:
                float(word.replace(",", "."))
                continue
            except ValueError:
                pass
            level = next((n for n, words in LEVEL_WORDS.items()
                          if normalize_label(word) in words), None)
            items.append(Item("value", table, word, f.key, level, (),
                              sure=level is not None, where=where))
    return items


def _closest_choice(f: Field, word: str) -> tuple[str | None, tuple[str, ...]]:
    """A house word's contract value: sure from the words PMOs use for the colours and
    states; otherwise the closest by spelling, offered with the others (values are short
    words: spelling alone never decides)."""
    assert f.choices is not None
    lexicon = COLOUR_WORDS if f.choices.key == RAG.key else STATE_WORDS
    norm = normalize_label(word)
    hits = [v for v, words in lexicon.items() if norm in words and v in f.choices.values]
    if len(hits) == 1:
        return hits[0], ()
    candidates = {c.value: (c.en, c.fr, *c.aliases) for c in f.choices.choices}
    key, _, _ = _pick(word, candidates)
    return (key or None), tuple(v for v in f.choices.values if v != key)


def propose(files: dict[str, list[SurveyedSheet]], mapping: Mapping | None = None
            ) -> Proposal:
    """What every file's sheets, labels and values are in the contract (with the
    mapping already in the settings), and the aliases that would read the rest."""
    schema = mapped_sheets(mapping or Mapping())
    out = Proposal()
    for file, sheets in files.items():
        known = {normalize_label(n): s.key for s in SHEETS for n in schema[s.key].names()}
        taken = {known[normalize_label(s.name)] for s in sheets
                 if normalize_label(s.name) in known}
        guessed = _assign_sheets([s for s in sheets if normalize_label(s.name) not in known],
                                 schema, taken)
        for s in sheets:
            where = f"{file} › {s.name}"
            key = known.get(normalize_label(s.name))
            if key is None:
                key, alternatives, sure = guessed[s.name]
                out.items.append(Item("sheet", key, s.name, key, None, alternatives, sure,
                                      where))
                if not key:
                    continue
            else:
                out.matched.append((where, s.name, f"sheets.{key}"))
            _labels(out, schema[key], s, where)
    return out


def _labels(out: Proposal, sheet: Sheet, s: SurveyedSheet, where: str) -> None:
    labels = s.card_labels if sheet.key == "project" else s.labels
    matcher, free = sheet.matcher(), {f.key: f.names() for f in sheet.fields}
    kinds = {f.key: f.measure for f in sheet.fields}
    found: dict[str, str] = {}
    for label in labels:
        if key := matcher.match(label):
            out.matched.append((where, label, f"{sheet.key}.{key}"))
            found[label] = key
            free.pop(key, None)
    for label in labels:
        if label in found:
            continue
        key, alternatives, sure = _pick(label, free, kinds)
        out.items.append(Item("label", sheet.key, label, key, None, alternatives, sure,
                              where))
        if key and sure:
            found[label] = key
            free.pop(key, None)
    values = s.card_values if sheet.key == "project" else s.values
    for label, key in found.items():
        out.items += _value_items(sheet.field(key), sheet.key,
                                  values.get(label, [])[:SAMPLE_VALUES], where)


def _toml_text(value: object) -> str:
    if isinstance(value, float | int):
        return str(int(value)) if float(value).is_integer() else str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def proposal_toml(p: Proposal) -> str:
    """The ``[aliases]`` draft: sure proposals as settings (one line per field, the
    words of every file together), the others commented out with their alternatives;
    what matched the contract listed at the end."""
    lines = ["# pmo-xl map: a draft of [aliases] for pmo_xl.toml. Check each line; the",
             "# commented ones are not sure (their alternatives are given) or have no",
             "# close contract field: uncomment and edit, or map them by hand.", ""]
    groups: dict[tuple[str, str], list[Item]] = {}
    for i in p.items:
        head = {"sheet": "sheets", "label": i.table, "value": f"values.{i.table}"}[i.kind]
        groups.setdefault((i.kind, head), []).append(i)
    order = [("sheet", "sheets"), *((k, t) for k in ("label", "value") for t in (
        s.key if k == "label" else f"values.{s.key}" for s in SHEETS))]
    for group in order:
        items = groups.get(group)
        if items:
            lines += [f"[aliases.{group[1]}]", *_group_lines(items), ""]
    if p.matched:
        lines.append("# Read as the contract already:")
        lines += [f"#   {where}: {_toml_text(house)} -> {key}"
                  for where, house, key in sorted(set(p.matched))]
    return "\n".join(lines).rstrip() + "\n"


def _group_lines(items: list[Item]) -> list[str]:
    """One setting per field (labels as a list, values as an inline table), then the
    commented proposals and what has no proposal."""
    lines: list[str] = []
    sure: dict[str, dict[str, Item]] = {}
    for i in items:
        if i.sure and i.key:
            sure.setdefault(i.key, {}).setdefault(i.house, i)
    for key, found in sure.items():
        if items[0].kind == "value":
            body = ", ".join(f"{_toml_text(h)} = {_toml_text(i.target)}"
                             for h, i in found.items())
            lines.append(f"{key} = {{ {body} }}")
        else:
            lines.append(f"{key} = [{', '.join(_toml_text(h) for h in found)}]")
        lines += [f"  # {w}" for w in dict.fromkeys(i.where for i in found.values())]
    shown: set[tuple[str, str]] = set()
    for i in items:
        if (i.sure and i.key) or (i.key, i.house) in shown:
            continue
        shown.add((i.key, i.house))
        lines.append(_unsure(i))
    return lines


def _unsure(i: Item) -> str:
    note = f"  # {i.where}"
    if i.kind == "value":
        allowed = f" — one of: {', '.join(i.alternatives)}" if i.alternatives else ""
        target = _toml_text(i.target) if i.target is not None else '"?"'
        return f"# {i.key} = {{ {_toml_text(i.house)} = {target} }}{note}{allowed}"
    if not i.key:
        others = f" (closest: {', '.join(i.alternatives)})" if i.alternatives else ""
        return (f"# {_toml_text(i.house)}: no close contract {i.kind}{others} — map it by "
                f"hand{note}")
    others = f" — or: {', '.join(i.alternatives)}" if i.alternatives else ""
    return f"# {i.key} = [{_toml_text(i.house)}]{note}{others}"
