from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, QuerySet
from rest_framework.pagination import PageNumberPagination

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
