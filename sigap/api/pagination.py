from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Model, QuerySet
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

if TYPE_CHECKING:  # rest_framework.generics imports this module (DEFAULT_PAGINATION_CLASS)
    from rest_framework.generics import GenericAPIView

_M = TypeVar("_M", bound=Model)


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def paginate(view: GenericAPIView[Any], queryset: QuerySet[_M, _M]) -> list[_M] | None:
    """A page of ``queryset`` as ``view.paginate_queryset`` gives it, typed for a queryset of another
    model than the view's own (a nested list in an action)."""
    if view.paginator is None:
        return None
    return view.paginator.paginate_queryset(queryset, view.request, view=view)


# The case list counts its matches up to this many; a national organisation's list has far more,
# and counting them all cost more than the page (232–270 ms at 900,000 cases, issue #17).
COUNT_LIMIT = 1000
MAX_PAGE = 10_000


class _OpenPage(Page):
    """A page of a list whose end is not known: it knows only whether one more row exists."""

    def __init__(self, rows: list[Any], number: int, paginator: Paginator, *, more: bool) -> None:
        super().__init__(rows, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


class BoundedCountPaginator(Paginator):
    """Counts at most ``COUNT_LIMIT + 1`` rows (``SELECT COUNT(*) FROM (… LIMIT n)``). Beyond the
    limit, a page reads one row more than it shows to know whether a next page exists."""

    @cached_property
    def count(self) -> int:
        rows: Any = self.object_list  # a queryset: counting its slice is SELECT COUNT(*) FROM (… LIMIT n)
        return int(rows[: COUNT_LIMIT + 1].count())

    @property
    def count_is_exact(self) -> bool:
        return self.count <= COUNT_LIMIT

    def validate_number(self, number: Any) -> int:
        if self.count_is_exact:
            return super().validate_number(number)
        try:
            value = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger("That page number is not an integer") from exc
        if value < 1 or value > MAX_PAGE:
            raise EmptyPage("That page contains no results")
        return value

    def page(self, number: Any) -> Page:
        if self.count_is_exact:
            return super().page(number)
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        rows = list(self.object_list[start : start + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return _OpenPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


class BoundedCountPagination(StandardPagination):
    """``StandardPagination`` whose ``count`` stops at ``COUNT_LIMIT``: ``count_exact`` says whether
    it is the number of matches or only a lower bound (then follow ``next`` to the end)."""

    django_paginator_class = BoundedCountPaginator

    def get_paginated_response(self, data: Any) -> Response:
        paginator: Any = self.page.paginator  # type: ignore[union-attr]
        return Response(
            {
                "count": min(paginator.count, COUNT_LIMIT),
                "count_exact": paginator.count_is_exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"] = {
            "type": "integer",
            "example": 123,
            "description": f"Matches counted up to {COUNT_LIMIT}; see count_exact.",
        }
        response["properties"]["count_exact"] = {
            "type": "boolean",
            "description": f"False when there are more than {COUNT_LIMIT} matches (count is then a lower bound).",
        }
        response["required"] = [*response.get("required", []), "count_exact"]
        return response
