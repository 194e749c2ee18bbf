"""The registry of notification kinds: default channels and wording.

Wording is kept as translatable templates and rendered when shown (in the viewer's language) or
emailed (in the recipient's language). Its values come from ``Notification.params``: case numbers,
plan numbers, organisation names and counts — never a survivor's name, story or contact details,
because emails leave the system.

Params each kind uses (``case`` is filled in from ``notify(case=...)``):

- ``referral_*``: ``case``, ``organisation`` (the other organisation)
- ``approval_requested``: ``variant`` = ``plan`` | ``closure``, ``case``, ``number`` (plan version)
- ``approval_decided``: ``variant`` = ``plan_approved`` | ``plan_returned`` | ``closure_approved`` |
  ``closure_returned``, ``case``, ``number``
- ``transfer_proposed``: ``case``, ``organisation``; ``transfer_decided``: also ``variant`` =
  ``accepted`` | ``declined`` | ``withdrawn`` (sent to the receiving supervisors when the case closed)
- ``conference_invitation``: ``case``, optional ``when`` (text, already in the recipient's zone)
- ``takedown_reminder``: ``case``, ``days`` (days without progress on a takedown or report request)
- ``daily_digest``: ``overdue``, ``due``, ``approvals`` (counts) and the lists ``overdue_cases``,
  ``due_cases``, ``approval_cases`` (case numbers)
- ``certificate_issued``, ``certificate_revoked``: ``programme`` (the training programme's title),
  ``code`` (the certificate's code) and ``verify`` (the public verification address); sent to the
  holder only, about their own certificate. A revocation's reason stays on the certificate's page.
- ``sexual_image_destroyed``: ``case``; sent to the case manager and their supervisor when a stored
  file turned out to show a sexual image and was destroyed. Never the reason or the file's name.
- ``data_request_received``: ``organisation`` (the requesting one); sent to the people with
  ``view_aggregates`` of each organisation whose figures a data request asks for.
- ``data_request_decided``: ``variant`` = ``released`` | ``refused``, ``title`` (the request's title);
  sent to the requester.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.notifications.models import Kind


@dataclass(frozen=True)
class KindSpec:
    in_app: bool
    email: bool
    titles: dict[str, str | Promise] = field(default_factory=dict)  # by params["variant"]; "" is the default


KINDS: dict[str, KindSpec] = {
    Kind.REFERRAL_RECEIVED: KindSpec(
        True, True, {"": gettext_lazy("New referral from %(organisation)s for case %(case)s")}
    ),
    Kind.REFERRAL_ACCEPTED: KindSpec(
        True, False, {"": gettext_lazy("%(organisation)s accepted the referral of case %(case)s")}
    ),
    Kind.REFERRAL_DECLINED: KindSpec(
        True, True, {"": gettext_lazy("%(organisation)s declined the referral of case %(case)s")}
    ),
    Kind.REFERRAL_OVERDUE: KindSpec(True, True, {"": gettext_lazy("The referral of case %(case)s is overdue")}),
    Kind.REFERRAL_CANCELLED: KindSpec(
        True, True, {"": gettext_lazy("%(organisation)s cancelled the referral of case %(case)s")}
    ),
    Kind.CASE_ASSIGNED: KindSpec(True, True, {"": gettext_lazy("Case %(case)s was assigned to you")}),
    Kind.APPROVAL_REQUESTED: KindSpec(
        True,
        True,
        {
            "": gettext_lazy("Case %(case)s waits for your approval"),
            "plan": gettext_lazy("Case plan version %(number)s of case %(case)s waits for your approval"),
            "closure": gettext_lazy("The closure of case %(case)s waits for your approval"),
        },
    ),
    Kind.APPROVAL_DECIDED: KindSpec(
        True,
        False,
        {
            "": gettext_lazy("A supervisor decided on case %(case)s"),
            "plan_approved": gettext_lazy("Case plan version %(number)s of case %(case)s was approved"),
            "plan_returned": gettext_lazy("Case plan version %(number)s of case %(case)s was returned"),
            "closure_approved": gettext_lazy("The closure of case %(case)s was approved"),
            "closure_returned": gettext_lazy("The closure of case %(case)s was returned"),
        },
    ),
    Kind.TRANSFER_PROPOSED: KindSpec(
        True, True, {"": gettext_lazy("%(organisation)s proposes to transfer case %(case)s")}
    ),
    Kind.TRANSFER_DECIDED: KindSpec(
        True,
        False,
        {
            "": gettext_lazy("The transfer of case %(case)s was decided"),
            "accepted": gettext_lazy("%(organisation)s accepted the transfer of case %(case)s"),
            "declined": gettext_lazy("%(organisation)s declined the transfer of case %(case)s"),
            "withdrawn": gettext_lazy("%(organisation)s withdrew the transfer of case %(case)s (the case was closed)"),
        },
    ),
    Kind.CONFERENCE_INVITATION: KindSpec(
        True, True, {"": gettext_lazy("You are invited to a case conference on case %(case)s")}
    ),
    Kind.TAKEDOWN_REMINDER: KindSpec(
        True,
        True,
        {"": gettext_lazy("A takedown request on case %(case)s has had no progress for %(days)s days")},
    ),
    Kind.DAILY_DIGEST: KindSpec(
        False,
        True,
        {"": gettext_lazy("Your work today: %(overdue)s overdue, %(due)s due soon, %(approvals)s to approve")},
    ),
    Kind.CERTIFICATE_ISSUED: KindSpec(
        True, True, {"": gettext_lazy("Your training certificate for %(programme)s was issued")}
    ),
    Kind.CERTIFICATE_REVOKED: KindSpec(
        True, True, {"": gettext_lazy("Your training certificate for %(programme)s was revoked")}
    ),
    Kind.SEXUAL_IMAGE_DESTROYED: KindSpec(
        True, True, {"": gettext_lazy("A file on case %(case)s was destroyed because it showed a sexual image")}
    ),
    Kind.DATA_REQUEST_RECEIVED: KindSpec(
        True, True, {"": gettext_lazy("%(organisation)s asks for a table with your organisation's figures")}
    ),
    Kind.DATA_REQUEST_DECIDED: KindSpec(
        True,
        True,
        {
            "": gettext_lazy("Your data request %(title)s was decided"),
            "released": gettext_lazy("Your data request %(title)s was approved: the table is ready"),
            "refused": gettext_lazy("Your data request %(title)s was refused"),
        },
    ),
}

assert set(KINDS) == set(Kind.values), "every kind needs its defaults and wording"  # noqa: S101


class _Params(dict[str, Any]):
    """Missing values show as a dash rather than breaking the wording."""

    def __missing__(self, key: str) -> str:
        return "—"


def render_title(kind: str, params: Mapping[str, Any]) -> str:
    spec = KINDS.get(kind)
    if spec is None:
        return str(kind)
    template = spec.titles.get(str(params.get("variant", "")), spec.titles[""])
    try:
        return str(template) % _Params(params)
    except (TypeError, ValueError):  # a translation with a broken placeholder: fall back to the kind
        return str(Kind(kind).label)


def _numbers(values: Any) -> str:
    return ", ".join(str(value) for value in values or [])


def _certificate_lines(kind: str, params: Mapping[str, Any]) -> list[str]:
    lines = [_("Certificate code: %(code)s") % {"code": params.get("code", "—")}]
    if kind == Kind.CERTIFICATE_ISSUED:
        if params.get("verify"):
            lines.append(_("Anybody can check it at: %(address)s") % {"address": params["verify"]})
        lines.append(_("This is a training certificate, not a professional licence."))
    return lines


def render_body(kind: str, params: Mapping[str, Any]) -> list[str]:
    """Further lines under the title (the digest's case numbers, a certificate's code); most kinds have none."""
    if kind in (Kind.CERTIFICATE_ISSUED, Kind.CERTIFICATE_REVOKED):
        return _certificate_lines(kind, params)
    if kind != Kind.DAILY_DIGEST:
        return []
    lines = []
    if params.get("overdue_cases"):
        lines.append(_("Overdue: %(cases)s") % {"cases": _numbers(params["overdue_cases"])})
    if params.get("due_cases"):
        lines.append(_("Due soon: %(cases)s") % {"cases": _numbers(params["due_cases"])})
    if params.get("approval_cases"):
        lines.append(_("Waiting for your approval: %(cases)s") % {"cases": _numbers(params["approval_cases"])})
    return lines
