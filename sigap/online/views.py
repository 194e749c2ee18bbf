"""Online-abuse screens, under a case: /cases/<case id>/online/… Thin: the verbs do the work.

Every view loads the case through ``get_case_for_user`` first: another organisation's case is a 404;
changing needs edit access on an open case (403 otherwise). Viewing an evidence item is written to
the access log; its file is downloaded through the case's attachment download (logged there too).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sigap.audit.access import AccessAction, log_access
from sigap.cases.access import can_destroy_attachment, get_case_for_user
from sigap.cases.codes import ClientType, TPKSOffence
from sigap.cases.models import Case, Person
from sigap.lib.forms import add_errors
from sigap.lib.http import SignedInRequest
from sigap.online import access, actions, report_charts, reports, safety
from sigap.online.forms import (
    AccountForm,
    CustodyForm,
    EvidenceForm,
    GuidanceForm,
    IncidentForm,
    SafetyPlanForm,
    TakedownForm,
    TakedownStatusForm,
)
from sigap.online.guidance import panels_for
from sigap.online.models import (
    SEXUAL_HARMS,
    Guidance,
    SexualContent,
    TakedownReminder,
)

PAGE_SIZE = 20


def _edit_case(request: SignedInRequest, pk: UUID) -> Case:
    """The case for a change: 404 when not visible, 403 without edit access or when it is closed."""
    case = get_case_for_user(request.user, pk, need="edit")
    if case.is_closed:
        raise PermissionDenied
    return case


def _status(form: Any) -> int:
    return 400 if form.is_bound else 200


def legal_hints(case: Case, harm_types: set[str]) -> list[str]:
    """Prompts about the law for these harm types (docs/cases.md, docs/online.md)."""
    hints: list[str] = []
    sexual = harm_types & SEXUAL_HARMS
    if sexual and TPKSOffence.KSBE not in case.tpks_offences:
        hints.append(
            _(
                "This looks like electronic-based sexual violence (KSBE) under UU 12/2022 TPKS. Consider recording "
                "the form of violence “Sexual” and the TPKS offence KSBE in the case overview."
            )
        )
    if sexual and case.client_type == ClientType.CHILD:
        hints.append(
            _(
                "A child victim of online sexual abuse: the report to the police is due within 3×24 hours of intake "
                "(see the case's tasks)."
            )
        )
    if sexual:
        hints.append(
            _("The victim has a right to have sexual content removed (TPKS): record each removal request below.")
        )
    return hints


def online_section(request: SignedInRequest, case: Case) -> dict[str, Any]:
    """For the case page: the incidents, takedown requests waiting or with reminders, counts and the
    first-aid panels. A fixed number of queries, however many records."""
    incidents = list(access.incidents_of(case))
    harms = {harm for incident in incidents for harm in incident.harm_types}
    takedowns = list(access.takedowns_of(case).order_by("-last_activity_at")[:10]) if incidents else []
    reminded = (
        set(
            TakedownReminder.objects.filter(takedown__case=case, done_at__isnull=True).values_list(
                "takedown_id", flat=True
            )
        )
        if takedowns
        else set()
    )
    return {
        "online_incidents": incidents,
        "online_takedowns": [(t, t.pk in reminded) for t in takedowns],
        "online_evidence_count": case.online_evidence.count() if incidents else 0,
        "online_can_change": access.can_change(request.user, case),
        "online_guidance": panels_for(sorted(harms)),
        "online_hints": legal_hints(case, harms),
    }


# --- Incidents --------------------------------------------------------------------------------


def incident_new(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = _edit_case(request, pk)
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = actions.record_incident(
                case,
                actor=request.user,
                data=actions.IncidentInput(**form.cleaned_data),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The online incident was recorded."))
            return redirect("online:incident", pk=case.pk, incident_pk=incident.pk)
    return render(request, "online/incident_form.html", {"case": case, "form": form}, status=_status(form))


def incident_edit(request: SignedInRequest, pk: UUID, incident_pk: UUID) -> HttpResponse:
    """Change a recorded incident; the same checks as recording it (the verb decides)."""
    case = _edit_case(request, pk)
    item = access.get_incident(case, incident_pk)
    form = IncidentForm(request.POST or None, initial=actions.incident_input(item).__dict__)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_incident(
                item,
                actor=request.user,
                data=actions.IncidentInput(**form.cleaned_data),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The online incident was saved."))
            return redirect("online:incident", pk=case.pk, incident_pk=item.pk)
    return render(
        request,
        "online/incident_form.html",
        {"case": case, "form": form, "incident": item},
        status=_status(form),
    )


@require_GET
def incident(request: SignedInRequest, pk: UUID, incident_pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    item = access.get_incident(case, incident_pk)
    log_access(user=request.user, obj=item, action=AccessAction.VIEW_CASE, request=request)
    return render(
        request,
        "online/incident_detail.html",
        {
            "case": case,
            "incident": item,
            "accounts": list(item.accounts.all()),
            "evidence": list(item.evidence.select_related("attachment").order_by("-created_at")[:50]),
            "takedowns": list(item.takedowns.select_related("account").order_by("-created_at")[:50]),
            "can_change": access.can_change(request.user, case),
            "guidance": panels_for(item.harm_types),
            "hints": legal_hints(case, set(item.harm_types)),
        },
    )


def account_add(request: SignedInRequest, pk: UUID, incident_pk: UUID) -> HttpResponse:
    case = _edit_case(request, pk)
    item = access.get_incident(case, incident_pk)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_offender_account(item, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The account was added."))
            return redirect("online:incident", pk=case.pk, incident_pk=item.pk)
    return render(
        request, "online/account_form.html", {"case": case, "incident": item, "form": form}, status=_status(form)
    )


# --- Evidence ---------------------------------------------------------------------------------


@require_GET
def evidence_list(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """The evidence register of the case, newest first."""
    case = get_case_for_user(request.user, pk)
    page = Paginator(access.evidence_of(case).order_by("-created_at", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    log_access(user=request.user, obj=case, action=AccessAction.VIEW_CASE, request=request)
    return render(
        request,
        "online/evidence_list.html",
        {"case": case, "page": page, "can_change": access.can_change(request.user, case)},
    )


def evidence_new(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = _edit_case(request, pk)
    initial = {"incident": request.GET.get("incident")} if request.GET.get("incident") else {}
    form = EvidenceForm(request.POST or None, request.FILES or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evidence = actions.record_evidence(
                case,
                actor=request.user,
                data=actions.EvidenceInput(
                    kind=data["kind"],
                    incident=data["incident"],
                    description=data["description"],
                    url=data["url"],
                    platform=data["platform"],
                    sexual_content=data["sexual_content"],
                    police_hash=data["police_hash"],
                    chat_text=data["chat_text"],
                    captured_at=data["captured_at"],
                    captured_by=data["captured_by"],
                    upload=data["file"],
                    no_sexual_image_confirmed=data["no_sexual_image_confirmed"],
                ),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The evidence item was recorded."))
            return redirect("online:evidence", pk=case.pk, evidence_pk=evidence.pk)
    return render(
        request,
        "online/evidence_form.html",
        {"case": case, "form": form, "sexual_values": [SexualContent.ADULT, SexualContent.CHILD]},
        status=_status(form),
    )


def evidence(request: SignedInRequest, pk: UUID, evidence_pk: UUID) -> HttpResponse:
    """One evidence item and its chain of custody; editors record a handover here."""
    case = get_case_for_user(request.user, pk, need="edit" if request.method == "POST" else "view")
    item = access.get_evidence(case, evidence_pk)
    can_change = access.can_change(request.user, case)
    form = CustodyForm(request.POST or None) if can_change else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.record_custody(item, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The handover was recorded."))
                return redirect("online:evidence", pk=case.pk, evidence_pk=item.pk)
    else:
        log_access(user=request.user, obj=item, action=AccessAction.VIEW_EVIDENCE, request=request)
    return render(
        request,
        "online/evidence_detail.html",
        {
            "case": case,
            "item": item,
            "custody": list(item.custody.all()),
            "form": form,
            "can_change": can_change,
            "can_destroy": item.attachment_id is not None and can_destroy_attachment(request.user, case),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Takedown requests ----------------------------------------------------------------------


@require_GET
def takedown_list(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    page = Paginator(access.takedowns_of(case).order_by("-created_at", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "online/takedown_list.html",
        {"case": case, "page": page, "can_change": access.can_change(request.user, case)},
    )


def takedown_new(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = _edit_case(request, pk)
    form = TakedownForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account = data["account"]
        try:
            takedown = actions.create_takedown(
                case,
                actor=request.user,
                data=actions.TakedownInput(
                    incident=account.incident if account else case.online_incidents.order_by("-created_at").first(),
                    **data,
                ),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The takedown request was recorded."))
            return redirect("online:takedown", pk=case.pk, takedown_pk=takedown.pk)
    return render(request, "online/takedown_form.html", {"case": case, "form": form}, status=_status(form))


def takedown(request: SignedInRequest, pk: UUID, takedown_pk: UUID) -> HttpResponse:
    """A takedown request and its progress; editors record a new status here."""
    case = get_case_for_user(request.user, pk, need="edit" if request.method == "POST" else "view")
    item = access.get_takedown(case, takedown_pk)
    can_change = access.can_change(request.user, case)
    form = TakedownStatusForm(request.POST or None) if can_change else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.update_takedown(item, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The takedown request was updated."))
                return redirect("online:takedown", pk=case.pk, takedown_pk=item.pk)
    return render(
        request,
        "online/takedown_detail.html",
        {"case": case, "item": item, "form": form, "reminders": list(item.reminders.filter(done_at__isnull=True))},
        status=400 if request.method == "POST" else 200,
    )


# --- Digital safety plan ---------------------------------------------------------------------


def _client(case: Case, person_pk: str | None) -> Person:
    victims = case.victims.select_related("person").order_by("-is_primary", "created_at")
    if person_pk:
        try:
            victims = victims.filter(person_id=UUID(person_pk))
        except ValueError as exc:  # a malformed id in the address: no such client
            raise Http404 from exc
    victim = victims.first()
    if victim is None:
        raise Http404
    return victim.person


def safety_plan(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk, need="edit" if request.method == "POST" else "view")
    person = _client(case, request.GET.get("person"))
    plan, current = safety.plan_items(case, person)
    can_change = access.can_change(request.user, case)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    form = SafetyPlanForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_safety_plan(case, actor=request.user, person=person, items=form.items())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The digital safety plan was saved."))
            return redirect(f"{request.path}?person={person.pk}")
    return render(
        request,
        "online/safety_plan.html",
        {"case": case, "person": person, "plan": plan, "form": form, "can_change": can_change},
        status=_status(form) if request.method == "POST" else 200,
    )


@require_GET
def safety_plan_print(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """The client's copy, always in plain Indonesian (docs/online.md), to print."""
    case = get_case_for_user(request.user, pk)
    person = _client(case, request.GET.get("person"))
    log_access(user=request.user, obj=case, action=AccessAction.PRINT, request=request)
    with translation.override(safety.CLIENT_LANGUAGE):
        context = {"case": case, "person": person, **safety.client_copy(case, person)}
        response = render(request, "online/safety_plan_print.html", context)
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
def safety_plan_pdf(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """The client's copy as a PDF made on the server (the case summary's layout and font)."""
    case = get_case_for_user(request.user, pk)
    person = _client(case, request.GET.get("person"))
    pdf = safety.client_pdf(case, person)
    log_access(user=request.user, obj=case, action=AccessAction.PRINT, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"{case.number}-rencana-keamanan-digital.pdf")
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Reports ----------------------------------------------------------------------------------


@require_GET
def report(request: SignedInRequest) -> HttpResponse:
    """Aggregates only: online cases by harm type, platform, age band and sex; takedown outcomes and
    median days to removal per platform and channel. Small cells are suppressed."""
    if not access.can_see_reports(request.user):
        raise PermissionDenied
    report = reports.build(access.report_organisations(request.user))
    context = {
        "report": report,
        "breakdowns": report_charts.breakdowns(report),
        "outcomes_chart": report_charts.outcomes_chart(report),
        "hidden_total": report_charts.hidden_total(report),
    }
    return render(request, "online/report.html", context)


# --- First-aid guidance ----------------------------------------------------------------------


@require_GET
def guidance_list(request: SignedInRequest) -> HttpResponse:
    if not access.can_edit_guidance(request.user):
        raise PermissionDenied
    return render(request, "online/guidance_list.html", {"panels": list(Guidance.objects.order_by("harm_type"))})


def guidance_edit(request: SignedInRequest, pk: UUID) -> HttpResponse:
    if not access.can_edit_guidance(request.user):
        raise PermissionDenied
    panel = get_object_or_404(Guidance, pk=pk)
    initial = {name: getattr(panel, name) for name in ("title_id", "body_id", "title_en", "body_en")}
    form = GuidanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_guidance(panel, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The guidance was saved."))
            return redirect("online:guidance_list")
    return render(request, "online/guidance_form.html", {"panel": panel, "form": form}, status=_status(form))
