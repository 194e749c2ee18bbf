"""The schema generator: every operation documents the errors it can answer (issue #12.8).

Views document what is particular to them (``409`` on a versioned record, ``410`` for a destroyed
file, their own wording of ``400``); this adds, to every operation that does not say otherwise, the
errors the platform itself may give, all in the one error format (``sigap.api.errors``):

- ``400`` when the operation changes something (the verb refused: not valid, not in this state) or
  takes query parameters (not valid);
- ``401`` when it needs a caller (no, a wrong or a revoked token);
- ``403`` always (the caller's role, an unverified session, a missing CSRF token);
- ``404`` when the path names a record, the body may name one (a record the caller may not see is
  not found) or the list is paginated (a page past the end);
- ``415`` when it takes a body (a body in a format the operation does not read);
- ``429`` always (the request rate limits).

``tests/test_api_contract.py`` sends requests that provoke these to every operation and fails on
any status the schema does not document.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from sigap.api.errors import ErrorSerializer

ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "Not valid, or refused in the record's present state: the reasons in `error.fields`",
    401: "No credentials, or a wrong, revoked or expired token",
    403: "The caller may not do this (role, two-factor verification, CSRF token of a session)",
    404: "No such record (in the path or named in the body), or not visible to the caller; a page past the end",
    415: "The body is not in a format this operation reads",
    429: "Too many requests; wait as long as `Retry-After` says",
}


class SigapAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for status in self.error_statuses():
            if str(status) not in responses:
                error = OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[status])
                responses[str(status)] = self._get_response_for_code(error, str(status), direction=direction)
        return dict(sorted(responses.items()))

    def error_statuses(self) -> list[int]:
        takes_body = self.method in {"POST", "PUT", "PATCH"} and self.get_request_serializer() is not None
        has_query = any(parameter.get("in") == "query" for parameter in self._get_parameters())
        changes = self.method in {"POST", "PUT", "PATCH", "DELETE"}
        statuses = [403, 429]
        if changes or has_query:
            statuses.append(400)
        if any(self.get_auth()):
            statuses.append(401)
        if "{" in self.path or takes_body or self._get_pagination_parameters():
            statuses.append(404)
        if takes_body:
            statuses.append(415)
        return statuses
