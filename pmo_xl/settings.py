"""Portfolio settings, from ``pmo_xl.toml`` or defaults that work with no file.

Example ``pmo_xl.toml``::

    language = "fr"            # "en" or "fr": findings, master, deck
    staleness_days = 14        # a reporting date older than this is flagged
    risk_scale = 4             # probability and impact on 1-4 (or 5)
    holidays = "FR"            # a country calendar for slips (none by default)
    extra_holidays = ["2026-12-24"]

    [status]                   # computed status: Amber / Red from these thresholds
    variance_pct_amber = 0.05
    variance_pct_red = 0.10

Every setting is declared once, below, with its type, range and cross-field rules
(pydantic validates them); a bad value is an ``InvalidSettings`` error that names the
key, the value and what is expected, in English or French. Nothing is converted
silently: ``staleness_days = 14.7`` is refused, not read as 14.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from pmo_xl.exceptions import SettingsError
from pmo_xl.schema import text
from pmo_xl.schema.mapping import TABLES, Mapping, MappingProblem, check

SETTINGS_FILE = "pmo_xl.toml"
LANGUAGES = text.LANGUAGES


class Expected(ValueError):
    """A setting's own rule broken: why (a key of ``_EXPECTED``) and its parameters."""

    def __init__(self, reason: str, **ctx: Any) -> None:
        super().__init__(reason)
        self.reason, self.ctx = reason, ctx


def _address(value: str) -> str:
    """One e-mail address (``name@domain``, optionally ``Name <name@domain>``): never a
    list in one string, never a line break (a header of the draft)."""
    from email.utils import parseaddr

    _, address = parseaddr(value)
    if not address or "," in value or any(c in value for c in "\r\n") or \
            not _ADDRESS.fullmatch(address):
        raise Expected("not_address", value=value)
    return value


_ADDRESS = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+")


def _no_bool(value: Any) -> Any:
    """TOML's ``true`` is not the number 1."""
    if isinstance(value, bool):
        raise Expected("bool_not_number")
    return value


def _one_of(*allowed: object) -> AfterValidator:
    def check(value: Any) -> Any:
        if value not in allowed:
            raise Expected("one_of", allowed=list(allowed))
        return value

    return AfterValidator(check)


def _calendar(code: str | None) -> str | None:
    if code is None:
        return None
    import holidays as holidays_lib

    if code.upper() not in holidays_lib.list_supported_countries():
        raise Expected("unknown_calendar")
    return code.upper()


def _existing_file(path: str) -> str:
    if path and not Path(path).expanduser().is_file():
        raise Expected("no_file")
    return str(Path(path).expanduser()) if path else path


Whole = Annotated[int, BeforeValidator(_no_bool)]
Number = Annotated[float, BeforeValidator(_no_bool)]
Count = Annotated[Whole, Field(ge=1)]  # a threshold on a count: 0 would flag everything
Share = Annotated[Number, Field(gt=0, le=1)]  # a fraction: 0.05 is 5 %
Weight = Annotated[Number, Field(ge=0)]
Megabytes = Annotated[Number, Field(gt=0)]


class _Section(BaseModel):
    """A group of settings: frozen, no unknown key, errors as ``InvalidSettings``."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_by_name=True,
                              validate_by_alias=True)
    section: ClassVar[str] = ""

    def __init__(self, **data: Any) -> None:
        if _VALIDATING.get():  # a section inside settings: its parent reports every problem
            super().__init__(**data)
            return
        token = _VALIDATING.set(True)
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise InvalidSettings.from_validation(exc, data, self.section) from None
        finally:
            _VALIDATING.reset(token)


_VALIDATING: ContextVar[bool] = ContextVar("pmo_xl_settings_validating", default=False)


def _amber_below_red(model: BaseModel, names: tuple[str, ...]) -> None:
    for name in names:
        amber, red = getattr(model, f"{name}_amber"), getattr(model, f"{name}_red")
        if amber > red:
            raise Expected("amber_above_red", key=f"{name}_amber", value=amber,
                           other=f"{name}_red", other_value=red)


class StatusThresholds(_Section):
    """When the computed status turns Amber or Red; the worst criterion wins.

    A value at or above the amber (red) threshold makes the project Amber (Red); amber
    may equal red (no amber band), never exceed it.
    """

    section: ClassVar[str] = "status"
    variance_pct_amber: Share = 0.05  # EAC over planned, as a fraction
    variance_pct_red: Share = 0.10
    slip_days_amber: Count = 5  # worst slip of a milestone not yet done, working days
    slip_days_red: Count = 15
    critical_risks_amber: Count = 1  # open risks of the critical class
    critical_risks_red: Count = 3
    overdue_actions_amber: Count = 1
    overdue_actions_red: Count = 5

    @model_validator(mode="after")
    def _ordered(self) -> StatusThresholds:
        _amber_below_red(self, ("variance_pct", "slip_days", "critical_risks",
                                "overdue_actions"))
        return self


class PriorityWeights(_Section):
    """Weights of the prioritisation score (any scale; they are normalised)."""

    section: ClassVar[str] = "priority"
    value: Weight = 0.4
    alignment: Weight = 0.3
    complexity: Weight = 0.15
    cost: Weight = 0.15

    @model_validator(mode="after")
    def _some_weight(self) -> PriorityWeights:
        if not self.value + self.alignment + self.complexity + self.cost > 0:
            raise Expected("weights_all_zero")
        return self


class DeckLayouts(_Section):
    """The template's layouts the deck uses, when the automatic choice is not the one
    wanted: a layout's name, or "2/Title Only" for the second slide master's."""

    section: ClassVar[str] = "deck.layouts"
    title: str = ""
    content: str = ""


class Deck(_Section):
    section: ClassVar[str] = "deck"
    layouts: DeckLayouts = Field(default_factory=DeckLayouts)
    # Management by exception: project slides only for the projects that need the
    # committee (the others one line each); None: on above ``exceptions_above`` projects.
    exceptions: bool | None = None
    exceptions_above: Annotated[Whole, Field(ge=0)] = 25


class Limits(_Section):
    """Guards against files crafted or broken enough to exhaust a machine."""

    section: ClassVar[str] = "limits"
    max_file_mb: Megabytes = 200  # on-disk size of one tracker
    max_part_mb: Megabytes = 256  # uncompressed size of one part inside the workbook
    max_sheet_cells: Annotated[Whole, Field(ge=1)] = 5_000_000  # rows x columns of a sheet
    header_rows: Annotated[Whole, Field(ge=1, le=1000)] = 30  # a table starts in these rows


def _labels(value: Any) -> Any:
    """One label or a list of them."""
    return (value,) if isinstance(value, str) else value


HouseLabels = dict[str, Annotated[tuple[str, ...], BeforeValidator(_labels)]]
HouseWords = dict[str, dict[str, dict[str, str | int | float]]]


class Aliases(_Section):
    """A PMO's own tracker format: its sheet names, headers and card labels, and its
    words for the contract's values, added to the contract's (``schema.mapping``)."""

    section: ClassVar[str] = "aliases"
    sheets: HouseLabels = Field(default_factory=dict)
    project: HouseLabels = Field(default_factory=dict)
    workload: HouseLabels = Field(default_factory=dict)
    rates: HouseLabels = Field(default_factory=dict)
    milestones: HouseLabels = Field(default_factory=dict)
    risks: HouseLabels = Field(default_factory=dict)
    actions: HouseLabels = Field(default_factory=dict)
    decisions: HouseLabels = Field(default_factory=dict)
    costs: HouseLabels = Field(default_factory=dict)
    values: HouseWords = Field(default_factory=dict)

    def mapping(self) -> Mapping:
        """The mapping, hashable: the schema built from it is built once."""
        return Mapping(
            sheets=tuple(sorted(self.sheets.items())),
            fields=tuple((t, k, labels) for t in TABLES
                         for k, labels in sorted(getattr(self, t).items())),
            values=tuple((t, k, tuple(words.items()))
                         for t, fields in sorted(self.values.items())
                         for k, words in sorted(fields.items())))


class Settings(_Section):
    language: Annotated[str, _one_of(*LANGUAGES)] = "en"
    staleness_days: Annotated[Whole, Field(ge=0)] = 14
    risk_scale: Annotated[Whole, _one_of(4, 5)] = 4
    holidays: Annotated[str | None, AfterValidator(_calendar)] = None  # e.g. "FR"
    extra_holidays: tuple[dt.date, ...] = ()
    today: dt.date | None = None  # the day of the run (default: the clock's), for archives
    reporting_date: dt.date | None = None  # the portfolio's; default: what most trackers say
    workers: Annotated[Whole, Field(ge=0, le=64)] = 0  # reader processes; 0 = automatic
    portfolio_name: str = ""  # names the master and the deck; "Portfolio" / "Portefeuille"
    capacity_days_per_month: Annotated[Number, Field(gt=0)] = 18  # resource load highlight
    master_max_rows: Annotated[Whole, Field(ge=1)] = 200_000  # more go to Parquet
    # Snapshots: an SQLAlchemy URL; else $PMO_XL_HISTORY_URL; else SQLite beside the master.
    history_url: str = ""
    currency: str = "€"  # money figures' unit in messages, slides and the flash e-mail
    report_every_days: Annotated[Whole, Field(ge=1, le=366)] = 7  # the next report is due
    flash_to: tuple[Annotated[str, AfterValidator(_address)], ...] = ()  # flash's To:
    # Which portfolio of a shared history this is; default: portfolio_name, else "default".
    portfolio_id: str = ""
    history_lock_timeout: Annotated[Number, Field(gt=0)] = 60  # seconds, then a clear error
    # The register of expected projects (xlsx or csv), relative to the settings file;
    # ``register`` in the file (pydantic's models already have a ``register`` method).
    register_file: Annotated[str, AfterValidator(_existing_file)] = Field("", alias="register")
    status: StatusThresholds = Field(default_factory=StatusThresholds)
    priority: PriorityWeights = Field(default_factory=PriorityWeights)
    limits: Limits = Field(default_factory=Limits)
    deck: Deck = Field(default_factory=Deck)
    aliases: Aliases = Field(default_factory=Aliases)
    source: str = ""  # the file these settings came from, for the record

    @model_validator(mode="after")
    def _usable_mapping(self) -> Settings:
        """A mapping that names an unknown field, gives a label to two fields or maps a
        word outside its enumeration or scale is refused by key, before any reading."""
        try:
            check(self.aliases.mapping(), self.risk_scale)
        except MappingProblem as p:
            shown = {} if p.value is None else {"value": p.value}
            raise Expected(p.reason, key=f"aliases.{p.key}", **shown, **p.ctx) from None
        return self

    @model_validator(mode="before")
    @classmethod
    def _beside_the_settings(cls, data: Any) -> Any:
        """A relative register path is relative to the settings file that names it."""
        if isinstance(data, dict) and isinstance(data.get("register"), str) and \
                data["register"] and data.get("source"):
            path = Path(data["register"]).expanduser()
            if not path.is_absolute():
                data = {**data, "register": str(Path(data["source"]).parent / path)}
        return data

    @property
    def portfolio_key(self) -> str:
        """The portfolio's key in a shared history: stable across languages (never the
        translated "Portfolio"), so its weeks stay together."""
        return self.portfolio_id.strip() or self.portfolio_name.strip() or "default"

    @property
    def reference_date(self) -> dt.date:
        return self.today or dt.date.today()

    def holiday_dates(self, years: range) -> list[dt.date]:
        """The non-working days to skip when counting slips."""
        days = set(self.extra_holidays)
        if self.holidays:
            import holidays as holidays_lib

            days.update(holidays_lib.country_holidays(self.holidays, years=list(years)).keys())
        return sorted(days)

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes``, validated like the rest."""
        return Settings(**{**self.model_dump(), **changes})

    def with_language(self, lang: str | None) -> Settings:
        return self if not lang else self.replace(language=lang)


# What a setting must be, by pydantic's error type (or ours), in each language.
_EXPECTED = {
    "extra_forbidden": ("unknown setting (known: {known})",
                        "paramètre inconnu (connus : {known})"),
    "int_from_float": ("must be a whole number", "doit être un nombre entier"),
    "int_parsing": ("must be a whole number", "doit être un nombre entier"),
    "int_type": ("must be a whole number", "doit être un nombre entier"),
    "float_parsing": ("must be a number", "doit être un nombre"),
    "float_type": ("must be a number", "doit être un nombre"),
    "bool_not_number": ("must be a number, not true/false",
                        "doit être un nombre, pas true/false"),
    "greater_than_equal": ("must be {ge} or more", "doit être supérieur ou égal à {ge}"),
    "greater_than": ("must be more than {gt}", "doit être strictement supérieur à {gt}"),
    "less_than_equal": ("must be {le} or less", "doit être inférieur ou égal à {le}"),
    "one_of": ("must be one of: {allowed}", "doit valoir : {allowed}"),
    "string_type": ("must be text in quotes", "doit être un texte entre guillemets"),
    "date_type": ("must be a date (yyyy-mm-dd)", "doit être une date (aaaa-mm-jj)"),
    "date_parsing": ("must be a date (yyyy-mm-dd)", "doit être une date (aaaa-mm-jj)"),
    "date_from_datetime_parsing": ("must be a date (yyyy-mm-dd)",
                                   "doit être une date (aaaa-mm-jj)"),
    "date_from_datetime_inexact": ("must be a date without a time",
                                   "doit être une date sans heure"),
    "tuple_type": ("must be a list, e.g. [\"2026-12-24\"]",
                   "doit être une liste, p. ex. [\"2026-12-24\"]"),
    "model_type": ("must be a section [{key}]", "doit être une section [{key}]"),
    "unknown_calendar": ("must be a country code known to the holidays package (e.g. FR, "
                         "DE, GB)", "doit être un code pays connu du paquet holidays (p. ex. "
                         "FR, DE, GB)"),
    "amber_above_red": ("must not be above {other} ({other_value})",
                        "ne doit pas dépasser {other} ({other_value})"),
    "not_address": ("{value!r} is not one e-mail address (give a list: [\"a@x.org\", "
                    "\"b@x.org\"])",
                    "{value!r} n'est pas une adresse e-mail (donnez une liste : "
                    "[\"a@x.org\", \"b@x.org\"])"),
    "alias_unknown": ("unknown key (known: {known})", "clé inconnue (connues : {known})"),
    "alias_taken": ("already names {other}: one label, one field",
                    "désigne déjà {other} : un libellé, un seul champ"),
    "alias_not_in_list": ("must map to one of: {allowed}", "doit correspondre à : {allowed}"),
    "alias_out_of_scale": ("must map to a number from {low} to {high}",
                           "doit correspondre à un nombre de {low} à {high}"),
    "alias_no_values": ("this field has no list or scale to map words onto",
                        "ce champ n'a ni liste ni échelle sur laquelle traduire des mots"),
    "weights_all_zero": ("at least one weight must be above 0",
                         "au moins un poids doit être supérieur à 0"),
    "toml": ("is not valid TOML: {detail}", "n'est pas un TOML valide : {detail}"),
    "no_file": ("must name an existing file (relative to the settings file)",
                "doit désigner un fichier existant (relatif au fichier de paramètres)"),
    "unreadable": ("cannot be read: {detail}", "est illisible : {detail}"),
}


@dataclass(frozen=True)
class Problem:
    """One bad setting: where, what was given, and why (a key of ``_EXPECTED``)."""

    key: str
    value: Any
    reason: str
    ctx: tuple[tuple[str, Any], ...] = ()

    def message(self, lang: str) -> str:
        ctx = dict(self.ctx)
        shown = {k: (", ".join(map(str, v)) if isinstance(v, list | tuple) else v)
                 for k, v in ctx.items()}
        pair = _EXPECTED.get(self.reason)
        expected = (text.pick(pair, lang).format(key=self.key, **shown) if pair
                    else str(ctx.get("msg", self.reason)))
        sep = " : " if lang == "fr" else ": "
        if self.value is _NO_VALUE:
            return f"{self.key}{sep}{expected}"
        return f"{self.key} = {_toml(self.value)}{sep}{expected}"


_NO_VALUE = object()


def _toml(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class InvalidSettings(SettingsError):
    """Settings that break their declaration; rendered in the user's language."""

    def __init__(self, problems: list[Problem], source: str = "", lang: str = "en") -> None:
        self.problems, self.source, self.lang = problems, source, lang
        super().__init__(self.message(lang))

    def message(self, lang: str | None = None) -> str:
        lang = lang if lang in LANGUAGES else self.lang
        where = self.source or text.pick(("settings", "paramètres"), lang)
        sep = " : " if lang == "fr" else ": "
        lines = [p.message(lang) for p in self.problems]
        if len(lines) == 1:
            return f"{where}{sep}{lines[0]}"
        return f"{where}{sep.rstrip()}\n" + "\n".join(f"  - {line}" for line in lines)

    @classmethod
    def from_validation(cls, exc: ValidationError, data: dict[str, Any], section: str = ""
                        ) -> InvalidSettings:
        problems = []
        for err in exc.errors(include_url=False):
            ctx = dict(err.get("ctx") or {})
            reason = err["type"]
            if isinstance(ctx.get("error"), Expected):  # one of our own rules
                own = ctx.pop("error")
                reason, ctx = own.reason, dict(own.ctx)
            loc = [str(p) for p in err["loc"] if not isinstance(p, int)]
            if section:
                loc.insert(0, section)
            if "key" in ctx:  # a cross-field rule names its own key
                loc.append(str(ctx.pop("key")))
                value = ctx.pop("value", _NO_VALUE)
                if "other" in ctx:
                    ctx["other"] = ".".join([*loc[:-1], ctx["other"]])
            else:
                value = err.get("input", _NO_VALUE)
                if isinstance(value, dict) and reason != "model_type":
                    value = _NO_VALUE  # a rule about a whole section
            if reason == "extra_forbidden":
                ctx["known"] = ", ".join(_known(loc[:-1]))
            if reason not in _EXPECTED:
                ctx = {"msg": err["msg"]}
            problems.append(Problem(".".join(loc) or section or "settings", value, reason,
                                    tuple(ctx.items())))
        lang = data.get("language") if data.get("language") in LANGUAGES else "en"
        return cls(problems, lang=lang)


def _known(path: list[str]) -> list[str]:
    model: type[BaseModel] = Settings
    for part in path:
        model = model.model_fields[part].annotation  # type: ignore[assignment]
    return [f.alias or k for k, f in model.model_fields.items() if k != "source"]


def check_language(lang: str | None, option: str = "--lang") -> str | None:
    """A language given on a command line or in a sheet: en, fr or nothing."""
    if lang is not None and lang not in LANGUAGES:
        raise InvalidSettings([Problem(option, lang, "one_of", (("allowed", LANGUAGES),))])
    return lang


def settings_from_dict(data: dict[str, Any], source: str = "") -> Settings:
    try:
        return Settings(**{**data, "source": source})
    except InvalidSettings as exc:
        raise InvalidSettings(exc.problems, source, exc.lang) from None


def load_settings(path: str | Path) -> Settings:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidSettings([Problem(str(path), _NO_VALUE, "unreadable", (
            ("detail", exc.strerror or str(exc)),))]) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidSettings([Problem(str(path), _NO_VALUE, "toml", (
            ("detail", str(exc)),))]) from exc
    return settings_from_dict(data, source=str(path))


def find_settings(paths: list[Path]) -> Settings:
    """The ``pmo_xl.toml`` next to the trackers (first folder given that has one)."""
    for p in paths:
        folder = p if p.is_dir() else p.parent
        candidate = folder / SETTINGS_FILE
        if candidate.is_file():
            return load_settings(candidate)
    return Settings()
