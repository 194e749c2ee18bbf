"""The release side's verbs: exporting a table, and the data-request protocol (ask, approve or
refuse, withdraw, download). Each runs in one transaction, checks the actor, writes its audit event
(``sigap.audit``) and tells people after commit (``sigap.notifications``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.notifications.actions import notify, people_of
from sigap.notifications.models import Kind
from sigap.organisations.models import Organisation
from sigap.statistics import access_release, exports
from sigap.statistics.datarequests import DataRequest, DataRequestDecision, Decision, RequestStatus
from sigap.statistics.release import ReleaseTable, from_query, from_snapshot, guard

FORMATS = ("csv", "json", "xlsx", "pdf")


def export_table(
    *,
    actor: User,
    table: ReleaseTable,
    fmt: str,
    title: str,
    organisation: Organisation | None = None,
    request: Any = None,
) -> bytes:
    """The file of ``table`` in ``fmt``, with its audit event. A table for outside the owning
    organisation is checked once more (:func:`~sigap.statistics.release.guard`)."""
    if fmt not in FORMATS:
        raise ValidationError(_("Unknown file format."), code="format")
    if not table.exact:
        guard(table)
    with transaction.atomic():
        record(
            "statistics_exported",
            actor=actor,
            organisation=organisation,
            request=request,
            format=fmt,
            measure=table.measure,
            dimensions=table.dimensions,
            scope=table.scope,
            period=table.period_label,
            exact=table.exact,
            hidden_cells=table.hidden_count,
        )
    return render(table, fmt, title=title)


def export_report(
    *,
    actor: User,
    title: str,
    sections: list[tuple[str, ReleaseTable, str]],
    footer: str,
    organisation: Organisation | None = None,
    request: Any = None,
    **details: Any,
) -> bytes:
    """A PDF report of several tables (a regency's annual report), checked and audited like a table."""
    for _heading, table, _kind in sections:
        if not table.exact:
            guard(table)
    with transaction.atomic():
        record(
            "statistics_exported",
            actor=actor,
            organisation=organisation,
            request=request,
            format="pdf",
            tables=len(sections),
            hidden_cells=sum(t.hidden_count for _h, t, _k in sections),
            **details,
        )
    return exports.to_pdf(title, sections, footer=footer)


def render(table: ReleaseTable, fmt: str, *, title: str) -> bytes:
    if fmt == "csv":
        return exports.to_csv(table).encode()
    if fmt == "json":
        return exports.to_json_bytes(table)
    if fmt == "xlsx":
        return exports.to_xlsx(table, title=title)
    return exports.to_pdf(title, [(title, table, "bar")], footer=f"Sigap · {table.period_label}")


# --- Data requests ---------------------------------------------------------------------------


def _scope(region: str) -> Any:
    from sigap.statistics.queries import Scope

    if not region:
        return Scope.nation()
    return Scope.of_province(region) if len(region) == 2 else Scope.of_regency(region)


def _period(start: date, end: date) -> Any:
    from sigap.statistics.queries import Period

    return Period(start.replace(day=1), end.replace(day=1))


def contributing_organisations(*, region: str, start: date, end: date) -> list[Organisation]:
    """The organisations whose verified figures the table would count (each must approve)."""
    from sigap.statistics.models import Fact

    scope, period = _scope(region), _period(start, end)
    facts = Fact.objects.filter(
        unit="case", frozen=True, registered_month__gte=period.start, registered_month__lte=period.end
    )
    if scope.regency:
        facts = facts.filter(regency=scope.regency)
    elif scope.province:
        facts = facts.filter(province=scope.province)
    ids = facts.values("organisation_id").distinct()
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def _clean_spec(measure: str, dimensions: list[str], start: date, end: date, region: str) -> None:
    from sigap.statistics.queries import DIMENSIONS

    if not 1 <= len(dimensions) <= 2 or len(set(dimensions)) != len(dimensions):
        raise ValidationError(_("Choose one or two different breakdowns."), code="dimensions")
    for name in dimensions:
        if name not in DIMENSIONS or name == "organisation" or measure not in DIMENSIONS[name].units:
            raise ValidationError(_("This breakdown cannot be asked for with this measure."), code="dimensions")
    if start > end:
        raise ValidationError(_("The period ends before it starts."), code="period")
    if region and len(region) not in (2, 5):
        raise ValidationError(_("Choose the nation, a province or a regency/city."), code="region")


def _approvers(organisation: Organisation) -> list[User]:
    return list(people_of(organisation, *access_release.DECIDERS))


def request_data(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    purpose: str,
    measure: str,
    dimensions: list[str],
    start: date,
    end: date,
    region: str = "",
    request: Any = None,
) -> DataRequest:
    """Ask every organisation whose data the table counts for its release."""
    if organisation.pk not in access_release.aggregate_organisations(actor):
        raise PermissionDenied
    if not title.strip() or not purpose.strip():
        raise ValidationError(_("Say what the table is for."), code="purpose")
    _clean_spec(measure, dimensions, start, end, region)
    with transaction.atomic():
        contributors = contributing_organisations(region=region, start=start, end=end)
        if not contributors:
            raise ValidationError(_("No organisation has verified figures for this region and period."), code="empty")
        data_request = DataRequest.objects.create(
            requester=actor,
            requester_organisation=organisation,
            title=title.strip(),
            purpose=purpose.strip(),
            measure=measure,
            dimensions=dimensions,
            period_start=start.replace(day=1),
            period_end=end.replace(day=1),
            region=region,
        )
        DataRequestDecision.objects.bulk_create(
            [DataRequestDecision(request=data_request, organisation=org) for org in contributors]
        )
        record(
            "data_request_made",
            actor=actor,
            obj=data_request,
            organisation=organisation,
            request=request,
            organisations=[str(o.pk) for o in contributors],
            measure=measure,
            dimensions=dimensions,
        )

        def tell() -> None:
            for org in contributors:
                notify(
                    _approvers(org),
                    Kind.DATA_REQUEST_RECEIVED,
                    actor=actor,
                    target=data_request,
                    url=data_request.get_absolute_url(),
                    context={"organisation": str(organisation)},
                    dedupe_key=f"data-request-{data_request.pk}-{org.pk}",
                )

        transaction.on_commit(tell)
    return data_request


def _locked(data_request: DataRequest) -> DataRequest:
    return DataRequest.objects.select_for_update().get(pk=data_request.pk)


def decide_data_request(
    *, actor: User, data_request: DataRequest, approve: bool, reason: str = "", request: Any = None
) -> DataRequest:
    """The actor's organisation approves or refuses. A refusal ends the request; the last approval
    releases the table: counted once from verified figures, protected, checked and frozen."""
    decision = access_release.decision_for(actor, data_request)
    if decision is None:
        raise PermissionDenied
    if not approve and not reason.strip():
        raise ValidationError(_("Say why the organisation refuses."), code="reason")
    with transaction.atomic():
        data_request = _locked(data_request)
        decision = DataRequestDecision.objects.select_for_update().get(pk=decision.pk)
        if data_request.status != RequestStatus.PENDING or decision.decision != Decision.PENDING:
            raise ValidationError(_("This request was already decided."), code="decided")
        now = timezone.now()
        decision.decision = Decision.APPROVED if approve else Decision.REFUSED
        decision.decided_by, decision.decided_at, decision.reason = actor, now, reason.strip()
        decision.save(update_fields=["decision", "decided_by", "decided_at", "reason", "updated_at"])
        record(
            "data_request_approved" if approve else "data_request_refused",
            actor=actor,
            obj=data_request,
            organisation=decision.organisation,
            request=request,
        )
        if not approve:
            data_request.status, data_request.decided_at = RequestStatus.REFUSED, now
            data_request.save(update_fields=["status", "decided_at", "updated_at"])
        elif not data_request.decisions.exclude(decision=Decision.APPROVED).exists():
            _release(data_request, actor=actor, request=request)
        if data_request.status != RequestStatus.PENDING:
            variant = data_request.status
            transaction.on_commit(
                lambda: notify(
                    [data_request.requester],
                    Kind.DATA_REQUEST_DECIDED,
                    actor=actor,
                    target=data_request,
                    url=data_request.get_absolute_url(),
                    context={"variant": variant, "title": data_request.title},
                    dedupe_key=f"data-request-{data_request.pk}-{variant}",
                )
            )
    return data_request


def released_table(data_request: DataRequest) -> ReleaseTable:
    """The table of a request, counted now from verified figures and protected for release."""
    from sigap.statistics.queries import count_table

    rows, columns = ([*data_request.dimensions, ""])[:2]
    table = count_table(
        scope=_scope(data_request.region),
        period=_period(data_request.period_start, data_request.period_end),
        rows=rows,
        columns=columns,
        unit=data_request.measure,
    )
    return guard(from_query(table, scope_label=data_request.region or str(_("Indonesia"))))


def _release(data_request: DataRequest, *, actor: User, request: Any) -> None:
    table = released_table(data_request)
    data_request.snapshot = exports.to_json(table)
    data_request.threshold = table.threshold
    data_request.status, data_request.decided_at = RequestStatus.RELEASED, timezone.now()
    data_request.save(update_fields=["snapshot", "threshold", "status", "decided_at", "updated_at"])
    record(
        "data_request_released",
        actor=actor,
        obj=data_request,
        organisation=data_request.requester_organisation,
        request=request,
        hidden_cells=table.hidden_count,
        cells=len(table.cells),
    )


def withdraw_data_request(*, actor: User, data_request: DataRequest, request: Any = None) -> DataRequest:
    if not access_release.can_withdraw(actor, data_request):
        raise PermissionDenied
    with transaction.atomic():
        data_request = _locked(data_request)
        if data_request.status != RequestStatus.PENDING:
            raise ValidationError(_("This request was already decided."), code="decided")
        data_request.status, data_request.decided_at = RequestStatus.WITHDRAWN, timezone.now()
        data_request.save(update_fields=["status", "decided_at", "updated_at"])
        record(
            "data_request_withdrawn",
            actor=actor,
            obj=data_request,
            organisation=data_request.requester_organisation,
            request=request,
        )
    return data_request


def download_released_table(*, actor: User, data_request: DataRequest, fmt: str, request: Any = None) -> bytes:
    """The frozen table as a file (never recounted), with the download in the audit."""
    if not access_release.can_download(actor, data_request):
        raise PermissionDenied
    if fmt not in FORMATS:
        raise ValidationError(_("Unknown file format."), code="format")
    assert data_request.snapshot is not None  # noqa: S101 - released requests always carry it
    table = from_snapshot(data_request.snapshot)
    with transaction.atomic():
        record(
            "data_request_downloaded",
            actor=actor,
            obj=data_request,
            organisation=data_request.requester_organisation,
            request=request,
            format=fmt,
        )
    return render(table, fmt, title=data_request.title)


def export_simfoni_sheet(*, actor: User, organisation: Organisation, month: date, request: Any = None) -> bytes:
    """The per-case sheet of the month for SIMFONI (``simfoni_sheet``): the organisation's own data
    officer only; every case in it goes to the access log, the export to the audit."""
    from sigap.audit.access import log_access_many
    from sigap.cases.models import Case
    from sigap.statistics import simfoni_sheet
    from sigap.statistics.access import verifying_organisation_ids

    if organisation.pk not in verifying_organisation_ids(actor):
        raise PermissionDenied
    victims, perpetrators, case_ids = simfoni_sheet.sheet_rows(organisation.pk, month)
    with transaction.atomic():
        log_access_many(
            user=actor,
            objs=list(Case.objects.filter(pk__in=case_ids).only("pk", "number", "organisation_id")),
            action="simfoni_sheet",
            request=request,
        )
        record(
            "statistics_simfoni_sheet_exported",
            actor=actor,
            organisation=organisation,
            request=request,
            month=f"{month:%Y-%m}",
            cases=len(case_ids),
            victims=len(victims),
            perpetrators=len(perpetrators),
        )
    title = f"SIMFONI-PPA · {organisation} · {month:%Y-%m}"
    return simfoni_sheet.to_xlsx(victims, perpetrators, title=title)
