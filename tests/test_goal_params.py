"""Goal parameters as directors write them (finsamdash.data.goal_params): Swedish names and labels, the English
forms still accepted, Swedish messages, and the Swedish form written back into workbooks."""

from __future__ import annotations

import pytest

from finsamdash.data.contract import CATEGORIES
from finsamdash.data.goal_params import (
    GOAL_PARAMS,
    METRIC_SIGNATURES,
    canonical_params,
    format_params_sv,
    normalise_params,
    parse_params,
    validate_goal_params,
)
from finsamdash.metrics.goals import GOAL_METRICS


def test_every_metric_is_declared_and_agrees_with_its_registration():
    assert list(METRIC_SIGNATURES) == [c.key for c in CATEGORIES["metric"]]
    for key, signature in METRIC_SIGNATURES.items():
        spec = GOAL_METRICS[key]
        assert (spec.params, spec.scopes, spec.group_category) == (
            signature.params, signature.scopes, signature.group_category), key
        assert signature.target_in_percent == (spec.unit == "percent"), key
        assert set(signature.params) <= set(GOAL_PARAMS), key


@pytest.mark.parametrize(("text", "expected"), [
    ("orsaker=arbete, subventionerad anställning, studier",
     {"reasons": ["arbete", "subventionerad anställning", "studier"]}),
    ("grupper=handläggare, chefer", {"groups": ["handläggare", "chefer"]}),
    ("frågor=1a,1b", {"items": ["1a", "1b"]}),
    ("Frågor = 1a , 1b ; Grupper = styrelse", {"items": ["1a", "1b"], "groups": ["styrelse"]}),
    ("mätpunkter=1a; gräns=4", {"items": ["1a"], "threshold": ["4"]}),
    ("orsaker: arbete, studier", {"reasons": ["arbete", "studier"]}),  # a colon works as well
    ("frågor=1a\ngrupper=styrelse", {"items": ["1a"], "groups": ["styrelse"]}),  # one per line in the cell
    ("reasons=work,studies;groups=board", {"reasons": ["work", "studies"], "groups": ["board"]}),
    ("", {}), (None, {}), ("orsaker=", {"reasons": []}), ("okänd=x", {"okänd": ["x"]}),
])
def test_parse_swedish_and_english(text, expected):
    assert parse_params(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("orsaker", "Parametern ”orsaker” saknar ”=”; skriv namn=värden, t.ex. orsaker=arbete, studier."),
    ("=arbete", "Parametern ”=arbete” saknar namn före ”=”."),
    ("orsaker=arbete;reasons=studies", "Parametern ”orsaker” anges mer än en gång."),
])
def test_unreadable_parameters(text, message):
    with pytest.raises(ValueError, match=message):
        parse_params(text)


def test_swedish_and_english_give_the_same_canonical_parameters():
    swedish = normalise_params("exit_share", parse_params("orsaker=arbete, subventionerad anställning, studier"))
    english = normalise_params("exit_share", parse_params("reasons=work,subsidised_work,studies"))
    assert swedish == english == {"reasons": ["work", "subsidised_work", "studies"]}
    assert canonical_params(swedish) == "reasons=work,subsidised_work,studies"
    assert normalise_params("trained_staff", parse_params("grupper=handläggare, chefer")) == {
        "groups": ["caseworker", "manager"]}
    assert normalise_params("indicator_mean", parse_params("frågor=1A; grupper=deltagare (pågående)")) == {
        "items": ["1a"], "groups": ["participant_ongoing"]}
    assert canonical_params({}) is None


@pytest.mark.parametrize(("metric", "text", "problem"), [
    ("exit_share", "grupper=styrelse",
     "Parametern ”grupper” kan inte användas med måttet ”andel avslut till” (tillåtna parametrar: orsaker)."),
    ("exit_share", "groups=board",
     "Parametern ”grupper” kan inte användas med måttet ”andel avslut till” (tillåtna parametrar: orsaker)."),
    ("result", "orsaker=arbete", "Parametern ”orsaker” kan inte användas med måttet ”resultat” (tillåtna "
                                 "parametrar: inga)."),
    ("exit_share", "årsaker=arbete", "Parametern ”årsaker” kan inte användas med måttet ”andel avslut till” "
                                     "(tillåtna parametrar: orsaker)."),
    ("exit_share", "orsaker=arbete, jobb",
     "Okänd avslutsorsak ”jobb” i orsaker. Tillåtna: arbete, subventionerad anställning, studier, aktivt "
     "arbetssökande, fortsatt rehabilitering, sjukdom, avbrutit, flyttat, annan orsak."),
    ("trained_staff", "grupper=handläggare, politiker",
     "Okänd deltagargrupp ”politiker” i grupper. Tillåtna: handläggare, chef, styrelse, personal, annan."),
    ("indicator_mean", "grupper=handläggare",
     "Okänd svarandegrupp ”handläggare” i grupper. Tillåtna: deltagare (pågående), deltagare (avslut), "
     "insatspersonal, förbundschef, styrelse, chefsgrupp, remittent."),
    ("indicator_positive_share", "gräns=9", "Parametern ”gräns”: 9 ligger utanför skalan 1–6."),
    ("indicator_positive_share", "gräns=hög", "Parametern ”gräns”: ”hög” är inte ett tal."),
    ("indicator_positive_share", "gräns=4,5,6", "Parametern ”gräns” ska ha exakt ett värde."),
    ("exit_share", "orsaker=", "Parametern ”orsaker” saknar värde."),
])
def test_problems_name_parameters_and_values_in_swedish(metric, text, problem):
    assert validate_goal_params(metric, parse_params(text)) == [problem]


def test_scope_problem_names_the_metric_in_swedish():
    assert validate_goal_params("admin_share", {}, scoped=True) == [
        "Måttet ”administrationens andel” gäller hela förbundet och kan inte användas för en enskild insats; lämna "
        "Insats-id tomt."]


@pytest.mark.parametrize(("metric", "stored", "written"), [
    ("exit_share", "reasons=work,subsidised_work,studies", "orsaker=arbete, subventionerad anställning, studier"),
    ("trained_staff", "groups=caseworker,manager", "grupper=handläggare, chef"),
    ("indicator_positive_share", "items=1a,1b;groups=participant_ongoing;threshold=4.5",
     "frågor=1a, 1b; grupper=deltagare (pågående); gräns=4.5"),
    ("exit_share", "orsaker=arbete", "orsaker=arbete"),  # already Swedish: unchanged
    ("exit_share", "reasons=lottery", "reasons=lottery"),  # invalid: left for the validator
    ("exit_share", "reasons", "reasons"),
    ("participants", None, None),
])
def test_the_swedish_form_written_into_workbooks_reads_back_the_same(metric, stored, written):
    assert format_params_sv(metric, stored) == written
    if written != stored:  # converted: reads back as the same parameters
        assert normalise_params(metric, parse_params(written)) == normalise_params(metric, parse_params(stored))


def test_the_input_side_imports_nothing_from_later_steps():
    """Validation (and everything on the input side) needs nothing from the metrics, pages or pack (#15)."""
    import ast
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "finsamdash"
    later = ("finsamdash.metrics", "finsamdash.report", "finsamdash.dashboards", "finsamdash.present.figures",
             "finsamdash.privacy", "finsamdash.pack")
    files = sorted((package / "data").glob("*.py"))
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            assert not [n for n in names if n.startswith(later) and n != "finsamdash.pack.clock"], (file.name, names)
