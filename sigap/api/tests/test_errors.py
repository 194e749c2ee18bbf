from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions

from sigap.api.errors import exception_handler


def test_validation_error_lists_messages_per_field():
    exc = exceptions.ValidationError({"name": ["Required."], "nested": {"code": ["Bad."]}})
    body = exception_handler(exc, {}).data["error"]
    assert body["status"] == 400
    assert body["code"] == "invalid"
    assert body["fields"]["name"] == ["Required."]
    # Nested errors are named by their path, so every value is a list of messages (ErrorDetail).
    assert body["fields"]["nested.code"] == ["Bad."]


def test_nested_list_errors_are_named_by_path_and_fit_the_documented_schema():
    exc = exceptions.ValidationError(
        {"victims": [{}, {"nik": ["Sixteen digits."], "address": {"village": ["Unknown."]}}], "forms": ["Pick one."]}
    )
    fields = exception_handler(exc, {}).data["error"]["fields"]
    assert fields == {
        "victims.1.nik": ["Sixteen digits."],
        "victims.1.address.village": ["Unknown."],
        "forms": ["Pick one."],
    }
    assert all(isinstance(v, list) and all(isinstance(m, str) for m in v) for v in fields.values())


def test_a_list_of_errors_without_fields_goes_to_non_field_errors():
    body = exception_handler(exceptions.ValidationError(["One.", "Two."]), {}).data["error"]
    assert body["fields"] == {"non_field_errors": ["One.", "Two."]}


def test_django_validation_error_from_a_verb_becomes_a_400():
    body = exception_handler(DjangoValidationError({"stage": ["Not allowed."]}), {}).data["error"]
    assert body["status"] == 400
    assert body["fields"] == {"stage": ["Not allowed."]}


def test_plain_django_validation_error_goes_to_non_field_errors():
    body = exception_handler(DjangoValidationError("Nope."), {}).data["error"]
    assert body["fields"] == {"non_field_errors": ["Nope."]}
