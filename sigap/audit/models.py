from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.lib.models import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet


class ChainedQuerySet(AppendOnlyQuerySet):
    """Refuses update and delete; inserts (one or many) go through the hash chain (sigap.audit.chain)."""

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        from sigap.audit.chain import append

        return append(self.model, list(objs))

    def insert_chained(self, objs: list[Any]) -> list[Any]:
        """The plain insert, for sigap.audit.chain only (it has computed the hashes)."""
        return super().bulk_create(objs)


class ChainedRow(AppendOnlyModel):
    """An append-only row that carries a SHA-256 hash chained to the row before it, per table.

    ``chain_fields`` (attribute names) are what the hash covers, with ``prev_hash``; see
    sigap.audit.chain for the canonical form. The ORM refuses update and delete; the database
    refuses UPDATE (triggers in migrations 0002 and 0004).
    """

    prev_hash = models.CharField(_("previous row's hash"), max_length=64, blank=True, default="", editable=False)
    row_hash = models.CharField(_("row hash"), max_length=64, blank=True, default="", editable=False)

    chain_fields: ClassVar[tuple[str, ...]] = ()
    # The attribute whose value names the row's chain (one chain per value, so writers of different
    # organisations never wait for each other), or "" for one chain per table. See sigap.audit.chain.
    chain_by: ClassVar[str] = ""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or self.pk is not None:
            raise AppendOnlyError(f"{self._meta.verbose_name_plural} are append-only")
        from sigap.audit.chain import append

        append(type(self), [self])


def _user_link(verbose_name: Any) -> models.ForeignKey[Any, Any]:
    """Who acted; the row stays (with its hash) when the account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def _organisation_link() -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )


class AuditEvent(ChainedRow):
    """Who did what to which record, when and from where. Append-only.

    Personal data: yes (actor, IP address, and details may name a person).

    A big integer key rather than a UUID: this table only grows and is read in time order, and
    nothing outside Sigap refers to its rows. The database refuses UPDATE on it (a trigger added
    in migration 0002); the ORM refuses update and delete. Each row's hash chains it to the one
    before (``manage.py verify_audit``).
    """

    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    actor = _user_link(_("actor"))
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    verb = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    organisation = _organisation_link()
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = ChainedQuerySet.as_manager()

    chain_fields = (
        "created_at",
        "actor_id",
        "actor_label",
        "verb",
        "object_type",
        "object_id",
        "object_label",
        "organisation_id",
        "ip_address",
        "details",
    )

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.object_label}"


class AccessAction(models.TextChoices):
    VIEW_CASE = "view_case", _("Viewed the case")
    VIEW_PERSON = "view_person", _("Viewed a person")
    VIEW_RESTRICTED_NOTE = "view_restricted_note", _("Read a restricted note")
    VIEW_EVIDENCE = "view_evidence", _("Viewed an evidence item")
    DOWNLOAD_ATTACHMENT = "download_attachment", _("Downloaded an attachment")
    PRINT = "print", _("Printed the summary or made its PDF")
    EXPORT = "export", _("Exported")
    API_READ = "api_read", _("Read through the API")
    BREAK_GLASS = "break_glass", _("Break-glass opening")


class AccessLog(ChainedRow):
    """Who looked at which personal record, when, from where, and (break-glass) why. Append-only.

    Personal data: yes (the user, their IP address, and which survivor's record they opened; the
    object label is neutral — a case number or "person 1a2b3c4d", never a name).

    Big integer key, append-only and hash-chained like ``AuditEvent``. ``case_id`` is the case the
    record belongs to (the case itself, its note, attachment …), so "who viewed this case" is one
    indexed query; it is a plain column, not a foreign key, so the log outlives what it describes.
    A break-glass row is also the grant: it opens its case read-only for ``BREAK_GLASS_DURATION`` (sigap.audit.access).
    """

    time = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    user = _user_link(_("user"))
    organisation = _organisation_link()
    action = models.CharField(_("action"), max_length=32, choices=AccessAction.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    case_id = models.UUIDField(_("case"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # The chain the row is in: its organisation's, set when it is written (rows written before the
    # chains were split, and rows of no organisation, are in the table's first chain: empty).
    chain = models.UUIDField(_("chain"), null=True, blank=True, editable=False)

    objects = ChainedQuerySet.as_manager()
    chain_by = "organisation_id"

    chain_fields = (
        "time",
        "user_id",
        "organisation_id",
        "action",
        "object_type",
        "object_id",
        "object_label",
        "case_id",
        "ip_address",
        "reason",
    )

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["-time", "-id"]
        indexes = [
            models.Index(fields=["case_id", "-time"], name="access_case_time_idx"),
            models.Index(fields=["object_type", "object_id"], name="access_object_idx"),
            models.Index(fields=["organisation", "action", "-time"], name="access_org_action_idx"),
            models.Index(fields=["user", "action", "-time"], name="access_user_action_idx"),
            models.Index(fields=["chain", "id"], name="access_chain_idx"),  # verify_audit's walk
        ]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.object_label}"


class ChainHead(models.Model):
    """The end of one hash chain: its last row's hash and how many rows were chained. ``name`` is
    the table's (its first chain) or ``<table>/<chain>``.

    Personal data: no.

    Writers lock this row (an upsert) before reading the previous hash, so concurrent writers on
    PostgreSQL chain one after another; ``verify_audit`` compares it with the table's last row, so
    rows deleted from the end are noticed too.
    """

    name = models.CharField(_("table"), max_length=64, primary_key=True)
    length = models.BigIntegerField(_("rows chained"), default=0)
    last_hash = models.CharField(_("last row's hash"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return self.name
