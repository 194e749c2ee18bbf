"""Online (digital) abuse on a case (docs/online.md): incident profiles, the evidence register with its
chain of custody, takedown and report requests, the client's digital safety plan, and the first-aid
guidance shown beside them.

The evidence rule is enforced here as well as in the verbs: an item marked as sexual imagery of a
child, or as containing any sexual image, never carries a file — ``Evidence.clean`` and
``Evidence.save`` refuse it, and a check constraint refuses it in the database.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# What an evidence item's image shows; a case file destroyed for showing a sexual image says the same.
from sigap.cases.codes import SexualContent as SexualContent
from sigap.lib.fields import EncryptedTextField
from sigap.lib.models import UUIDModel


class HarmType(models.TextChoices):
    GROOMING = "grooming", _("Grooming")
    SEXTORTION = "sextortion", _("Sexual extortion (sextortion)")
    CSAM = "csam", _("Child sexual abuse material")
    LIVE_STREAMED = "live_streamed", _("Live-streamed abuse")
    NCII = "ncii", _("Non-consensual sharing of intimate images (KSBE)")
    CYBERBULLYING = "cyberbullying", _("Cyberbullying")
    RECRUITMENT = "recruitment", _("Online recruitment for exploitation or trafficking")
    IMPERSONATION = "impersonation", _("Impersonation")
    DOXXING = "doxxing", _("Doxxing (publishing private details)")
    OTHER = "other", _("Other harm")


# Harm types that are online sexual abuse: a child victim gets the TPKS police-report task, and the
# page suggests recording electronic-based sexual violence (KSBE) as the TPKS offence.
SEXUAL_HARMS = frozenset({HarmType.GROOMING, HarmType.SEXTORTION, HarmType.CSAM, HarmType.LIVE_STREAMED, HarmType.NCII})


class Platform(models.TextChoices):
    WHATSAPP = "whatsapp", "WhatsApp"
    FACEBOOK = "facebook", "Facebook"
    MESSENGER = "messenger", "Messenger"
    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"
    TELEGRAM = "telegram", "Telegram"
    X = "x", "X (Twitter)"
    YOUTUBE = "youtube", "YouTube"
    GAMES = "games", _("Online games")
    DATING = "dating", _("Dating apps")
    OTHER = "other", _("Other platform")


class Demand(models.TextChoices):
    MONEY = "money", _("Money")
    MORE_IMAGES = "more_images", _("More images or videos")
    MEETING = "meeting", _("A meeting in person")
    OTHER = "other", _("Something else")


class Known(models.TextChoices):
    KNOWN = "known", _("Known to the victim")
    UNKNOWN = "unknown", _("Not known to the victim")
    UNSURE = "unsure", _("Not sure")


TIMELINE_LABELS = {
    "online_incident_recorded": _("Online incident recorded"),
    "online_incident_changed": _("Online incident changed"),
    "online_account_added": _("Offender account added"),
    "online_evidence_recorded": _("Evidence recorded"),
    "online_custody_recorded": _("Evidence handed over"),
    "online_takedown_created": _("Takedown request recorded"),
    "online_takedown_status": _("Takedown request updated"),
    "online_takedown_reminder": _("Takedown request without progress"),
    "online_safety_plan_saved": _("Digital safety plan updated"),
}


class OnlineIncident(UUIDModel):
    """What happened online on a case: harm types, platforms, contact dates, demands and payments.

    Personal data: yes (the description and where images were shared describe the victim's abuse).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="online_incidents")
    harm_types = models.JSONField(_("harm types"), default=list)
    platforms = models.JSONField(_("platforms"), default=list)
    first_contact_on = models.DateField(_("first contact"), null=True, blank=True)
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    demands = models.JSONField(_("demands"), default=list, blank=True)
    amount_demanded = models.DecimalField(
        _("amount demanded (Rp)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    amount_paid = models.DecimalField(_("amount paid (Rp)"), max_digits=14, decimal_places=0, null=True, blank=True)
    images_shared = models.BooleanField(_("images of the victim were shared"), default=False)
    images_shared_where = EncryptedTextField(_("where the images were shared"), blank=True)
    description = EncryptedTextField(_("what happened online"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("online incident")
        verbose_name_plural = _("online incidents")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_demanded__isnull=True) | Q(amount_demanded__gte=0),
                name="online_demanded_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount_paid__isnull=True) | Q(amount_paid__gte=0), name="online_paid_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {', '.join(self.harm_labels())}"

    @property
    def audit_label(self) -> str:
        return f"online incident {str(self.pk)[:8]}"

    def harm_labels(self) -> list[str]:
        return [str(HarmType(v).label) for v in self.harm_types if v in HarmType.values]

    def platform_labels(self) -> list[str]:
        return [str(Platform(v).label) for v in self.platforms if v in Platform.values]

    def demand_labels(self) -> list[str]:
        return [str(Demand(v).label) for v in self.demands if v in Demand.values]

    @property
    def is_sexual(self) -> bool:
        return bool(SEXUAL_HARMS & set(self.harm_types))


class OffenderAccount(UUIDModel):
    """An account used by the offender: platform, handle, profile address, known to the victim or not.

    Personal data: yes (identifies an alleged offender).
    """

    incident = models.ForeignKey(OnlineIncident, on_delete=models.CASCADE, related_name="accounts")
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    handle = EncryptedTextField(_("account name or number"), max_length=200)
    profile_url = EncryptedTextField(_("profile address (URL)"), max_length=500, blank=True)
    known_to_victim = models.CharField(_("known to the victim?"), max_length=10, choices=Known.choices)

    class Meta:
        verbose_name = _("offender account")
        verbose_name_plural = _("offender accounts")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} · {self.handle}"

    @property
    def audit_label(self) -> str:
        return f"offender account {str(self.pk)[:8]}"


class EvidenceKind(models.TextChoices):
    URL = "url", _("Address (URL) of the content")
    CONTEXT_SCREENSHOT = "context_screenshot", _("Screenshot of the context (no sexual image)")
    CHAT_EXPORT = "chat_export", _("Chat export (as text)")
    ACCOUNT_INFO = "account_info", _("Account information")
    PAYMENT = "payment", _("Payment record")
    POLICE_HASH = "police_hash", _("Hash provided by the police")
    OTHER = "other", _("Other evidence")


def evidence_file_refusal(sexual_content: str, has_file: bool, confirmed: bool) -> str | None:
    """Why a file may not be stored with this evidence item, or None when it may (docs/online.md).

    The one wording of the rule: the model, the verb, the form and the API all use it.
    """
    if not has_file:
        return None
    if sexual_content == SexualContent.CHILD:
        return str(
            _(
                "A sexual image of a child is never uploaded, copied or stored: possessing it is itself a crime and "
                "copying it alters the evidence. Record where it is instead: the address (URL), the platform and "
                "account, the date and time, a description, and the hash if the police give one."
            )
        )
    if sexual_content != SexualContent.NONE:
        return str(
            _(
                "A file containing a sexual image is never stored here. Record where it is instead: the address "
                "(URL), the platform and account, the date and time, a description, and the hash if the police "
                "give one."
            )
        )
    if not confirmed:
        return str(_("Confirm that the file contains no sexual image before it is stored."))
    return None


class Evidence(UUIDModel):
    """One item of the evidence register: what it is, where it is, who captured it and when; at most a
    file of context (encrypted, as a case attachment with its SHA-256) — never a sexual image.

    Personal data: yes (descriptions, addresses and chat text about the victim's abuse).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="online_evidence")
    incident = models.ForeignKey(
        OnlineIncident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("incident"),
    )
    kind = models.CharField(_("kind of evidence"), max_length=20, choices=EvidenceKind.choices)
    description = EncryptedTextField(_("description"))
    url = EncryptedTextField(_("address (URL)"), max_length=1000, blank=True)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices, blank=True)
    sexual_content = models.CharField(
        _("does it show a sexual image?"), max_length=10, choices=SexualContent.choices, default=SexualContent.NONE
    )
    no_sexual_image_confirmed = models.BooleanField(_("I confirm the file contains no sexual image"), default=False)
    police_hash = models.CharField(_("hash from the police"), max_length=200, blank=True)
    chat_text = EncryptedTextField(_("chat text"), blank=True)
    captured_at = models.DateTimeField(_("captured at"), null=True, blank=True)
    captured_by = models.CharField(_("captured by"), max_length=200, blank=True)
    attachment = models.OneToOneField(
        "cases.Attachment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="online_evidence",
        verbose_name=_("file"),
    )
    # The tombstone of a file that turned out to show a sexual image and was destroyed: its SHA-256
    # (kept for the police), size, type, and who destroyed it when. The item is then marked sexual.
    destroyed_file = models.OneToOneField(
        "cases.Attachment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="destroyed_for_evidence",
        verbose_name=_("destroyed file"),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence items")
        ordering = ["-created_at"]
        constraints = [
            # docs/online.md: a sexual image is never stored — whatever path a row takes into the database.
            models.CheckConstraint(
                condition=Q(attachment__isnull=True)
                | Q(sexual_content=SexualContent.NONE, no_sexual_image_confirmed=True),
                name="online_evidence_no_file_with_sexual_image",
            ),
            # A destroyed file means a sexual image existed: the item says so and holds no file.
            models.CheckConstraint(
                condition=Q(destroyed_file__isnull=True)
                | (Q(attachment__isnull=True) & ~Q(sexual_content=SexualContent.NONE)),
                name="online_evidence_destroyed_file_marked_sexual",
            ),
        ]
        indexes = [models.Index(fields=["case", "-created_at"], name="online_evidence_case_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {str(self.pk)[:8]}"

    @property
    def audit_label(self) -> str:
        return f"evidence {str(self.pk)[:8]}"

    @property
    def is_sexual(self) -> bool:
        return self.sexual_content != SexualContent.NONE

    def clean(self) -> None:
        refusal = evidence_file_refusal(
            self.sexual_content, self.attachment_id is not None, self.no_sexual_image_confirmed
        )
        if refusal:
            raise ValidationError({"file": [refusal]}, code="sexual_image")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.clean()  # the rule holds for every save, not only for forms that call full_clean
        super().save(*args, **kwargs)


class CustodyTransfer(UUIDModel):
    """One step of an evidence item's chain of custody: handed to whom, when, under which reference.

    Personal data: yes (names the officer or person who received it).
    """

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="custody")
    handed_to = models.CharField(_("handed to (name, unit)"), max_length=200)
    handed_at = models.DateTimeField(_("handed over at"))
    reference = models.CharField(_("reference number"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("custody transfer")
        verbose_name_plural = _("custody transfers")
        ordering = ["handed_at", "created_at"]

    def __str__(self) -> str:
        return f"{self.handed_to} · {self.handed_at:%Y-%m-%d}"


class Channel(models.TextChoices):
    PLATFORM = "platform", _("The platform's own report")
    GOVERNMENT = "government", _("Government content-complaint service (aduan konten)")
    POLICE = "police", _("Police cyber unit")
    HASH = "hash", _("Hash-based removal service")
    OTHER = "other", _("Other channel")


class TakedownStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    REMOVED = "removed", _("Removed")
    REFUSED = "refused", _("Refused")
    NO_RESPONSE = "no_response", _("No response")


RESOLVED_STATUSES = frozenset({TakedownStatus.REMOVED, TakedownStatus.REFUSED})
# Still waiting for somebody: a reminder comes when nothing has happened for a while.
WAITING_STATUSES = frozenset({TakedownStatus.DRAFT, TakedownStatus.SUBMITTED, TakedownStatus.ACKNOWLEDGED})


class Takedown(UUIDModel):
    """A request to remove content or an account, or a report of it, through one channel.

    Personal data: yes (the address or account concerns the victim's abuse).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="takedowns")
    incident = models.ForeignKey(
        OnlineIncident, on_delete=models.PROTECT, null=True, blank=True, related_name="takedowns"
    )
    account = models.ForeignKey(
        OffenderAccount,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="takedowns",
        verbose_name=_("account"),
    )
    url = EncryptedTextField(_("address (URL)"), max_length=1000, blank=True)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=20, choices=TakedownStatus.choices, default=TakedownStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reference = models.CharField(_("reference number"), max_length=100, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    # The last time anything happened (created, status changed): the reminder counts from here.
    last_activity_at = models.DateTimeField(editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("takedown request")
        verbose_name_plural = _("takedown requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=[TakedownStatus.REMOVED, TakedownStatus.REFUSED])
                | Q(resolved_at__isnull=False),
                name="online_takedown_resolved_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status=TakedownStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="online_takedown_sent_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["case", "-created_at"], name="online_takedown_case_idx"),
            models.Index(fields=["status", "last_activity_at"], name="online_takedown_waiting_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.get_status_display()}"

    @property
    def audit_label(self) -> str:
        return f"takedown {str(self.pk)[:8]}"

    @property
    def is_resolved(self) -> bool:
        return self.status in RESOLVED_STATUSES


class TakedownReminder(UUIDModel):
    """A reminder that a takedown request has had no progress for ``SIGAP_TAKEDOWN_REMINDER_DAYS``.
    One per request and period of silence (so the reminder job is safe to run twice); it is cleared
    when the request moves on.

    Personal data: no.
    """

    takedown = models.ForeignKey(Takedown, on_delete=models.CASCADE, related_name="reminders")
    quiet_since = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["takedown", "quiet_since"], name="online_reminder_once_per_silence")
        ]


class SafetyItem(models.TextChoices):
    """The digital safety plan's checklist (docs/online.md)."""

    PASSWORDS = "passwords", _("Passwords changed on every account")
    TWO_STEP = "two_step", _("Two-step verification turned on")
    RECOVERY = "recovery", _("Recovery email and phone number checked")
    STALKERWARE = "stalkerware", _("Phone and computer checked for stalkerware")
    PRIVACY = "privacy", _("Privacy settings checked on every account")
    BLOCK_REPORT = "block_report", _("Offender blocked and reported")
    EVIDENCE = "evidence", _("Evidence kept safely")
    TRUSTED_ADULT = "trusted_adult", _("A trusted adult or friend told")
    CONTACTS = "contacts", _("Who to contact if it happens again")


class SafetyStatus(models.TextChoices):
    TODO = "todo", _("Not yet")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not needed")


class SafetyPlan(UUIDModel):
    """A client's digital safety plan on a case. Personal data: yes (notes about the client's devices and contacts)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="online_safety_plans")
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("client"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("digital safety plan")
        verbose_name_plural = _("digital safety plans")
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="online_one_safety_plan_per_client")]

    def __str__(self) -> str:
        return f"{self.case} · {str(self.person_id)[:8]}"

    @property
    def audit_label(self) -> str:
        return f"safety plan {str(self.pk)[:8]}"


class SafetyPlanItem(UUIDModel):
    """One point of a digital safety plan: its status and notes. Personal data: yes (the notes)."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="items")
    item = models.CharField(_("item"), max_length=20, choices=SafetyItem.choices)
    status = models.CharField(_("status"), max_length=20, choices=SafetyStatus.choices, default=SafetyStatus.TODO)
    notes = EncryptedTextField(_("notes"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "item"], name="online_safety_item_once")]


class Guidance(UUIDModel):
    """A short first-aid panel for one harm type, in Indonesian and English, shown beside the incident
    and evidence pages; admins edit it. Personal data: no."""

    harm_type = models.CharField(_("harm type"), max_length=20, choices=HarmType.choices, unique=True)
    title_id = models.CharField(_("title (Indonesian)"), max_length=200)
    body_id = models.TextField(_("text (Indonesian)"), help_text=_("One point per line."))
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_en = models.TextField(_("text (English)"), help_text=_("One point per line."))

    class Meta:
        verbose_name = _("first-aid guidance")
        verbose_name_plural = _("first-aid guidance")
        ordering = ["harm_type"]

    def __str__(self) -> str:
        return self.get_harm_type_display()

    def title(self, language: str) -> str:
        return self.title_en if language.startswith("en") else self.title_id

    def points(self, language: str) -> list[str]:
        body = self.body_en if language.startswith("en") else self.body_id
        return [line.strip(" -•") for line in body.splitlines() if line.strip(" -•")]
