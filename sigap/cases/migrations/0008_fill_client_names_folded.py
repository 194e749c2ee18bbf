"""Fill ``Case.client_names_folded`` for the cases registered before it existed."""

from collections import defaultdict

from django.db import migrations

BATCH = 1000


def fill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseVictim = apps.get_model("cases", "CaseVictim")
    ids = list(Case.objects.filter(client_names_folded="").order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        names = defaultdict(list)
        links = CaseVictim.objects.filter(case_id__in=batch).order_by("-is_primary", "created_at")
        for case_id, folded in links.values_list("case_id", "person__name_folded"):
            names[case_id].append(folded)
        cases = [Case(pk=case_id, client_names_folded=" / ".join(found)[:500]) for case_id, found in names.items()]
        Case.objects.bulk_update(cases, ["client_names_folded"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_case_client_names_folded")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
