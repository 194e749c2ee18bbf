from sigap.forms.tests.fixtures import version  # noqa: F401
