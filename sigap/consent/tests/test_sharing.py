"""The sharing check (``sharing_decision``, ``require_sharing_allowed``) and decisions to share
without consent (asked for by a caseworker, decided by a supervisor who did not ask)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sigap.cases.codes import ClientType
from sigap.cases.tests.factories import make_case, make_person
from sigap.consent import actions
from sigap.consent.models import Assent, GivenBy, OverrideGround, SharingOverride, SharingPurpose
from sigap.consent.sharing import require_sharing_allowed, sharing_decision
from sigap.consent.tests.factories import ask, consent_input
from sigap.organisations.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db

REFERRAL = SharingPurpose.REFERRAL
POLICE = SharingPurpose.POLICE_REPORT


@pytest.fixture
def legal_aid(regions):
    return Organisation.objects.create(
        name="LBH Contoh (test)", kind=OrganisationKind.LEGAL_AID, province=regions["jabar"]
    )


@pytest.fixture
def police(regions):
    return Organisation.objects.create(
        name="Unit PPA Polres Contoh (test)", kind=OrganisationKind.POLICE_PPA, province=regions["jabar"]
    )


def consent(cast, case, person, guardian, **scope):
    return actions.record_consent(case, actor=cast.caseworker, person=person, data=consent_input(guardian, **scope))


# --- Consent covers it or not ---------------------------------------------------------------------


def test_without_consent_sharing_needs_an_override(cast, case, client_person, hospital):
    decision = sharing_decision(case, client_person, purpose=REFERRAL, organisation=hospital)
    assert not decision.allowed
    assert decision.needs_override
    assert "has no consent in force" in decision.reason


def test_consent_covers_a_named_organisation_and_no_other(cast, case, client_person, mother, hospital, legal_aid):
    consent(cast, case, client_person, mother, share_organisations=[hospital])
    allowed = sharing_decision(case, client_person, purpose=REFERRAL, organisation=hospital)
    assert allowed.allowed and allowed.basis == "consent"
    refused = sharing_decision(case, client_person, purpose=REFERRAL, organisation=legal_aid)
    assert not refused.allowed
    assert "does not cover this" in refused.reason


def test_consent_covers_a_kind_of_organisation(cast, case, client_person, mother, legal_aid, hospital):
    consent(cast, case, client_person, mother, share_kinds=[OrganisationKind.LEGAL_AID])
    assert sharing_decision(case, client_person, purpose=REFERRAL, organisation=legal_aid).allowed
    assert not sharing_decision(case, client_person, purpose=REFERRAL, organisation=hospital).allowed


def test_the_police_report_is_its_own_scope(cast, case, client_person, mother, police):
    consent(cast, case, client_person, mother)
    assert not sharing_decision(case, client_person, purpose=POLICE, organisation=police).allowed
    consent(cast, case, client_person, mother, police_report=True)
    assert sharing_decision(case, client_person, purpose=POLICE, organisation=police).allowed
    assert sharing_decision(case, client_person, purpose=POLICE, organisation=None).allowed
    # Consent to report to police is not consent to refer to the police for anything else.
    assert not sharing_decision(case, client_person, purpose=REFERRAL, organisation=police).allowed


def test_withdrawn_consent_no_longer_covers(cast, case, client_person, mother, hospital):
    given = consent(cast, case, client_person, mother, share_organisations=[hospital])
    actions.withdraw_consent(
        given,
        actor=cast.caseworker,
        withdrawn_on=timezone.localdate(),
        withdrawn_by=GivenBy.GUARDIAN,
        reason="Ditarik.",
    )
    decision = sharing_decision(case, client_person, purpose=REFERRAL, organisation=hospital)
    assert not decision.allowed
    assert decision.consent is None


def test_only_the_latest_consent_counts(cast, case, client_person, mother, hospital):
    consent(cast, case, client_person, mother, share_organisations=[hospital])
    consent(cast, case, client_person, mother)  # services only
    assert not sharing_decision(case, client_person, purpose=REFERRAL, organisation=hospital).allowed


def test_a_childs_refused_assent_means_sharing_needs_an_override(cast, case, client_person, mother, hospital):
    consent(cast, case, client_person, mother, share_organisations=[hospital], assent=Assent.REFUSED)
    decision = sharing_decision(case, client_person, purpose=REFERRAL, organisation=hospital)
    assert not decision.allowed
    assert "assent was refused" in decision.reason


def test_sharing_within_the_owner_organisation_needs_no_consent(cast, case, client_person):
    decision = sharing_decision(case, client_person, purpose=REFERRAL, organisation=cast.org)
    assert decision.allowed and decision.basis == "own_organisation"


def test_without_a_person_every_client_of_the_case_must_be_covered(cast, mother, hospital):
    sister = make_person(cast.org, cast.caseworker, full_name="Adik Contoh", date_of_birth=date(2016, 1, 2))
    first = make_person(cast.org, cast.caseworker, full_name="Kakak Contoh", date_of_birth=date(2012, 1, 2))
    siblings = make_case(cast.org, cast.caseworker, victims=[first, sister])
    consent(cast, siblings, first, mother, share_organisations=[hospital])
    decision = sharing_decision(siblings, None, purpose=REFERRAL, organisation=hospital)
    assert not decision.allowed
    assert "Adik Contoh" in decision.reason
    consent(cast, siblings, sister, mother, share_organisations=[hospital])
    assert sharing_decision(siblings, None, purpose=REFERRAL, organisation=hospital).allowed


def test_an_organisation_is_needed_except_for_the_police_report(cast, case, client_person):
    with pytest.raises(ValueError, match="organisation"):
        sharing_decision(case, client_person, purpose=REFERRAL, organisation=None)


# --- require_sharing_allowed (what referrals and exports call) ------------------------------------


def test_require_sharing_allowed_raises_a_translated_error_without_consent(cast, case, client_person, hospital):
    with pytest.raises(ValidationError) as excinfo:
        require_sharing_allowed(case, client_person, purpose=REFERRAL, organisation=hospital)
    assert excinfo.value.code == "consent_required"
    assert "Record their consent, or ask a supervisor" in excinfo.value.messages[0]


def test_require_sharing_allowed_speaks_the_users_language(cast, case, client_person, hospital):
    from django.utils import translation

    with translation.override("id"), pytest.raises(ValidationError) as excinfo:
        require_sharing_allowed(case, client_person, purpose=REFERRAL, organisation=hospital)
    assert "belum memiliki persetujuan yang berlaku" in excinfo.value.messages[0]


def test_require_sharing_allowed_returns_the_decision_when_consent_covers_it(
    cast, case, client_person, mother, hospital
):
    given = consent(cast, case, client_person, mother, share_organisations=[hospital])
    decision = require_sharing_allowed(case, client_person, purpose=REFERRAL, organisation=hospital)
    assert decision.consent == given


def test_require_sharing_allowed_accepts_an_approved_override_for_exactly_that_sharing(
    cast, case, client_person, hospital, legal_aid
):
    override = ask(cast, case, client_person, hospital)
    with pytest.raises(ValidationError):  # pending is not approved
        require_sharing_allowed(case, client_person, purpose=REFERRAL, organisation=hospital)
    actions.approve_override(override, actor=cast.supervisor, comment="Setuju, demi kepentingan terbaik anak.")
    decision = require_sharing_allowed(case, client_person, purpose=REFERRAL, organisation=hospital)
    assert decision.basis == "override" and decision.override == override
    with pytest.raises(ValidationError):
        require_sharing_allowed(case, client_person, purpose=REFERRAL, organisation=legal_aid)
    with pytest.raises(ValidationError):
        require_sharing_allowed(case, client_person, purpose=SharingPurpose.TRANSFER, organisation=hospital)


def test_an_approved_police_report_override_covers_any_police_unit(cast, case, client_person, police):
    override = ask(cast, case, client_person, None, purpose=POLICE, ground=OverrideGround.LEGAL_DUTY)
    actions.approve_override(override, actor=cast.supervisor)
    assert require_sharing_allowed(case, client_person, purpose=POLICE, organisation=police).allowed


def test_a_rejected_override_does_not_allow_sharing(cast, case, client_person, hospital):
    override = ask(cast, case, client_person, hospital)
    actions.reject_override(override, actor=cast.supervisor, comment="Hubungi ibunya dulu.")
    assert not sharing_decision(case, client_person, purpose=REFERRAL, organisation=hospital).allowed


# --- Who decides ------------------------------------------------------------------------------------


def test_a_caseworker_cannot_approve_an_override(cast, case, client_person, hospital):
    override = ask(cast, case, client_person, hospital)
    with pytest.raises(PermissionDenied):
        actions.approve_override(override, actor=cast.caseworker)


def test_nobody_approves_their_own_request(cast, case, client_person, hospital):
    override = ask(cast, case, client_person, hospital, actor=cast.supervisor)
    with pytest.raises(PermissionDenied):
        actions.approve_override(override, actor=cast.supervisor)
    override.refresh_from_db()
    assert override.status == SharingOverride.Status.PENDING


def test_a_supervisor_of_another_organisation_cannot_decide(cast, case, client_person, hospital):
    override = ask(cast, case, client_person, hospital)
    with pytest.raises(PermissionDenied):
        actions.approve_override(override, actor=cast.other_caseworker)


def test_an_override_is_decided_once_and_a_refusal_says_why(cast, case, client_person, hospital):
    override = ask(cast, case, client_person, hospital)
    with pytest.raises(ValidationError) as excinfo:
        actions.reject_override(override, actor=cast.supervisor, comment=" ")
    assert "comment" in excinfo.value.message_dict
    stale = SharingOverride.objects.get(pk=override.pk)
    actions.approve_override(override, actor=cast.supervisor)
    with pytest.raises(ValidationError):
        actions.reject_override(stale, actor=cast.supervisor, comment="Tidak.")
    assert set(case.timeline.values_list("verb", flat=True)) >= {
        "sharing_override_requested",
        "sharing_override_approved",
    }


def test_a_request_needs_a_ground_an_explanation_and_an_outside_organisation(cast, case, client_person):
    with pytest.raises(ValidationError) as excinfo:
        actions.request_override(
            case,
            actor=cast.caseworker,
            person=client_person,
            purpose=REFERRAL,
            organisation=cast.org,
            ground="whim",
            explanation="",
        )
    assert {"organisation", "ground", "explanation"} <= set(excinfo.value.message_dict)


def test_best_interests_is_a_ground_for_children_only(cast, hospital):
    adult = make_case(
        cast.org, cast.caseworker, client_type=ClientType.ADULT_WOMAN, victim_values={"date_of_birth": date(1990, 1, 1)}
    )
    person = adult.victims.get().person
    with pytest.raises(ValidationError) as excinfo:
        ask(cast, adult, person, hospital)
    assert "ground" in excinfo.value.message_dict
    assert ask(cast, adult, person, hospital, ground=OverrideGround.IMMINENT_DANGER).pk


def test_no_override_is_asked_for_what_consent_already_covers_nor_twice(
    cast, case, client_person, mother, hospital, legal_aid
):
    consent(cast, case, client_person, mother, share_organisations=[hospital])
    with pytest.raises(ValidationError):
        ask(cast, case, client_person, hospital)
    ask(cast, case, client_person, legal_aid)
    with pytest.raises(ValidationError):
        ask(cast, case, client_person, legal_aid)


def test_a_read_only_team_member_cannot_ask_for_an_override(cast, case, client_person, hospital):
    from sigap.cases import actions as case_actions

    case_actions.add_team_member(case, actor=cast.caseworker, user=cast.caseworker2, access="read")
    with pytest.raises(PermissionDenied):
        ask(cast, case, client_person, hospital, actor=cast.caseworker2)
