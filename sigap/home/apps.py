from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The top of the house: the home page (what to do today, per role), the navigation and the
    demo seeding that gathers every app. Nothing below imports it."""

    name = "sigap.home"
    verbose_name = "Home"

    def ready(self) -> None:
        # Each module registers its panels (sigap/home/panels/__init__.py).
        from sigap.home.panels import casework, queues, supervision  # noqa: F401
