"""Open Referral HSDS 3.0 read-only endpoints (/api/hsds/): the public directory as open data.

Only active services of active organisations and their organisational contacts; no personal data.
Off (404) unless ``SIGAP_PUBLIC_DIRECTORY`` is on. Plain Django views, so they are not part of the
/api/v1 schema; their contract is HSDS's own (the tests validate against its schemas).
"""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, JsonResponse

from sigap.cases.codes import ServiceType
from sigap.directory.access import public_services
from sigap.directory.api import filter_services
from sigap.directory.models import Language, Service, ServiceQuerySet
from sigap.directory.views import public_endpoint
from sigap.organisations.models import Organisation

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def _sub_id(owner: Any, kind: str, key: str = "") -> str:
    """A stable id for a sub-record HSDS wants an id for (a phone, a language...) that Sigap keeps as a field."""
    return str(uuid.uuid5(owner.pk, f"{kind}:{key}"))


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    """HSDS fields are not nullable: leave out what Sigap does not know."""
    return {name: value for name, value in record.items() if value not in (None, "", [])}


def _eligibility(service: Service) -> str:
    parts = [str(service.get_client_type_display()) if service.client_type else ""]
    if service.sex:
        parts.append(str(service.get_sex_display()))
    return "; ".join(part for part in parts if part)


def organisation_brief(organisation: Organisation) -> dict[str, Any]:
    return _clean(
        {
            "id": str(organisation.pk),
            "name": organisation.name,
            "alternate_name": organisation.short_name,
            "description": str(organisation.get_kind_display()),
            "email": organisation.email,
            "website": organisation.website,
            "parent_organization_id": str(organisation.parent_id) if organisation.parent_id else None,
        }
    )


def service_record(service: Service, *, with_organisation: bool = True) -> dict[str, Any]:
    labels = dict(ServiceType.choices)
    types = ", ".join(str(labels[code]) for code in service.service_types if code in labels)
    language_names = dict(Language.choices)
    areas = [("province", p.code, p.name) for p in service.area_provinces.all()]
    areas += [("regency", r.code, r.name) for r in service.area_regencies.all()]
    record: dict[str, Any] = {
        "id": str(service.pk),
        "organization_id": str(service.organisation_id),
        "name": service.name,
        "description": "\n\n".join(part for part in (service.description, types) if part),
        "email": service.email,
        "status": "active" if service.is_active else "inactive",
        "fees_description": service.cost_note,
        "eligibility_description": _eligibility(service),
        "minimum_age": service.min_age,
        "maximum_age": service.max_age,
        "last_modified": service.updated_at.isoformat(),
        "phones": [{"id": _sub_id(service, "phone"), "number": service.phone}] if service.phone else [],
        "schedules": [{"id": _sub_id(service, "schedule"), "description": service.opening_hours}]
        if service.opening_hours
        else [],
        "service_areas": [
            {"id": _sub_id(service, "area", code), "name": name, "description": level} for level, code, name in areas
        ],
        "languages": [
            {"id": _sub_id(service, "language", code), "code": code, "name": str(language_names[code])}
            for code in service.languages
            if code in language_names
        ]
        + (
            [{"id": _sub_id(service, "language", "note"), "note": service.languages_note}]
            if service.languages_note
            else []
        ),
        "cost_options": [
            _clean(
                {
                    "id": _sub_id(service, "cost"),
                    "option": "free" if service.is_free else "fee",
                    "currency": "IDR",
                    "amount": 0 if service.is_free else None,
                    "amount_description": service.cost_note,
                }
            )
        ],
    }
    if with_organisation:
        record["organization"] = organisation_brief(service.organisation)
    return _clean(record)


# What a list item leaves out: HSDS list responses carry no nested sub-records but the organisation.
SERVICE_DETAIL_ONLY = ("phones", "schedules", "service_areas", "languages", "cost_options")


def service_list_record(service: Service) -> dict[str, Any]:
    record = service_record(service)
    for name in SERVICE_DETAIL_ONLY:
        record.pop(name, None)
    return record


def _services() -> ServiceQuerySet:
    return public_services().prefetch_related("area_regencies", "area_provinces").order_by("name", "id")


def _organisations() -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(is_active=True)
        .prefetch_related(Prefetch("directory_services", queryset=_services(), to_attr="public_services"))
        .order_by("name", "id")
    )


def organisation_record(organisation: Organisation) -> dict[str, Any]:
    record = organisation_brief(organisation)
    if organisation.phone:
        record["phones"] = [{"id": _sub_id(organisation, "phone"), "number": organisation.phone}]
    services = [service_record(s, with_organisation=False) for s in organisation.public_services]  # type: ignore[attr-defined]
    if services:
        record["services"] = services
    return record


def _page(request: HttpRequest, qs: QuerySet[Any], to_record: Any) -> JsonResponse:
    per_page = request.GET.get("per_page", "")
    size = min(int(per_page), MAX_PAGE_SIZE) if per_page.isdigit() and int(per_page) > 0 else PAGE_SIZE
    page = Paginator(qs, size).get_page(request.GET.get("page"))
    contents = [to_record(item) for item in page]
    return JsonResponse(
        {
            "total_items": page.paginator.count,
            "total_pages": page.paginator.num_pages,
            "page_number": page.number,
            "size": len(contents),
            "first_page": not page.has_previous(),
            "last_page": not page.has_next(),
            "empty": page.paginator.count == 0,
            "contents": contents,
        }
    )


@public_endpoint
def services(request: HttpRequest) -> JsonResponse:
    """``GET /api/hsds/services``: with the directory's filters (province, regency, service_type...)."""
    return _page(request, filter_services(_services(), request.GET), service_list_record)


@public_endpoint
def service(request: HttpRequest, pk: UUID) -> JsonResponse:
    found = _services().filter(pk=pk).first()
    if found is None:
        raise Http404
    return JsonResponse(service_record(found))


@public_endpoint
def organizations(request: HttpRequest) -> JsonResponse:
    return _page(request, Organisation.objects.filter(is_active=True).order_by("name", "id"), organisation_brief)


@public_endpoint
def organization(request: HttpRequest, pk: UUID) -> JsonResponse:
    found = _organisations().filter(pk=pk).first()
    if found is None:
        raise Http404
    return JsonResponse(organisation_record(found))
