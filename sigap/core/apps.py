from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_table(sender: Any, using: str = "default", verbosity: int = 1, **kwargs: Any) -> None:
    """Every ``migrate`` creates the database cache's table if it is missing (idempotent).

    Without Redis, rate limits and lockout counters live in the database cache, so every web process
    and server counts together; the table must exist before the first request.
    """
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=max(0, verbosity - 1))


class CoreConfig(AppConfig):
    name = "sigap.core"
    verbose_name = "Core"

    def ready(self) -> None:
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="sigap.core.create_cache_table")
