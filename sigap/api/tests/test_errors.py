from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions

from sigap.api.errors import exception_handler


def test_validation_error_lists_messages_per_field():
    exc = exceptions.ValidationError({"name": ["Required."], "nested": {"code": ["Bad."]}})
    body = exception_handler(exc, {}).data["error"]
    assert body["status"] == 400
    assert body["code"] == "invalid"
    assert body["fields"]["name"] == ["Required."]
    assert body["fields"]["nested"] == {"code": ["Bad."]}


def test_django_validation_error_from_a_verb_becomes_a_400():
    body = exception_handler(DjangoValidationError({"stage": ["Not allowed."]}), {}).data["error"]
    assert body["status"] == 400
    assert body["fields"] == {"stage": ["Not allowed."]}


def test_plain_django_validation_error_goes_to_non_field_errors():
    body = exception_handler(DjangoValidationError("Nope."), {}).data["error"]
    assert body["fields"] == {"non_field_errors": ["Nope."]}
