"""Tokens created before expiries existed get one: 90 days from this migration.

Separate from the schema change and reversible: going back leaves the dates, which the previous
schema step then drops with the column.
"""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone

EXISTING_TOKEN_DAYS = 90


def give_existing_tokens_an_expiry(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + timedelta(days=EXISTING_TOKEN_DAYS)
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_api_token_expiry_and_revoked_reason")]

    operations = [migrations.RunPython(give_existing_tokens_an_expiry, migrations.RunPython.noop)]
