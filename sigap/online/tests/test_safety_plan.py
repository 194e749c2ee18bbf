"""The digital safety plan (docs/online.md): each checklist point with a status and notes, printable for the
client in plain Indonesian."""

from __future__ import annotations

import pytest

from sigap.audit.models import AccessLog
from sigap.online.models import SafetyItem, SafetyPlan

pytestmark = pytest.mark.django_db


def _post(case) -> dict[str, str]:
    data = {f"{key}_status": "todo" for key in SafetyItem.values}
    data |= {f"{key}_notes": "" for key in SafetyItem.values}
    data["two_step_status"] = "done"
    data["contacts_notes"] = "Kakak dan pendamping UPTD (sintetis)."
    return data


def test_a_caseworker_saves_the_plan_and_prints_it_in_indonesian(cast, client, case, incident):
    client.force_login(cast.caseworker)
    assert client.get(f"/cases/{case.pk}/online/safety-plan/").status_code == 200
    response = client.post(f"/cases/{case.pk}/online/safety-plan/", _post(case))
    assert response.status_code == 302
    plan = SafetyPlan.objects.get()
    assert plan.items.get(item="two_step").status == "done"
    page = client.get(f"/cases/{case.pk}/online/safety-plan/print/").content.decode()
    assert "Rencana keamanan digital" in page and "Jika terjadi lagi" in page
    assert "Sudah" in page or "Selesai" in page  # a status in Indonesian even for an English-speaking worker
    assert "Kakak dan pendamping" in page
    assert AccessLog.objects.filter(object_id=str(case.pk), action="print").exists()
    pdf = client.get(f"/cases/{case.pk}/online/safety-plan/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_a_bad_status_is_refused(cast, client, case, incident):
    client.force_login(cast.caseworker)
    data = _post(case) | {"two_step_status": "maybe"}
    assert client.post(f"/cases/{case.pk}/online/safety-plan/", data).status_code == 400
    assert not SafetyPlan.objects.exists()


def test_a_read_only_member_cannot_change_the_plan_and_another_organisation_gets_404(cast, client, case, incident):
    from sigap.cases.actions import add_team_member

    add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="read")
    client.force_login(cast.psychologist)
    assert client.get(f"/cases/{case.pk}/online/safety-plan/").status_code == 200
    assert client.post(f"/cases/{case.pk}/online/safety-plan/", _post(case)).status_code == 403
    client.force_login(cast.other_caseworker)
    assert client.get(f"/cases/{case.pk}/online/safety-plan/print/").status_code == 404


def test_the_plan_shows_each_checklist_point_once(cast, client, case, incident):
    """Issue #14, item 10: each point's text was the legend, the status's label and the notes' label."""
    client.force_login(cast.caseworker)
    page = client.get(f"/cases/{case.pk}/online/safety-plan/").content.decode()
    for _key, label in SafetyItem.choices:
        assert page.count(str(label)) == 1, f"{label!s} is shown {page.count(str(label))} times"
    # Each field still has its own label, named within its point's fieldset.
    assert page.count("data-safety-item") == len(SafetyItem.choices)
    assert page.count('for="id_passwords_status"') == 1 and page.count('for="id_passwords_notes"') == 1
