import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_optimize_database_refreshes_statistics(capsys):
    call_command("optimize_database")
    assert "Statistics refreshed" in capsys.readouterr().out
