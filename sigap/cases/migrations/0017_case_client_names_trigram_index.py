"""A trigram index on the cases' folded client names, for a name part many clients share.

A common name part ("putri ayu") is checked on ``Case.client_names_folded`` with ``LIKE '%word%'``
(sigap.cases.search); without an index PostgreSQL walked the organisation's cases in list order and
threw away about 100,000 of them. PostgreSQL only (sigap.lib.trigram); other databases skip it.
"""

from django.db import migrations

from sigap.lib.trigram import create_trigram_index, drop_trigram_index

INDEX = "cases_case_client_names_trgm"


def create_index(apps, schema_editor):
    create_trigram_index(schema_editor, name=INDEX, table="cases_case", column="client_names_folded")


def drop_index(apps, schema_editor):
    drop_trigram_index(schema_editor, name=INDEX)


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_my_work_open_case_indexes")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
