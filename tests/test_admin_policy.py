"""The Django admin is no back door around the access policy: no case, person or case record is in it,
and none of its pages — even for staff holding every permission — shows a survivor's data."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from sigap.cases import actions
from sigap.cases.models import Note
from sigap.cases.tests.factories import case_in_stage, closure_requested_for

pytestmark = pytest.mark.django_db

VICTIM = "Laras Admin Rahasia"
NARRATIVE = "Kronologi admin sintetis"
NOTE = "Catatan admin sintetis"
REOPEN_REASON = "Ayah Laras kembali ke rumah (sintetis)"

# Models whose docstring says "Personal data: yes" and which the admin may still show: staff
# accounts and the audit log (for platform admins and the DPO). Nothing about survivors.
# Accounts and the two logs: read-only in the admin, neutral labels instead of survivors' names.
PERSONAL_BUT_ADMINISTERED = {"accounts.user", "audit.auditevent", "audit.accesslog"}


@pytest.fixture
def records(cast):
    case = case_in_stage(
        cast.org,
        cast.caseworker,
        cast.supervisor,
        "follow_up",
        victim_values={"full_name": VICTIM},
        intake_narrative=NARRATIVE,
    )
    actions.add_note(case, actor=cast.caseworker, body=NOTE, visibility=Note.Visibility.NORMAL)
    closure = closure_requested_for(case, cast.caseworker)
    actions.approve_closure(closure, actor=cast.supervisor)
    actions.reopen_case(case, actor=cast.caseworker, reason=REOPEN_REASON)
    return case


@pytest.fixture
def staff(cast):
    """Staff, not superuser, holding every permission there is."""
    from conftest import make_user

    user = make_user("staff@test.sigap.invalid", "Test Staff")
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.all())
    return user


def registered() -> set[str]:
    return {model._meta.label_lower for model in admin.site._registry}


def test_no_case_person_or_case_record_is_in_the_admin():
    assert not {label for label in registered() if label.startswith("cases.")} - {"cases.responsetime"}


def test_the_admin_holds_no_other_model_with_personal_data():
    personal = {
        model._meta.label_lower
        for model in admin.site._registry
        if "Personal data: yes" in (model.__doc__ or "") and model.__module__.startswith("sigap.")
    }
    assert personal <= PERSONAL_BUT_ADMINISTERED


@pytest.mark.parametrize("model", ["case", "person", "note", "attachment", "assessment", "caseplan", "closure"])
def test_staff_with_every_permission_cannot_open_case_records_in_the_admin(client, staff, records, model):
    client.force_login(staff)
    assert client.get(f"/admin/cases/{model}/").status_code == 404
    assert client.get(f"/admin/cases/{model}/{records.pk}/change/").status_code == 404


def test_no_admin_page_shows_a_survivors_data_even_to_staff_with_every_permission(client, staff, records):
    client.force_login(staff)
    index = client.get("/admin/")
    assert index.status_code == 200
    pages = [index]
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        pages += [client.get(changelist), client.get(changelist, {"q": "Admin Rahasia"})]  # the search box echoes it
        for obj in model_admin.get_queryset(pages[0].wsgi_request).order_by("-pk")[:20]:
            pages.append(client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])))
    for page in pages:
        assert page.status_code == 200, page.wsgi_request.path
        body = page.content.decode()
        for secret in (VICTIM, NARRATIVE, NOTE, REOPEN_REASON):
            assert secret not in body, f"{page.wsgi_request.path} shows {secret!r}"


def test_people_who_are_not_staff_are_sent_to_the_admin_sign_in(client, cast):
    client.force_login(cast.national_admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_signed_in_people_who_are_not_staff_are_refused_at_the_admin_sign_in(client, cast):
    client.force_login(cast.national_admin)
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_the_admin_signs_in_through_sigaps_own_sign_in_page_with_its_limits(client, cast):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    staff = cast.supervisor
    staff.is_staff = True
    staff.save()
    response = client.post("/accounts/login/?next=/admin/", {"username": staff.email, "password": cast.password})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wellbeing_check_ins_are_never_in_the_admin(client, staff, cast):
    """A worker's own check-ins: not even staff holding every permission reach them (docs/wellbeing.md)."""
    from sigap.wellbeing.tests.factories import a_checkin

    checkin = a_checkin(cast.caseworker)
    assert not {label for label in registered() if label.startswith("wellbeing.")}
    client.force_login(staff)
    assert client.get("/admin/wellbeing/checkin/").status_code == 404
    assert client.get(f"/admin/wellbeing/checkin/{checkin.pk}/change/").status_code == 404
