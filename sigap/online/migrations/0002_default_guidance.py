"""Load the default first-aid guidance panels (sigap.online.guidance); reversible."""

from typing import Any

from django.db import migrations

from sigap.online.guidance import DEFAULT_GUIDANCE


def load(apps: Any, schema_editor: Any) -> None:
    Guidance = apps.get_model("online", "Guidance")
    for harm_type, texts in DEFAULT_GUIDANCE.items():
        Guidance.objects.get_or_create(harm_type=harm_type, defaults=texts)


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("online", "Guidance").objects.filter(harm_type__in=list(DEFAULT_GUIDANCE)).delete()


class Migration(migrations.Migration):
    dependencies = [("online", "0001_online_abuse")]

    operations = [migrations.RunPython(load, unload)]
