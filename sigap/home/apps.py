from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The top of the house: the home page ("My work"), the navigation and the demo seeding that
    gathers every app. Nothing below imports it."""

    name = "sigap.home"
    verbose_name = "Home"
