"""The guided assessment's rules: the shipped definitions are well formed for the cases app, the
risk proposal follows its documented rule, and tagged answers become the domains' entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.utils import translation

from sigap.cases import guided
from sigap.cases.codes import AssessmentDomain, Priority, RiskLevel

DEFINITIONS = Path(__file__).resolve().parents[2] / "forms" / "definitions"
TYPES = {"text", "long_text", "yes_no", "single", "multiple", "scale", "date", "number"}


def load(name: str) -> dict:
    return json.loads((DEFINITIONS / f"{name}.json").read_text(encoding="utf-8"))


ASSESSMENT = load("psychosocial-assessment")
SCREENING = load("initial-screening")


def texts(node):
    """Every translatable text of a definition, wherever it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"title", "label", "help", "prompt", "description"}:
                yield value
            else:
                yield from texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from texts(item)


@pytest.mark.parametrize("schema", [ASSESSMENT, SCREENING], ids=["assessment", "screening"])
def test_definitions_are_well_formed_and_in_both_languages(schema):
    keys = [q["key"] for _s, q in guided.questions(schema)]
    assert len(keys) == len(set(keys))
    seen: set[str] = set()
    for _section, question in guided.questions(schema):
        assert question["type"] in TYPES
        if question["type"] in {"single", "multiple"}:
            assert question["choices"]
        condition = question.get("show_if")
        if condition:
            assert condition["question"] in seen, f"{question['key']} depends on a later question"
        seen.add(question["key"])
    for text in texts(schema):
        assert isinstance(text, dict) and text["id"].strip() and text["en"].strip()
    for tag in (guided.SUMMARY, guided.RISK_LEVEL, guided.RISK_REASON):
        assert guided.key_of(schema, tag)


def test_every_domain_has_its_section_with_one_need_and_one_priority():
    sections = {s["key"]: s for s in ASSESSMENT["sections"]}
    assert set(AssessmentDomain.values) <= set(sections)
    for domain in AssessmentDomain.values:
        tags = [q.get("tag") for q in sections[domain]["questions"]]
        assert tags.count(guided.NEED) == 1 and tags.count(guided.NEED_PRIORITY) == 1
        assert guided.CLIENT_WORDS in tags
        priority = next(q for q in sections[domain]["questions"] if q.get("tag") == guided.NEED_PRIORITY)
        assert {c["value"] for c in priority["choices"]} == set(Priority.values)


def test_child_only_questions_show_only_for_a_child():
    views = next(q for _s, q in guided.questions(ASSESSMENT) if q["key"] == "bi_views")
    assert guided.is_shown(views, {"client_is_child": "yes"})
    assert guided.is_shown(views, {"client_is_child": True})
    assert not guided.is_shown(views, {"client_is_child": "no"})
    assert not guided.is_shown(views, {})


# --- The risk proposal ----------------------------------------------------------------------


def test_no_risk_factor_proposes_low():
    proposal = guided.propose_risk(ASSESSMENT, {"safety_threats": "no", "summary": "x"})
    assert proposal.level == RiskLevel.LOW
    assert proposal.high == [] and proposal.factors == []


def test_one_or_two_risk_factors_propose_medium_with_them_as_the_reason():
    with translation.override("en"):
        proposal = guided.propose_risk(ASSESSMENT, {"safety_threats": "yes", "econ_basic_needs": True})
    assert proposal.level == RiskLevel.MEDIUM
    assert "threatened since the report" in proposal.reason
    assert "basic needs unmet" in proposal.reason


def test_three_risk_factors_or_one_danger_indicator_propose_high():
    three = {"safety_threats": "yes", "econ_basic_needs": "yes", "legal_pressure": "yes"}
    assert guided.propose_risk(ASSESSMENT, three).level == RiskLevel.HIGH
    with translation.override("id"):
        one = guided.propose_risk(ASSESSMENT, {"psy_self_harm": "yes"})
    assert one.level == RiskLevel.HIGH
    assert one.high == ["Apakah ia pernah bicara tentang menyakiti diri atau tidak ingin hidup?"]


def test_a_hidden_question_does_not_count():
    # edu_missing shows only when the client is in school.
    answers = {"edu_in_school": "no", "edu_missing": "yes"}
    assert guided.propose_risk(ASSESSMENT, answers).level == RiskLevel.LOW


def test_the_screening_proposes_too():
    assert guided.propose_risk(SCREENING, {"immediate_danger": "yes"}).level == RiskLevel.HIGH
    assert guided.propose_risk(SCREENING, {"threats": "yes"}).level == RiskLevel.MEDIUM


# --- Entries ----------------------------------------------------------------------------------


def test_tagged_answers_become_the_domains_findings_needs_and_priority():
    answers = {
        "client_is_child": "yes",
        "safety_findings": "Tinggal di rumah nenek sejak minggu lalu.",
        "safety_perpetrator_access": "yes",
        "safety_threats": "no",
        "safety_client_words": "Saya mau tinggal sama nenek.",
        "safety_strengths": "Nenek melindungi.",
        "safety_need": "Tempat tinggal aman",
        "safety_priority": "high",
        "psy_trusted_person": "yes",
        "psychosocial_need": "Konseling",
        "psychosocial_priority": "urgent!",  # not a priority: left blank
        "bi_views": "Ingin tetap sekolah.",
        "summary": "Ringkasan.",
        "risk_level": "high",
    }
    domains = [d for d in AssessmentDomain.values if d != AssessmentDomain.LEGAL]
    with translation.override("id"):
        entries = guided.domain_entries(ASSESSMENT, answers, domains)
    assert set(entries) == {"safety", "psychosocial", "best_interests"}
    safety = entries["safety"]
    assert safety["findings"].startswith("Tinggal di rumah nenek sejak minggu lalu.")
    assert "Faktor risiko: Apakah terduga pelaku masih dapat menemui klien?" in safety["findings"]
    assert "Kekuatan: Nenek melindungi." in safety["findings"]
    assert "\u201cSaya mau tinggal sama nenek.\u201d" in safety["findings"]
    assert (safety["needs"], safety["priority"]) == ("Tempat tinggal aman", "high")
    assert entries["psychosocial"]["priority"] == ""
    assert "Apakah ada orang yang ia percaya" in entries["psychosocial"]["findings"]
    assert guided.summary_of(ASSESSMENT, answers) == ("Ringkasan.", "high", "")


def test_a_domain_not_assessed_on_the_case_is_left_out():
    answers = {"client_is_child": "yes", "bi_views": "Ingin tetap sekolah.", "legal_need": "Pendamping hukum"}
    entries = guided.domain_entries(ASSESSMENT, answers, ["legal"])
    assert list(entries) == ["legal"]
