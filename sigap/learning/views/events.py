"""Screens of training events, certificates and their public verification."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.accounts.models import User
from sigap.audit.actions import client_ip
from sigap.learning import access, actions, export
from sigap.learning.certification import (
    eligibility,
    event_report,
    participants_with_progress,
    report_for_reader,
    small_cohort,
)
from sigap.learning.forms import EventForm, FeedbackForm, ParticipantForm, ReasonForm
from sigap.learning.models import Certificate, Feedback
from sigap.learning.pdf import certificate_pdf
from sigap.lib.charts import bar_chart
from sigap.lib.errors import too_many_requests
from sigap.lib.forms import add_errors
from sigap.lib.http import SignedInRequest
from sigap.lib.ratelimit import Limit
from sigap.organisations.models import Organisation

PAGE_SIZE = 25


@require_GET
def home(request: SignedInRequest) -> HttpResponse:
    """The learner's start: their events, courses in progress and certificates; trainers' events."""
    user = request.user
    return render(
        request,
        "learning/home.html",
        {
            "events": access.visible_events(user).order_by("-start_date")[:10],
            "courses": access.visible_courses(user).filter(is_published=True).order_by("title")[:10],
            "certificates": Certificate.objects.filter(holder=user).select_related("programme")[:10],
            "can_schedule": access.can_manage_training(user),
            "sees_competency": access.can_see_coverage(user) or bool(access.supervised_user_ids(user)),
        },
    )


@require_GET
def event_list(request: SignedInRequest) -> HttpResponse:
    qs = access.visible_events(request.user).annotate(n=Count("participants")).order_by("-start_date", "id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "learning/event_list.html",
        {"page": page, "can_schedule": access.can_manage_training(request.user)},
    )


def event_create(request: SignedInRequest) -> HttpResponse:
    ids = access.training_organisation_ids(request.user)
    if not ids:
        raise Http404
    form = EventForm(request.POST or None, organisations=Organisation.objects.filter(pk__in=ids).order_by("name"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = actions.create_event(
                data["programme"],
                actor=request.user,
                organisation=data["organisation"],
                values={name: data[name] for name in actions.EVENT_FIELDS},
                partners=data["partners"],
                facilitators=[request.user],
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The training event was scheduled."))
            return redirect(event)
    return render(request, "learning/event_form.html", {"form": form})


def event_edit(request: SignedInRequest, pk: UUID) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk, need="manage")
    initial = {name: getattr(event, name) for name in actions.EVENT_FIELDS}
    initial["partners"] = list(event.partners.all())
    form = EventForm(request.POST or None, initial=initial, organisations=Organisation.objects.none())
    for name in ("programme", "organisation"):
        form.fields.pop(name)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_event(
                event,
                actor=request.user,
                values={name: data[name] for name in actions.EVENT_FIELDS},
                partners=data["partners"],
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The training event was saved."))
            return redirect(event)
    return render(request, "learning/event_form.html", {"form": form, "event": event})


@require_POST
def facilitator_add(request: SignedInRequest, pk: UUID) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk, need="manage")
    email = request.POST.get("email", "").strip()
    user = User.objects.filter(email__iexact=email, is_active=True).first() if email else None
    if user is None:
        messages.error(request, _("No active Sigap account has this email."))
    else:
        actions.add_facilitator(event, actor=request.user, user=user, request=request)
        messages.success(request, _("%(name)s is now a facilitator of this event.") % {"name": user.full_name})
    return redirect(event)


@require_GET
def event_detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk)
    sees_cohort = access.can(request.user, "manage", event)
    context: dict[str, Any] = {
        "event": event,
        "sessions": event.sessions.order_by("order"),
        "can_manage": sees_cohort,
        "sees_report": access.can(request.user, "report", event),
        "sees_cohort": sees_cohort,
        "own": event.participants.filter(user=request.user).select_related("certificate").first(),
    }
    if sees_cohort:
        qs = participants_with_progress(event).order_by("full_name", "id")
        context["page"] = Paginator(qs, 50).get_page(request.GET.get("page"))
        context["session_count"] = event.sessions.count()
    if context["own"] is not None:
        context["own_eligibility"] = eligibility(context["own"])
    return render(request, "learning/event_detail.html", context)


def participant_add(request: SignedInRequest, pk: UUID) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk, need="manage")
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = None
        if data["email"]:
            user = User.objects.filter(email__iexact=data["email"], is_active=True).first()
            if user is None:
                form.add_error("email", _("No active Sigap account has this email."))
        if not form.errors:
            values = {k: data[k] for k in actions.PARTICIPANT_FIELDS if k != "organisation" and data.get(k)}
            try:
                actions.add_participant(event, actor=request.user, user=user, values=values, request=request)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The participant was added."))
                return redirect(event)
    return render(request, "learning/participant_form.html", {"form": form, "event": event})


def attendance(request: SignedInRequest, pk: UUID, session_pk: UUID) -> HttpResponse:
    """One session's register: everybody ticked by default (quick on a phone), untick the absent."""
    event = access.get_event_for_user(request.user, pk, need="manage")
    session = event.sessions.filter(pk=session_pk).first()
    if session is None:
        raise Http404
    participants = event.participants.order_by("full_name", "id")
    if request.method == "POST":
        try:
            count = actions.mark_attendance(
                session,
                actor=request.user,
                present=request.POST.getlist("present"),
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Attendance saved: %(n)d present.") % {"n": count})
            return redirect(event)
    marked = dict(session.attendance.values_list("participant_id", "present"))
    rows = [(p, marked.get(p.pk, True)) for p in participants]
    return render(
        request, "learning/attendance.html", {"event": event, "session": session, "rows": rows, "marked": bool(marked)}
    )


def scores(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """Pre- and post-test scores sat on paper, for the whole cohort on one form."""
    event = access.get_event_for_user(request.user, pk, need="manage")
    participants = list(event.participants.order_by("full_name", "id"))
    errors: list[str] = []
    refused: list[str] = []
    if request.method == "POST":
        for participant in participants:
            pre = request.POST.get(f"pre-{participant.pk}", "").strip().replace(",", ".")
            post = request.POST.get(f"post-{participant.pk}", "").strip().replace(",", ".")
            if not pre and not post:
                continue
            try:
                actions.record_scores(
                    participant, actor=request.user, pre=pre or None, post=post or None, request=request
                )
            except PermissionDenied as refusal:
                refused.append(str(refusal))
            except (ValidationError, ArithmeticError, ValueError):
                errors.append(participant.full_name)
        for message in refused:
            messages.error(request, message)
        if refused and not errors:
            return render(request, "learning/scores.html", {"event": event, "participants": participants})
        if not errors:
            messages.success(request, _("The scores were saved."))
            return redirect(event)
        messages.error(
            request,
            _("A score is a percentage between 0 and 100. Not saved for: %(names)s") % {"names": ", ".join(errors)},
        )
    return render(request, "learning/scores.html", {"event": event, "participants": participants})


@require_POST
def elearning_confirm(request: SignedInRequest, pk: UUID) -> HttpResponse:
    participant = access.get_participant_for_user(request.user, pk, need="manage")
    actions.confirm_elearning(participant, actor=request.user, request=request)
    messages.success(request, _("The e-learning was confirmed."))
    return redirect(participant.event)


@require_POST
def certify(request: SignedInRequest, pk: UUID) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk, need="manage")
    made = actions.certify_event(event, actor=request.user)
    messages.success(request, _("%(n)d certificates issued.") % {"n": made})
    return redirect(event)


def certificate_issue(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """A trainer issues a certificate outside the rule, with a reason."""
    participant = access.get_participant_for_user(request.user, pk, need="manage")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = actions.issue_certificate(
                participant,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The certificate was issued."))
            return redirect(certificate)
    return render(
        request,
        "learning/certificate_issue.html",
        {"form": form, "participant": participant, "eligibility": eligibility(participant)},
    )


def feedback(request: SignedInRequest, pk: UUID) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk)
    participant = event.participants.filter(user=request.user).first()
    if participant is None:
        raise Http404
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.submit_feedback(participant, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you for your feedback."))
        return redirect(event)
    return render(request, "learning/feedback.html", {"form": form, "event": event})


@require_GET
def report(request: SignedInRequest, pk: UUID) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk, need="report")
    manages = access.can(request.user, "manage", event)
    data = report_for_reader(event_report(event), manages=manages)
    charts = {
        "provinces": bar_chart(
            "provinces",
            _("Participants by province"),
            [(row["name"], row["participants"]) for row in data["by_province"]],
            value_name=_("Participants"),
            label_heading=_("Province"),
        ),
        "attendance": bar_chart(
            "attendance",
            _("Present per session"),
            [(row["title"], row["present"]) for row in data["attendance_by_session"]],
            value_name=_("Present"),
            label_heading=_("Session"),
        ),
        "scores": bar_chart(
            "scores",
            _("Post-test scores"),
            [(row["range"], row["participants"]) for row in data["post_score_distribution"]],
            value_name=_("Participants"),
            label_heading=_("Score"),
            horizontal=False,
        ),
    }
    return render(
        request,
        "learning/report.html",
        {
            "event": event,
            "can_manage": manages,
            "report": data,
            "charts": charts,
            # Feedback without names, newest first; in a small cohort only for the event's trainers.
            "comments": []
            if not manages and small_cohort(data)
            else Feedback.objects.filter(participant__event=event)
            .exclude(useful="", improve="")
            .order_by("-created_at")
            .values("rating", "useful", "improve")[:50],
        },
    )


@require_GET
def report_csv(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """The cohort as CSV (one row per participant, with names) for the event's trainers."""
    return export.csv_response(access.get_event_for_user(request.user, pk, need="manage"))


@require_GET
def report_xlsx(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """The summary numbers and the cohort as an Excel workbook, for the event's trainers."""
    return export.xlsx_response(access.get_event_for_user(request.user, pk, need="manage"))


# --- Certificates -------------------------------------------------------------------------


@require_GET
def certificate_list(request: SignedInRequest) -> HttpResponse:
    """My certificates (and, for trainers and supervisors, the ones they may see)."""
    qs = access.visible_certificates(request.user).order_by("-issued_on", "holder_name", "id")
    mine = request.GET.get("all") != "1"
    if mine:
        qs = qs.filter(holder=request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "learning/certificate_list.html", {"page": page, "mine": mine, "query": "" if mine else "all=1"}
    )


def _verify_url(request: SignedInRequest, certificate: Certificate) -> str:
    return request.build_absolute_uri(reverse("verify_certificate", args=[certificate.code]))


def certificate_detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    certificate = access.get_certificate_for_user(request.user, pk)
    can_manage = access.can_manage_certificate(request.user, certificate)
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        certificate = access.get_certificate_for_user(request.user, pk, need="manage")
        if form.is_valid():
            try:
                actions.revoke_certificate(
                    certificate,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The certificate was revoked."))
                return redirect(certificate)
    return render(
        request,
        "learning/certificate_detail.html",
        {
            "certificate": certificate,
            "can_manage": can_manage,
            "form": form,
            "verify_url": _verify_url(request, certificate),
        },
    )


@require_GET
def certificate_download(request: SignedInRequest, pk: UUID) -> HttpResponse:
    certificate = access.get_certificate_for_user(request.user, pk)
    response = HttpResponse(
        certificate_pdf(certificate, _verify_url(request, certificate)), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{certificate.code}.pdf")
    response["Cache-Control"] = "no-store, private"
    return response


def verification_reads() -> Limit:
    """Public verifications per address and minute: the public directory's limit, counted apart."""
    return Limit("certificate-verify-ip", settings.SIGAP_PUBLIC_RATE_LIMIT, 60)


@login_not_required
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public check of a certificate by its code: holder, programme, dates and status only; 404 for an
    unknown code, 429 past the rate limit (so codes cannot be guessed in bulk)."""
    if not verification_reads().hit(client_ip(request) or ""):
        return too_many_requests(request, retry_after=60)
    certificate = (
        Certificate.objects.select_related("programme").filter(code=code.strip().upper()).first() if code else None
    )
    if certificate is None:
        raise Http404
    response = render(request, "learning/verify.html", {"certificate": certificate})
    # A person's name on a public page: not for search engines, and never a stale status from a cache.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    return response
