"""A conference action's description is personal data: it is stored encrypted, and the data
migration encrypts the rows written before (and decrypts them when reversed)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection

from sigap.conferences import actions
from sigap.conferences.models import ConferenceAction

pytestmark = pytest.mark.django_db

TEXT = "Pendampingan psikologis untuk anak dan ibu (sintetis)."


def stored(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM conferences_conferenceaction WHERE id = %s", [pk.hex])
        row = cursor.fetchone()
        if row is None:
            cursor.execute("SELECT description FROM conferences_conferenceaction WHERE id = %s", [str(pk)])
            row = cursor.fetchone()
    return row[0]


def test_the_description_is_not_stored_in_plain_text(cast, conference):
    action = actions.add_action(
        conference,
        actor=cast.caseworker,
        data=actions.ActionData(
            service_type="psikologis", description=TEXT, responsible_organisation=conference.organisation
        ),
    )
    raw = stored(action.pk)
    assert raw and TEXT not in raw and "Pendampingan" not in raw
    assert ConferenceAction.objects.get(pk=action.pk).description == TEXT


def test_the_data_migration_encrypts_old_rows_and_reverses(cast, conference):
    migration = importlib.import_module("sigap.conferences.migrations.0003_encrypt_action_descriptions")
    action = actions.add_action(
        conference,
        actor=cast.caseworker,
        data=actions.ActionData(
            service_type="psikologis", description=TEXT, responsible_organisation=conference.organisation
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute("UPDATE conferences_conferenceaction SET description = %s", [TEXT])
    assert stored(action.pk) == TEXT

    class Editor:
        connection = connection

    migration.encrypt(apps, Editor())
    assert TEXT not in stored(action.pk)
    assert ConferenceAction.objects.get(pk=action.pk).description == TEXT
    migration.encrypt(apps, Editor())  # running it again changes nothing
    assert ConferenceAction.objects.get(pk=action.pk).description == TEXT
    migration.decrypt(apps, Editor())
    assert stored(action.pk) == TEXT


def test_rotate_keys_covers_the_description():
    """``rotate_keys`` rewrites every ``EncryptedTextField`` it finds (no registry to extend)."""
    from sigap.lib.fields import encrypted_fields

    assert encrypted_fields(ConferenceAction) == ["description"]
