"""Who may see and change cases: one queryset filter and one object check, used everywhere.

Nobody outside the owner organisation sees a case. Inside it, access is need-to-know:

- a case manager sees and edits their cases; case-team members see (read) or edit (edit) theirs;
- a supervisor sees and edits the cases of the caseworkers they supervise, and unassigned cases of
  their organisation (to assign them), and approves plans and closures of those cases;
- an intake officer sees the cases they registered until somebody is assigned;
- psychologists and legal aid staff see the cases whose team they are on;
- organisation admins see the *metadata* of their organisation's cases (``metadata_cases``: number,
  stage, dates, risk, case manager, counts), never the persons or the narrative;
- data officers and national admins see no individual case.

Persons follow their cases: a person (victim, perpetrator, reporter) is visible only through a case
the user may open (``visible_persons``, ``can_view_person``), never because their organisation
recorded them. An intake may also link a person the user recorded who is on no case yet
(``linkable_persons``); the likely-duplicate check at intake says that a match exists without
showing a person the user may not see (sigap.cases.persons).

``can(user, verb, obj)`` is the one object check, by named verb (``CASE_VERBS``); the table of who
may do what is in docs/security.md.

Break-glass: a supervisor or organisation admin may open a case of their own organisation that is
outside their scope by giving a reason (``break_glass`` in sigap.cases.actions.access_log). The
opening is an access-log row; for ``BREAK_GLASS_DURATION`` it lets them read the case, never
change it. Until then ``get_case_for_user`` raises ``BreakGlassAvailable`` (a 404 everywhere but
the case page, which offers the break-glass form).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sigap.accounts.access import active_memberships, has_capability, organisation_ids
from sigap.audit.access import BREAK_GLASS_DURATION, active_break_glass
from sigap.cases.models import Case, CasePerpetrator, CaseTeamMember, CaseVictim, Note, Person
from sigap.lib.access import get_or_404, is_signed_in
from sigap.lib.models import attach
from sigap.organisations.access import administered_organisation_ids
from sigap.organisations.models import Membership
from sigap.organisations.roles import Capability


class Supervised:
    """The users a supervisor supervises, without loading them: an organisation's 1,800 workers as a
    list of literal ids made a 70 KB access query. Queries use :meth:`subquery`; object checks ask
    about one user at a time (``manager_id in supervised``), one small query each, remembered."""

    def __init__(self, supervisor_memberships: list[Any]) -> None:
        self.memberships = supervisor_memberships
        self._known: dict[Any, bool] = {}

    def __bool__(self) -> bool:
        return bool(self.memberships)

    def subquery(self) -> QuerySet[Any]:
        return Membership.objects.filter(supervisor_id__in=self.memberships, is_active=True).values("user_id")

    def __contains__(self, user_id: Any) -> bool:
        if user_id is None or not self.memberships:
            return False
        if user_id not in self._known:
            self._known[user_id] = (
                Membership.objects.filter(supervisor_id__in=self.memberships, is_active=True, user_id=user_id)
                .order_by()
                .exists()
            )
        return self._known[user_id]


def _scope(user: Any) -> tuple[set[Any], Supervised, set[Any]]:
    """(organisations where the user supervises, supervised users, organisations where they register)."""
    supervising_orgs: set[Any] = set()
    registering_orgs: set[Any] = set()
    supervisor_memberships = []
    for membership in active_memberships(user):
        if membership.can(Capability.SUPERVISE):
            supervising_orgs.add(membership.organisation_id)
            supervisor_memberships.append(membership.pk)
        if membership.can(Capability.REGISTER_CASES):
            registering_orgs.add(membership.organisation_id)
    return (supervising_orgs, Supervised(supervisor_memberships), registering_orgs)


def _scope_cached(user: Any) -> tuple[set[Any], Supervised, set[Any]]:
    cached = getattr(user, "_sigap_case_scope", None)
    if cached is None:
        cached = _scope(user)
        user._sigap_case_scope = cached
    return cached


def registering_organisations(user: Any) -> list[Any]:
    """Organisations the user registers cases for, by name."""
    return sorted(
        {m.organisation for m in active_memberships(user) if m.can(Capability.REGISTER_CASES)},
        key=lambda o: o.name,
    )


def visible_cases(user: Any) -> QuerySet[Case]:
    """Every case the user may open, by the rules in this module's docstring."""
    if not is_signed_in(user):
        return Case.objects.none()
    return _visible(user, CaseTeamMember.objects.filter(user=user).values("case_id"))


def _visible(user: Any, team_cases: Any) -> QuerySet[Case]:
    if not is_signed_in(user):
        return Case.objects.none()
    orgs = organisation_ids(user)
    if not orgs:
        return Case.objects.none()
    supervising_orgs, supervised, registering_orgs = _scope_cached(user)
    rule = Q(case_manager=user) | Q(pk__in=team_cases)
    if supervising_orgs:
        rule |= Q(organisation_id__in=supervising_orgs) & (
            Q(case_manager_id__in=supervised.subquery()) | Q(case_manager__isnull=True)
        )
    if registering_orgs:
        rule |= Q(organisation_id__in=registering_orgs, created_by=user, case_manager__isnull=True)
    return Case.objects.filter(rule, organisation_id__in=orgs)


_LISTED_TEAM_CASES = 1000
_FEW_CASES = 200


def listable_cases(user: Any) -> QuerySet[Case]:
    """``visible_cases`` for sorted, paginated lists and searches.

    For a worker without a supervisor's scope, the ids of the cases whose team they are on are
    fetched first (one small indexed query) and written into the filter as a list: a subquery
    inside the OR of the access rule would keep PostgreSQL from combining the indexes on case
    manager, team cases and registrar (a bitmap OR). With that, the ids of the worker's cases come
    from the indexes; when there are at most ``_FEW_CASES`` the list starts from them, so a sorted
    list never walks the whole organisation in date order looking for a newcomer's first case.
    Supervisors see most of their organisation, where reading it in list order is right.
    """
    if not is_signed_in(user) or not organisation_ids(user):
        return visible_cases(user)
    supervising_orgs, _supervised, _registering = _scope_cached(user)
    if supervising_orgs:
        return visible_cases(user)
    team = CaseTeamMember.objects.filter(user=user).values_list("case_id", flat=True)
    team_ids = list(team[: _LISTED_TEAM_CASES + 1])
    qs = visible_cases(user) if len(team_ids) > _LISTED_TEAM_CASES else _visible(user, team_ids)
    ids = list(qs.order_by().values_list("pk", flat=True)[: _FEW_CASES + 1])
    if len(ids) > _FEW_CASES:
        return qs  # many cases: the list's indexes find a page of them quickly
    return Case.objects.filter(pk__in=ids)


def cases_of_person(person_pk: Any) -> Q:
    """The condition on a case that ``person_pk`` is one of its victims, perpetrators or its reporter."""
    return Q(victims__person_id=person_pk) | Q(perpetrators__person_id=person_pk) | Q(reporter_id=person_pk)


def visible_persons(user: Any) -> QuerySet[Person]:
    """Persons on at least one case the user may open (need-to-know: the queryset twin of
    :func:`can_view_person`). Recorded by the user's organisation is not enough."""
    orgs = organisation_ids(user)
    if not orgs:
        return Person.objects.none()
    cases = visible_cases(user)
    linked = (
        Q(Exists(cases.filter(victims__person=OuterRef("pk"))))
        | Q(Exists(cases.filter(perpetrators__person=OuterRef("pk"))))
        | Q(Exists(cases.filter(reporter=OuterRef("pk"))))
    )
    return Person.objects.filter(linked, organisation_id__in=orgs)


def can_view_person(user: Any, person: Person) -> bool:
    """The object twin of :func:`visible_persons`: the person is on a case the user may open."""
    if person.organisation_id not in organisation_ids(user):
        return False
    return visible_cases(user).filter(cases_of_person(person.pk)).exists()


def on_no_case() -> Q:
    """The condition on a person that no case links them (yet)."""
    return (
        ~Q(Exists(CaseVictim.objects.filter(person=OuterRef("pk"))))
        & ~Q(Exists(CasePerpetrator.objects.filter(person=OuterRef("pk"))))
        & ~Q(Exists(Case.objects.filter(reporter=OuterRef("pk"))))
    )


def linkable_persons(user: Any) -> QuerySet[Person]:
    """Persons an intake by ``user`` may link to a new case: the visible ones, and those the user
    recorded for an organisation they register for that are on no case yet (a person recorded
    through the API first, then named in ``POST /api/v1/cases/``)."""
    organisations = [o.pk for o in registering_organisations(user)]
    visible = visible_persons(user)
    if not organisations:
        return visible
    own = Person.objects.filter(on_no_case(), created_by_id=user.pk, organisation_id__in=organisations)
    return Person.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=own.values("pk")))


def opened_by_break_glass(case: Case) -> bool:
    """Loaded through a break-glass opening: read-only, whatever the user's role."""
    return bool(getattr(case, "break_glass", False))


def metadata_organisation_ids(user: Any) -> set[Any]:
    """Organisations whose case metadata the user sees: those they administer."""
    return administered_organisation_ids(user)


def metadata_cases(user: Any) -> QuerySet[Case]:
    """Cases whose metadata (no personal data) the user may list; the caller picks the fields."""
    orgs = metadata_organisation_ids(user)
    if not orgs:
        return Case.objects.none()
    return Case.objects.filter(organisation_id__in=orgs)


def can_edit_case(user: Any, case: Case) -> bool:
    if opened_by_break_glass(case):
        return False
    if case.organisation_id not in organisation_ids(user):
        return False
    if case.case_manager_id == user.pk:
        return True
    if case.team.filter(user=user, access=CaseTeamMember.Access.EDIT).exists():
        return True
    supervising_orgs, supervised, _registering = _scope_cached(user)
    if case.organisation_id in supervising_orgs and (
        case.case_manager_id is None or case.case_manager_id in supervised
    ):
        return True
    return case.case_manager_id is None and case.created_by_id == user.pk


def can_approve(user: Any, case: Case) -> bool:
    """Supervisors approve plans and closures of cases their supervisees manage."""
    if opened_by_break_glass(case):
        return False
    supervising_orgs, supervised, _registering = _scope_cached(user)
    if case.organisation_id not in supervising_orgs:
        return False
    return case.case_manager_id is None or case.case_manager_id in supervised or case.case_manager_id == user.pk


def approvable_rule(user: Any) -> Q | None:
    """The queryset twin of :func:`can_approve`, as a condition on a record's ``case`` (plans,
    closures, requests to share without consent), so the database starts from the few waiting items
    instead of every case of the organisation. ``None``: the user approves nothing."""
    supervising_orgs, supervised, _registering = _scope_cached(user)
    if not supervising_orgs:
        return None
    return (
        Q(case__case_manager__isnull=True)
        | Q(case__case_manager_id__in=supervised.subquery())
        | Q(case__case_manager_id=user.pk)
    ) & Q(case__organisation_id__in=supervising_orgs)


def approvers_of(case: Case) -> QuerySet[Any]:
    """The users who may approve the case's plans and closures: the user-side twin of
    :func:`can_approve` (supervisors of the owner organisation who supervise the case manager, or
    any of them while the case has no manager, or the case manager who is a supervisor)."""
    from sigap.accounts.models import User
    from sigap.organisations.roles import ROLE_CAPABILITIES

    roles = [role for role, caps in ROLE_CAPABILITIES.items() if Capability.SUPERVISE in caps]
    supervising = Membership.objects.filter(
        organisation_id=case.organisation_id, is_active=True, organisation__is_active=True, role__in=roles
    )
    if case.case_manager_id is not None:
        their_supervisors = Membership.objects.filter(
            pk__in=Membership.objects.filter(user_id=case.case_manager_id, is_active=True).values("supervisor_id"),
            is_active=True,
            role__in=roles,
        ).values("user_id")
        supervising = supervising.filter(Q(user_id=case.case_manager_id) | Q(user_id__in=their_supervisors))
    return User.objects.filter(is_active=True, pk__in=supervising.values("user_id")).order_by("email")


def reads_restricted_notes_in(user: Any, organisation_id: Any) -> bool:
    """Whether the user reads the restricted notes of that organisation's cases (psychologists,
    counsellors, supervisors there)."""
    return any(
        m.organisation_id == organisation_id and m.can(Capability.VIEW_RESTRICTED_NOTES)
        for m in active_memberships(user)
    )


def can_read_restricted_notes(user: Any, case: Case) -> bool:
    return reads_restricted_notes_in(user, case.organisation_id)


def can_see_access_log(user: Any, case: Case) -> bool:
    """Who viewed this case: its case manager and the case manager's supervisor."""
    return case.case_manager_id == user.pk or can_approve(user, case)


class BreakGlassAvailable(Http404):
    """The user may not normally see this case, but may open it with break-glass."""

    def __init__(self, case: Case) -> None:
        super().__init__("break-glass")
        self.case = case


def break_glass_organisations(user: Any) -> set[Any]:
    """Organisations where the user may open any case by break-glass (supervisors, organisation admins).

    Not national admins: they work with aggregates, never with individual cases.
    """
    return {
        m.organisation_id
        for m in active_memberships(user)
        if (m.can(Capability.SUPERVISE) or m.can(Capability.MANAGE_ORGANISATION))
        and not m.can(Capability.ADMINISTER_NATIONAL)
    }


def _outside_scope(user: Any, pk: UUID | str, need: str) -> Case:
    """A case of the user's organisation opened by break-glass (read-only), or 404."""
    orgs = break_glass_organisations(user) if is_signed_in(user) else set()
    if not orgs:
        raise Http404
    case = get_or_404(Case.objects.select_related("organisation", "case_manager"), pk=pk, organisation_id__in=orgs)
    opening = active_break_glass(user, case.pk)
    if opening is None:
        raise BreakGlassAvailable(case)
    if need != "view":
        raise PermissionDenied
    attach(case, break_glass=True, break_glass_until=opening.time + BREAK_GLASS_DURATION)
    return case


def can_view_case(user: Any, case: Case) -> bool:
    """The object twin of :func:`visible_cases` (same rules, for one case already loaded)."""
    if not is_signed_in(user) or case.organisation_id not in organisation_ids(user):
        return False
    if case.case_manager_id == user.pk:
        return True
    supervising_orgs, supervised, registering_orgs = _scope_cached(user)
    if case.organisation_id in supervising_orgs and (
        case.case_manager_id is None or case.case_manager_id in supervised
    ):
        return True
    if case.organisation_id in registering_orgs and case.case_manager_id is None and case.created_by_id == user.pk:
        return True
    return case.team.filter(user=user).exists()


def can_manage_team(user: Any, case: Case) -> bool:
    """The case manager and their supervisor share the case with colleagues."""
    return case.case_manager_id == user.pk or can_approve(user, case)


def can_assign(user: Any, case: Case) -> bool:
    """A supervisor assigns a case; whoever registered an unassigned case hands it over."""
    return can_approve(user, case) or (case.case_manager_id is None and case.created_by_id == user.pk)


def can_reopen(user: Any, case: Case) -> bool:
    return can_edit_case(user, case) or can_approve(user, case)


def can_view_metadata(user: Any, case: Case) -> bool:
    """Organisation admins see a case's metadata (never its personal data); see ``metadata_cases``."""
    return case.organisation_id in metadata_organisation_ids(user)


# The named object checks. Every verb but "view_metadata" implies seeing the case itself.
CASE_VERBS: dict[str, Callable[[Any, Case], bool]] = {
    "view": can_view_case,
    "print": can_view_case,  # the printable summary shows what the case page shows
    "edit": can_edit_case,
    "approve": can_approve,
    "assign": can_assign,
    "manage_team": can_manage_team,
    "reopen": can_reopen,
    "read_restricted_notes": lambda user, case: can_read_restricted_notes(user, case) and can_view_case(user, case),
    "view_metadata": can_view_metadata,
    "see_access_log": can_see_access_log,
}


def can(user: Any, verb: str, obj: Case) -> bool:
    """Whether ``user`` may do ``verb`` (a key of ``CASE_VERBS``) to the case ``obj``.

    An unknown verb is a programming error, not a refusal: it raises ``ValueError``.
    """
    try:
        check = CASE_VERBS[verb]
    except KeyError:
        raise ValueError(f"unknown access verb {verb!r}; known: {', '.join(CASE_VERBS)}") from None
    return check(user, obj)


def get_case_for_user(user: Any, pk: UUID | str, need: str = "view") -> Case:
    """Load a case the user may see, or 404; any other ``need`` (a verb of :func:`can`) adds a 403 check.

    A case of the user's organisation outside their scope is read-only while a break-glass opening
    lasts; without one, supervisors and organisation admins get ``BreakGlassAvailable`` (a 404).
    """
    try:
        case = visible_cases(user).select_related("organisation", "case_manager").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError, ValidationError):
        return _outside_scope(user, pk, need)
    if need != "view" and not can(user, need, case):
        raise PermissionDenied
    return case


# --- Lists, notes and attachments ---------------------------------------------------------


def can_list_cases(user: Any) -> bool:
    return has_capability(user, Capability.VIEW_CASES) or has_capability(user, Capability.REGISTER_CASES)


def readable_notes(user: Any, notes: QuerySet[Note], organisation_id: Any) -> QuerySet[Note]:
    """``notes`` of a case held by ``organisation_id`` that the user may read: all of them for whoever
    reads restricted notes in that organisation, otherwise the normal ones and the user's own."""
    if reads_restricted_notes_in(user, organisation_id):
        return notes
    return notes.filter(Q(visibility=Note.Visibility.NORMAL) | Q(author_id=user.pk))


def visible_notes(user: Any, case: Case) -> QuerySet[Note]:
    """The notes of a case the user may read (the caller has already checked they see the case)."""
    return readable_notes(user, case.notes.select_related("author"), case.organisation_id)


def can_write_notes(user: Any, case: Case) -> bool:
    """Editors of the case write notes, and so do counsellors who may see it (they usually have read access)."""
    if case.is_closed:
        return False
    if can_edit_case(user, case):
        return True
    return can_read_restricted_notes(user, case) and visible_cases(user).filter(pk=case.pk).exists()


def note_edit_deadline(note: Note) -> datetime:
    minutes = getattr(settings, "SIGAP_NOTE_EDIT_MINUTES", 15)
    return note.created_at + timedelta(minutes=minutes)


def can_edit_note(user: Any, note: Note) -> bool:
    """Only the author, and only for a short while; after that a correction is a new note."""
    return note.author_id == user.pk and timezone.now() < note_edit_deadline(note)


def can_destroy_attachment(user: Any, case: Case) -> bool:
    """Who may destroy a file that shows a sexual image: anyone who may edit the case (speed
    matters, so also on a closed case) and the case's supervisor. Not read-only team members."""
    return can_edit_case(user, case) or can_approve(user, case)


# --- Persons ---------------------------------------------------------------------------------
#
# A person is visible to whoever may see a case the person is part of (as a victim, perpetrator or
# reporter), and editable by whoever may edit such a case.


def person_cases(user: Any, person: Person) -> QuerySet[Case]:
    """The cases of ``person`` that ``user`` may see, newest first."""
    return visible_cases(user).filter(cases_of_person(person.pk)).distinct().order_by("-registered_at")


def can_edit_person(user: Any, person: Person) -> bool:
    return any(can_edit_case(user, case) for case in person_cases(user, person).select_related(None))


def get_person_for_user(user: Any, pk: UUID | str, need: str = "view") -> Person:
    """Load a person the user may see, or 404; ``need="edit"`` adds a 403 check."""
    person = get_or_404(visible_persons(user).select_related("village"), pk=pk)
    if need == "edit" and not can_edit_person(user, person):
        raise PermissionDenied
    return person


def get_linkable_person(user: Any, pk: Any) -> Person:
    """A person an intake by ``user`` may link (:func:`linkable_persons`), or 404."""
    return get_or_404(linkable_persons(user), pk=pk)
