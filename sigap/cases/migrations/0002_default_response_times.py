"""Default response times per risk level (BRIEF §2); admins may change them later."""

from django.db import migrations

DEFAULTS = [
    # risk, first contact (hours), assessment (days), plan approved (days), follow-up every (days)
    ("high", 24, 3, 7, 7),
    ("medium", 72, 7, 14, 14),
    ("low", 168, 14, 30, 30),
]


def add_defaults(apps, schema_editor):
    ResponseTime = apps.get_model("cases", "ResponseTime")
    for risk, hours, assessment, plan, follow_up in DEFAULTS:
        ResponseTime.objects.get_or_create(
            risk_level=risk,
            defaults={
                "first_contact_hours": hours,
                "assessment_days": assessment,
                "plan_days": plan,
                "follow_up_days": follow_up,
            },
        )


def remove_defaults(apps, schema_editor):
    apps.get_model("cases", "ResponseTime").objects.filter(risk_level__in=[d[0] for d in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_cases")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
