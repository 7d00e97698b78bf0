"""Settings: declared once with their types, ranges and cross-field rules; a bad value is
refused with the key, the value and what is expected, in the user's language (exit 6)."""

import datetime as dt

import pytest
from typer.testing import CliRunner

from pmo_xl.cli import app
from pmo_xl.exceptions import SettingsError
from pmo_xl.settings import InvalidSettings, Settings, load_settings, settings_from_dict
from tests.builders import make_tracker

runner = CliRunner()


def refused(data: dict) -> InvalidSettings:
    with pytest.raises(InvalidSettings) as caught:
        settings_from_dict(data, source="pmo_xl.toml")
    return caught.value


@pytest.mark.parametrize(("data", "english", "french"), [
    ({"staleness_days": 14.7}, "staleness_days = 14.7: must be a whole number",
     "staleness_days = 14.7 : doit être un nombre entier"),
    ({"status": {"variance_pct_amber": 0.2, "variance_pct_red": 0.1}},
     "status.variance_pct_amber = 0.2: must not be above status.variance_pct_red (0.1)",
     "status.variance_pct_amber = 0.2 : ne doit pas dépasser status.variance_pct_red (0.1)"),
    ({"status": {"slip_days_amber": 20}},  # above the default red (15)
     "status.slip_days_amber = 20: must not be above status.slip_days_red (15)",
     "status.slip_days_amber = 20 : ne doit pas dépasser status.slip_days_red (15)"),
    ({"capacity_days_per_month": -3}, "capacity_days_per_month = -3: must be more than 0",
     "capacity_days_per_month = -3 : doit être strictement supérieur à 0"),
    ({"priority": {"cost": -0.1}}, "priority.cost = -0.1: must be 0 or more",
     "priority.cost = -0.1 : doit être supérieur ou égal à 0"),
    ({"priority": {"value": 0, "alignment": 0, "complexity": 0, "cost": 0}},
     "priority: at least one weight must be above 0",
     "priority : au moins un poids doit être supérieur à 0"),
    ({"status": {"critical_risks_red": 2.5}},
     "status.critical_risks_red = 2.5: must be a whole number",
     "status.critical_risks_red = 2.5 : doit être un nombre entier"),
    ({"status": {"overdue_actions_amber": 0}},
     "status.overdue_actions_amber = 0: must be 1 or more",
     "status.overdue_actions_amber = 0 : doit être supérieur ou égal à 1"),
    ({"status": {"variance_pct_red": 10}},  # 10 meant 10 %: a fraction is expected
     "status.variance_pct_red = 10: must be 1 or less",
     "status.variance_pct_red = 10 : doit être inférieur ou égal à 1"),
    ({"risk_scale": 7}, "risk_scale = 7: must be one of: 4, 5",
     "risk_scale = 7 : doit valoir : 4, 5"),
    ({"language": "de"}, 'language = "de": must be one of: en, fr',
     'language = "de" : doit valoir : en, fr'),
    ({"master_max_rows": True}, "master_max_rows = true: must be a number, not true/false",
     "master_max_rows = true : doit être un nombre, pas true/false"),
    ({"holidays": "XX"}, 'holidays = "XX": must be a country code known to the holidays '
     "package (e.g. FR, DE, GB)", 'holidays = "XX" : doit être un code pays connu du paquet '
     "holidays (p. ex. FR, DE, GB)"),
    ({"extra_holidays": ["2026-02-30"]},
     'extra_holidays = "2026-02-30": must be a date (yyyy-mm-dd)',
     'extra_holidays = "2026-02-30" : doit être une date (aaaa-mm-jj)'),
    ({"limits": {"header_rows": 30.5}}, "limits.header_rows = 30.5: must be a whole number",
     "limits.header_rows = 30.5 : doit être un nombre entier"),
    ({"status": 3}, "status = 3: must be a section [status]",
     "status = 3 : doit être une section [status]"),
], ids=lambda v: str(v)[:40])
def test_each_bad_setting_names_key_value_and_expectation(data, english, french):
    exc = refused(data)
    assert exc.message("en") == f"pmo_xl.toml: {english}"
    assert exc.message("fr") == f"pmo_xl.toml : {french}"


def test_unknown_keys_list_the_known_ones():
    exc = refused({"status": {"slip_day_amber": 3}})
    assert exc.message("en").startswith(
        "pmo_xl.toml: status.slip_day_amber = 3: unknown setting (known: variance_pct_amber,")
    assert "[" not in exc.message("en").split("known:")[0]  # nothing for a markup to eat


def test_every_problem_is_reported_at_once():
    exc = refused({"staleness_days": -1, "limits": {"max_file_mb": 0}, "workers": 1.5})
    assert exc.message("en") == (
        "pmo_xl.toml:\n  - staleness_days = -1: must be 0 or more\n"
        "  - workers = 1.5: must be a whole number\n"
        "  - limits.max_file_mb = 0: must be more than 0")


def test_nothing_is_truncated_nor_reordered_silently():
    s = settings_from_dict({"staleness_days": 14.0, "capacity_days_per_month": 17.5,
                            "status": {"slip_days_amber": 15}, "holidays": "fr",
                            "extra_holidays": ["2026-12-24"]})
    assert (s.staleness_days, s.capacity_days_per_month) == (14, 17.5)
    assert s.status.slip_days_amber == s.status.slip_days_red == 15  # no amber band: allowed
    assert s.holidays == "FR" and s.extra_holidays == (dt.date(2026, 12, 24),)
    assert dt.date(2026, 12, 25) in s.holiday_dates(range(2026, 2027))


def test_the_python_api_is_held_to_the_same_rules():
    with pytest.raises(SettingsError, match="workers = -1: must be 0 or more"):
        Settings(workers=-1)
    with pytest.raises(SettingsError, match="language"):
        Settings().replace(language="es")
    assert Settings().with_language("fr").language == "fr"


def test_a_settings_file_that_is_not_toml(tmp_path):
    bad = tmp_path / "pmo_xl.toml"
    bad.write_text("language = fr\n")  # unquoted
    with pytest.raises(InvalidSettings, match="is not valid TOML"):
        load_settings(bad)


def test_cli_exits_6_in_the_settings_language(tmp_path):
    make_tracker(tmp_path)
    (tmp_path / "pmo_xl.toml").write_text(
        'language = "fr"\nstaleness_days = 14.7\n[status]\nslip_day_amber = 3\n')
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 6
    assert "staleness_days = 14.7 : doit être un nombre entier" in result.output
    assert "status.slip_day_amber = 3 : paramètre inconnu" in result.output
    english = runner.invoke(app, ["validate", str(tmp_path), "--lang", "en"])
    assert english.exit_code == 6 and "must be a whole number" in english.output
    german = runner.invoke(app, ["validate", str(tmp_path), "--lang", "de"])
    assert german.exit_code == 6 and '--lang = "de": must be one of: en, fr' in german.output


def test_cli_prints_brackets_as_they_are(tmp_path):
    """A message naming a section ("[status]") is printed whole, never eaten as markup."""
    make_tracker(tmp_path)
    (tmp_path / "pmo_xl.toml").write_text("status = 3\n")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 6 and "status = 3: must be a section [status]" in result.output
    assert result.output.count("must be a section") == 1  # said once


def test_the_readme_settings_example_is_valid_with_every_key_uncommented(tmp_path):
    """The README's settings block is what a PMO copies: it loads as written, and with
    its commented keys switched on, and it names every setting there is."""
    import re

    from tests.ooxml import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Settings\n.*?```toml\n(.*?)```", readme, re.S).group(1)
    (tmp_path / "register.xlsx").write_bytes(b"")  # the register it names must exist
    as_written = tmp_path / "pmo_xl.toml"
    as_written.write_text(block, encoding="utf-8")
    assert load_settings(as_written).language == "fr"
    switched = "\n".join(re.sub(r"^# (\w+ = )", r"\1", line) for line in block.splitlines())
    everything = tmp_path / "all.toml"
    everything.write_text(switched, encoding="utf-8")
    settings = load_settings(everything)
    assert settings.portfolio_key == "pmo-it"
    assert settings.deck.layouts.content == "4_Title Only"
    assert settings.history_url.startswith("postgresql+psycopg://")
    assert settings.aliases.workload == {"actual": ("Temps passé (j)",)}
    named = set(re.findall(r"^#? ?(\w+) = ", block, re.M))
    sections = {"status", "priority", "limits", "deck", "aliases"}
    own = set(Settings.model_fields) - sections - {"source", "register_file"} | {"register"}
    assert own <= named, own - named
