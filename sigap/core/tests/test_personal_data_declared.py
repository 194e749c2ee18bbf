"""Every model says whether it holds personal data (STYLE habit 8), so it can be protected."""

import re

from django.apps import apps

DECLARATION = re.compile(r"Personal data:\s*(yes|no)\b", re.IGNORECASE)


def sigap_models():
    return [model for model in apps.get_models() if model.__module__.startswith("sigap.")]


def test_there_are_sigap_models_to_check():
    assert len(sigap_models()) >= 6


def test_every_sigap_model_declares_whether_it_holds_personal_data():
    undeclared = [model._meta.label for model in sigap_models() if not DECLARATION.search(model.__doc__ or "")]
    assert undeclared == [], f"Add 'Personal data: yes/no' to the docstring of: {', '.join(undeclared)}"


def test_a_model_without_the_declaration_is_caught():
    class Fake:
        __doc__ = "A model that forgot."

    assert not DECLARATION.search(Fake.__doc__)
