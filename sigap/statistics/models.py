"""The summary (fact) table the figures are counted from, and the monthly verification.

One :class:`Fact` row per case (``unit=case``), per victim of a case (``unit=victim``) and per
perpetrator of a case (``unit=perpetrator``), counted separately as SIMFONI-PPA does, and one per
referral the case's organisation sent (``unit=referral``, for the process indicators). A row holds
only codes, dates, flags and day counts, never a name, a narrative or a free-text field, so the
figures can be counted, cached and frozen without reading a case. Forms of violence and services
received are flags (a case may carry several): one query counts every form at once.

Live rows have ``frozen = False`` and are kept current by ``sigap.statistics.refresh``; a
verified month's rows are a frozen copy pointing at its :class:`MonthVerification`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.cases.codes import ServiceType, ViolenceForm
from sigap.lib.models import UUIDModel

FORM_FIELDS = {form.value: f"form_{form.value}" for form in ViolenceForm}
SERVICE_FIELDS = {service.value: f"service_{service.value}" for service in ServiceType}


class Unit(models.TextChoices):
    CASE = "case", _("Cases")
    VICTIM = "victim", _("Victims")
    PERPETRATOR = "perpetrator", _("Perpetrators")
    REFERRAL = "referral", _("Referrals sent")


class MonthVerification(UUIDModel):
    """An organisation's month, reviewed and verified by its data officer; verified rows are frozen.

    Personal data: no (an organisation, a month, who verified it and completeness counts).
    """

    class Status(models.TextChoices):
        VERIFIED = "verified", _("Verified")
        SUPERSEDED = "superseded", _("Replaced by a newer verification")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    month = models.DateField(_("month"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.VERIFIED)
    verified_at = models.DateTimeField(_("verified"))
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # What the review showed when it was verified (counts only).
    completeness = models.JSONField(_("completeness"), default=dict)
    cases = models.PositiveIntegerField(_("cases"), default=0)

    class Meta:
        verbose_name = _("verified month")
        verbose_name_plural = _("verified months")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "month"],
                condition=models.Q(status="verified"),
                name="statistics_one_verified_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.month:%Y-%m}"


class Revision(UUIDModel):
    """A change to a case of a verified month after it was verified. Personal data: no (codes only)."""

    verification = models.ForeignKey(MonthVerification, on_delete=models.CASCADE, related_name="revisions")
    case_id = models.UUIDField()
    verb = models.CharField(_("change"), max_length=64)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_fields = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["verification", "case_id"], name="stat_revision_idx")]


class Fact(models.Model):
    """One counted unit (case, victim or perpetrator) of a case. Personal data: no (codes, dates, flags)."""

    id = models.BigAutoField(primary_key=True)
    unit = models.CharField(max_length=12, choices=Unit.choices)
    verification = models.ForeignKey(
        MonthVerification, on_delete=models.CASCADE, null=True, blank=True, related_name="facts"
    )
    # True on a verified month's frozen copy (its verification is set), False on the live row.
    frozen = models.BooleanField(default=False)
    case_id = models.UUIDField()
    # The victim's or perpetrator's link row (CaseVictim / CasePerpetrator); None on a case row.
    member_id = models.UUIDField(null=True, blank=True)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    # Where the owning organisation is (the scope of regional views) and where it happened.
    province = models.CharField(max_length=2)
    regency = models.CharField(max_length=5, blank=True)
    incident_province = models.CharField(max_length=2, blank=True)
    incident_regency = models.CharField(max_length=5, blank=True)
    registered_month = models.DateField()
    incident_month = models.DateField(null=True, blank=True)
    # Case facts (on every row, so a victim or perpetrator can be filtered by them).
    client_type = models.CharField(max_length=20, blank=True)
    intake_channel = models.CharField(max_length=20, blank=True)
    place = models.CharField(max_length=30, blank=True)
    is_online = models.BooleanField(default=False)
    risk_level = models.CharField(max_length=10, blank=True)
    form_fisik = models.BooleanField(default=False)
    form_psikis = models.BooleanField(default=False)
    form_seksual = models.BooleanField(default=False)
    form_eksploitasi = models.BooleanField(default=False)
    form_trafficking = models.BooleanField(default=False)
    form_penelantaran = models.BooleanField(default=False)
    form_lainnya = models.BooleanField(default=False)
    service_pengaduan = models.BooleanField(default=False)
    service_kesehatan = models.BooleanField(default=False)
    service_bantuan_hukum = models.BooleanField(default=False)
    service_penegakan_hukum = models.BooleanField(default=False)
    service_rehabilitasi_sosial = models.BooleanField(default=False)
    service_reintegrasi_sosial = models.BooleanField(default=False)
    service_pemulangan = models.BooleanField(default=False)
    service_pendampingan_tokoh_agama = models.BooleanField(default=False)
    service_penjangkauan = models.BooleanField(default=False)
    service_penampungan_sementara = models.BooleanField(default=False)
    service_mediasi = models.BooleanField(default=False)
    service_pendampingan = models.BooleanField(default=False)
    service_psikologis = models.BooleanField(default=False)
    # Person facts (victim and perpetrator rows).
    sex = models.CharField(max_length=10, blank=True)
    age_band = models.CharField(max_length=8, blank=True)
    has_disability = models.BooleanField(default=False)
    disability_type = models.CharField(max_length=20, blank=True)
    education = models.CharField(max_length=20, blank=True)
    relationship = models.CharField(max_length=30, blank=True)  # perpetrator rows
    is_child = models.BooleanField(null=True)
    # Process facts (case rows).
    stage = models.CharField(max_length=20, blank=True)
    is_closed = models.BooleanField(default=False)
    closure_reason = models.CharField(max_length=30, blank=True)
    reopened = models.BooleanField(default=False)
    incident_to_report_days = models.IntegerField(null=True)
    report_to_registration_days = models.IntegerField(null=True)
    first_contact_on_time = models.BooleanField(null=True)
    assessment_on_time = models.BooleanField(null=True)
    plan_on_time = models.BooleanField(null=True)
    police_report_on_time = models.BooleanField(null=True)
    days_to_approved_plan = models.IntegerField(null=True)
    duration_days = models.IntegerField(null=True)
    case_manager_id = models.UUIDField(null=True)
    national_fields_missing = models.PositiveSmallIntegerField(default=0)
    registered_late = models.BooleanField(default=False)
    # Referral facts (referral rows): its status and hours from sending to the answer.
    referral_status = models.CharField(max_length=10, blank=True)
    response_hours = models.IntegerField(null=True)
    refreshed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "case_id", "member_id"],
                condition=models.Q(frozen=False, member_id__isnull=False),
                name="stat_fact_live_member_unique",
            ),
            models.UniqueConstraint(
                fields=["unit", "case_id"],
                condition=models.Q(frozen=False, member_id__isnull=True),
                name="stat_fact_live_case_unique",
            ),
        ]
        indexes = [
            # The figure queries: a unit in a region over a period (national, province, regency).
            models.Index(
                fields=["unit", "frozen", "registered_month", "province", "regency"], name="stat_fact_unit_month_idx"
            ),
            models.Index(fields=["unit", "frozen", "regency", "registered_month"], name="stat_fact_unit_regency_idx"),
            models.Index(fields=["unit", "frozen", "province", "registered_month"], name="stat_fact_unit_province_idx"),
            models.Index(fields=["unit", "frozen", "organisation", "registered_month"], name="stat_fact_unit_org_idx"),
            models.Index(fields=["case_id"], name="stat_fact_case_idx"),
            models.Index(fields=["verification", "unit"], name="stat_fact_verification_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.case_id} {self.registered_month:%Y-%m}"


# The data requests between agencies (the release side) live in their own module.
from sigap.statistics.datarequests import DataRequest, DataRequestDecision  # noqa: E402

__all__ = ["DataRequest", "DataRequestDecision", "Fact", "MonthVerification", "Revision", "Unit"]
