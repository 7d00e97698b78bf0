"""The contract as code: one schema, both languages, docs generated from it."""

from pmo_xl.schema.contract import ALL_CHOICES, SHEETS
from pmo_xl.schema.docs import reference_markdown
from pmo_xl.schema.normalize import normalize_label
from tests.ooxml import ROOT


def test_reference_doc_is_generated_from_the_schema():
    committed = (ROOT / "docs" / "tracker-reference.md").read_text(encoding="utf-8")
    assert committed == reference_markdown(), "run `pmo-xl docs`"


def test_every_sheet_and_field_has_two_languages_and_unique_matching():
    names = [n for s in SHEETS for n in {normalize_label(s.en), normalize_label(s.fr)}]
    assert len(names) == len(set(names))
    for s in SHEETS:
        m = s.matcher()
        for f in s.fields:
            assert f.en and f.fr
            assert m.match(f.en) == f.key and m.match(f.fr) == f.key
            assert m.match(f.en.upper()) == f.key


def test_enumerations_accept_both_words_any_case():
    for choices in ALL_CHOICES:
        lookup = choices.lookup()
        for c in choices.choices:
            assert lookup[normalize_label(c.fr.upper())] == c.value
            assert lookup[normalize_label(c.en)] == c.value


def test_normalisation_rules_of_the_contract():
    assert normalize_label("  Prévu   (j/h) ") == "prevu"
    assert normalize_label("ÉCHÉANCE") == "echeance"
    assert normalize_label("Date d’identification") == "date d'identification"


def test_enumerations_declare_what_their_words_mean():
    """Open, done, pending: declared with the words, blanks counted as the schema says."""
    import pandas as pd

    from pmo_xl.schema.contract import (
        ACTION_STATUS,
        CRITICALITY_CLASS,
        DECISION_STATUS,
        DONE,
        MILESTONE_STATUS,
        OPEN,
        PENDING,
        RAG,
        RISK_STATUS,
    )

    def means(choices, meaning, values):
        return choices.means(pd.Series(values, dtype="object"), meaning).tolist()

    assert means(RISK_STATUS, OPEN, ["Open", "Mitigating", "Closed", "Occurred", None]) == [
        True, True, False, False, True]  # an unreadable status counts as open
    assert means(ACTION_STATUS, OPEN, ["Open", "In progress", "Done", "Cancelled", None]) == [
        True, True, False, False, True]
    assert means(DECISION_STATUS, PENDING, ["Pending", "Taken", None]) == [True, False, True]
    assert means(MILESTONE_STATUS, DONE, ["Done", "Late", None]) == [True, False, False]
    assert [RAG.rank(v) for v in ("Green", "Amber", "Red", "Purple")] == [0, 1, 2, None]
    assert [t.name for t in (RAG.tone("Red"), CRITICALITY_CLASS.tone("Critical"))] == [
        "bad", "bad"]
    assert RISK_STATUS.words_meaning(OPEN, "fr") == ["Ouvert", "En traitement", ""]
