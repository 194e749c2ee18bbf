"""Conference verbs and visibility: who organises, who is invited (with consent), minutes, actions
and their adoption into the case plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sigap.cases import actions as case_actions
from sigap.cases.models import CasePlan
from sigap.cases.tests.factories import approved_plan_of, complete_assessment_of, raw_rows
from sigap.conferences import actions
from sigap.conferences.access import actions_for, is_participant, shared_case_sections, visible_conferences
from sigap.conferences.models import Conference

pytestmark = pytest.mark.django_db


def action(receiver, **kw):
    values = {
        "service_type": "bantuan_hukum",
        "description": "Pendampingan di kepolisian",
        "responsible_organisation": receiver.org,
    }
    values.update(kw)
    return actions.ActionData(**values)


def test_the_case_team_schedules_and_the_timeline_says_so(cast, case, conference):
    assert conference.organisation == cast.org and conference.status == Conference.Status.SCHEDULED
    assert case.timeline.filter(verb="conference_scheduled").exists()
    assert case.timeline.filter(verb="conference_invited").exists()


def test_a_read_only_team_member_or_another_organisation_may_not_organise(cast, case, receiver):
    for user in (cast.psychologist, receiver.supervisor):
        with pytest.raises(PermissionDenied):
            actions.schedule_conference(case, actor=user, title="X", scheduled_at=timezone.now())


def test_bad_input_is_refused_with_nothing_saved(cast, case):
    with pytest.raises(ValidationError) as error:
        actions.schedule_conference(case, actor=cast.caseworker, title=" ", scheduled_at=timezone.now())
    assert "title" in error.value.message_dict
    assert not Conference.objects.exists()


def test_inviting_an_organisation_needs_consent_for_it(cast, conference, third_org):
    with pytest.raises(ValidationError) as error:
        actions.invite(conference, actor=cast.caseworker, organisation=third_org)
    assert error.value.code == "consent_required"
    assert not conference.invitations.filter(organisation=third_org).exists()


def test_a_user_is_invited_through_their_organisation_and_an_outsider_by_name(
    cast, conference, receiver, third_supervisor
):
    invitation = actions.invite(conference, actor=cast.caseworker, user=receiver.caseworker, role="Pendamping")
    assert invitation.organisation == receiver.org
    with pytest.raises(ValidationError):  # another organisation without consent, through its user
        actions.invite(conference, actor=cast.caseworker, user=third_supervisor)
    with pytest.raises(ValidationError):
        actions.invite(conference, actor=cast.caseworker, user=receiver.caseworker)  # already invited
    outsider = actions.invite(
        conference, actor=cast.caseworker, name="Bu RT Contoh", outside_organisation="RT 03", role="Tokoh masyarakat"
    )
    assert outsider.is_outside
    with pytest.raises(ValidationError):
        actions.invite(conference, actor=cast.caseworker)


def test_invited_organisations_see_the_record_and_others_do_not(cast, conference, receiver, third_supervisor):
    for user in (receiver.supervisor, receiver.caseworker, receiver.psychologist):
        assert conference in visible_conferences(user), user
        assert is_participant(user, conference)
    for user in (third_supervisor, cast.other_org_admin, cast.caseworker2, cast.org_admin):
        assert conference not in visible_conferences(user), user
    assert conference in visible_conferences(cast.caseworker) and not is_participant(cast.caseworker, conference)
    # Participants see the conference, and of the case only what a referral shares with them.
    assert shared_case_sections(receiver.supervisor, conference.case) == set()


def test_a_participant_sees_the_sections_an_active_referral_shares_with_their_organisation(
    cast, conference, receiver, client
):
    from sigap.directory.tests.factories import make_service
    from sigap.referrals.actions import ReferralInput, cancel_referral, send_referral

    service = make_service(cast.other_org, "Pendampingan Mataram (sintetis)", service_types=["psikologis"])
    referral = send_referral(
        conference.case,
        actor=cast.caseworker,
        data=ReferralInput(
            service=service,
            service_type="psikologis",
            sections=["violence", "plan"],
            reason="Pendampingan.",
            urgency="routine",
        ),
    )
    assert shared_case_sections(receiver.supervisor, conference.case) == {"violence", "plan"}
    assert shared_case_sections(cast.other_org_admin, conference.case) == set()  # not case staff
    client.force_login(receiver.supervisor)
    page = client.get(conference.get_absolute_url()).content.decode()
    assert referral.get_absolute_url() in page
    cancel_referral(referral, actor=cast.caseworker, reason="Tidak diperlukan lagi.")
    assert shared_case_sections(receiver.supervisor, conference.case) == set()


def test_a_colleague_invited_by_name_sees_it(cast, conference):
    assert conference not in visible_conferences(cast.caseworker2)
    actions.invite(conference, actor=cast.caseworker, user=cast.caseworker2)
    assert conference in visible_conferences(cast.caseworker2)


def test_minutes_are_encrypted_and_only_after_the_meeting(cast, case, conference):
    later = actions.schedule_conference(
        case, actor=cast.caseworker, title="Nanti", scheduled_at=timezone.now() + timedelta(days=3)
    )
    with pytest.raises(ValidationError):
        actions.record_minutes(later, actor=cast.caseworker, minutes="Terlalu awal")
    with pytest.raises(ValidationError):
        actions.record_minutes(conference, actor=cast.caseworker, minutes="")
    actions.record_minutes(conference, actor=cast.caseworker, minutes="Notulen rahasia", decisions="Keputusan A")
    conference.refresh_from_db()
    assert conference.status == Conference.Status.HELD and conference.minutes == "Notulen rahasia"
    assert "Notulen rahasia" not in raw_rows(Conference)
    with pytest.raises(ValidationError):
        actions.cancel_conference(conference, actor=cast.caseworker)


def test_actions_need_an_owner_from_the_case_or_an_invited_organisation(cast, conference, receiver, third_org):
    with pytest.raises(ValidationError) as error:
        actions.add_action(conference, actor=cast.caseworker, data=action(receiver, responsible_organisation=None))
    assert "responsible_organisation" in error.value.message_dict
    with pytest.raises(ValidationError):
        actions.add_action(conference, actor=cast.caseworker, data=action(receiver, responsible_organisation=third_org))
    with pytest.raises(ValidationError) as error:
        actions.add_action(conference, actor=cast.caseworker, data=action(receiver, responsible_user=cast.caseworker))
    assert "responsible_user" in error.value.message_dict
    made = actions.add_action(
        conference,
        actor=cast.caseworker,
        data=action(receiver, responsible_organisation=None, responsible_user=receiver.caseworker),
    )
    assert made.responsible_organisation == receiver.org  # taken from the person's organisation


def test_participants_see_only_their_own_actions(cast, conference, receiver):
    theirs = actions.add_action(conference, actor=cast.caseworker, data=action(receiver))
    ours = actions.add_action(
        conference,
        actor=cast.caseworker,
        data=action(receiver, service_type="psikologis", responsible_organisation=cast.org),
    )
    assert list(actions_for(receiver.caseworker, conference)) == [theirs]
    assert set(actions_for(cast.caseworker, conference)) == {theirs, ours}


def test_adopting_actions_starts_a_draft_plan_that_a_supervisor_approves(cast, case, conference, receiver):
    complete_assessment_of(case, cast.caseworker)  # the case is now in planning, with no plan yet
    made = actions.add_action(
        conference,
        actor=cast.caseworker,
        data=action(receiver, responsible_user=receiver.caseworker, due_date=timezone.localdate()),
    )
    plan = actions.adopt_actions(conference, actor=cast.caseworker)
    assert plan.status == CasePlan.Status.DRAFT and plan.number == 1
    goal = plan.goals.get()  # what the conference agreed, no goals proposed beside it
    assert "case conference" in goal.text
    plan_action = goal.actions.get()
    assert (plan_action.responsible_organisation, plan_action.responsible_user) == (receiver.org, receiver.caseworker)
    made.refresh_from_db()
    assert made.adopted_at is not None and made.plan == plan and made.plan_action == plan_action
    assert case.timeline.filter(verb="conference_actions_adopted").exists()
    with pytest.raises(ValidationError):  # nothing left to adopt
        actions.adopt_actions(conference, actor=cast.caseworker)
    case_actions.submit_plan(plan, actor=cast.caseworker)
    case_actions.approve_plan(plan, actor=cast.supervisor)
    assert case.plans.get(status=CasePlan.Status.APPROVED).pk == plan.pk


def test_an_approved_plan_stays_in_force_and_a_new_version_gets_the_actions(cast, case, conference, receiver):
    complete_assessment_of(case, cast.caseworker)
    approved = approved_plan_of(case, cast.caseworker, cast.supervisor)
    actions.add_action(conference, actor=cast.caseworker, data=action(receiver))
    plan = actions.adopt_actions(conference, actor=cast.caseworker)
    approved.refresh_from_db()
    assert approved.status == CasePlan.Status.APPROVED
    assert plan.number == 2 and plan.status == CasePlan.Status.DRAFT
    texts = list(plan.goals.order_by("order").values_list("text", flat=True))
    assert texts[0] == "Anak merasa aman dan pulih." and "case conference" in texts[1]
    assert plan.goals.get(order=0).actions.count() == 1  # the approved plan's action is copied


def test_adopting_waits_while_a_plan_is_submitted(cast, case, conference, receiver):
    complete_assessment_of(case, cast.caseworker)
    plan = case_actions.create_plan(case, actor=cast.caseworker)
    case_actions.save_plan(
        plan,
        actor=cast.caseworker,
        goals=[
            case_actions.GoalInput(
                text="Aman",
                actions=[case_actions.ActionInput(service_type="psikologis", responsible_organisation=cast.org)],
            )
        ],
    )
    case_actions.submit_plan(plan, actor=cast.caseworker)
    actions.add_action(conference, actor=cast.caseworker, data=action(receiver))
    with pytest.raises(ValidationError) as error:
        actions.adopt_actions(conference, actor=cast.caseworker)
    assert error.value.code == "plan_submitted"


def test_a_case_still_in_identification_cannot_take_plan_actions(cast, conference, receiver):
    made = actions.add_action(conference, actor=cast.caseworker, data=action(receiver))
    with pytest.raises(ValidationError):
        actions.adopt_actions(conference, actor=cast.caseworker)
    made.refresh_from_db()
    assert made.adopted_at is None and not CasePlan.objects.filter(case=conference.case).exists()


def test_the_team_changes_a_scheduled_conference_and_the_timeline_says_so(cast, case, conference, receiver):
    later = timezone.now() + timedelta(days=2)
    actions.update_conference(conference, actor=cast.caseworker, title="Rapat baru", scheduled_at=later, agenda="A")
    conference.refresh_from_db()
    assert (conference.title, conference.scheduled_at, conference.agenda) == ("Rapat baru", later, "A")
    assert case.timeline.filter(verb="conference_changed").count() == 1
    actions.update_conference(conference, actor=cast.caseworker, title="Rapat baru", scheduled_at=later, agenda="A")
    assert case.timeline.filter(verb="conference_changed").count() == 1  # nothing changed, nothing written
    with pytest.raises(PermissionDenied):
        actions.update_conference(conference, actor=receiver.supervisor, title="X", scheduled_at=later)
    with pytest.raises(ValidationError):
        actions.update_conference(conference, actor=cast.caseworker, title="", scheduled_at=later)
    actions.cancel_conference(conference, actor=cast.caseworker)
    with pytest.raises(PermissionDenied):  # a cancelled conference is no longer organised
        actions.update_conference(conference, actor=cast.caseworker, title="Y", scheduled_at=later)


def test_adopted_actions_join_a_draft_that_started_from_the_needs_and_keep_each_goal_s_need(
    cast, case, conference, receiver
):
    from sigap.cases.actions.planning import assessment_needs, create_plan, latest_assessment

    complete_assessment_of(case, cast.caseworker)
    needs = assessment_needs(latest_assessment(case))
    assert needs  # the factory's assessment found needs
    draft = create_plan(case, actor=cast.caseworker)  # the worker started it: one goal per need
    actions.add_action(conference, actor=cast.caseworker, data=action(receiver))
    plan = actions.adopt_actions(conference, actor=cast.caseworker)
    assert plan.pk == draft.pk
    adopted = plan.goals.get(text__contains="case conference")
    assert sorted(str(g.need_id) for g in plan.goals.exclude(pk=adopted.pk)) == sorted(str(e.pk) for e in needs)
