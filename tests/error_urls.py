"""Sigap's URLs plus views that fail on purpose, for the error-page tests (``pytest.mark.urls``)."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from sigap.urls import handler400, handler403, handler404, handler500
from sigap.urls import urlpatterns as sigap_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def boom(request):
    raise RuntimeError("a bug")


def suspicious(request):
    raise SuspiciousOperation("tampered")


urlpatterns = [
    path("test-errors/boom/", boom),
    path("api/v1/test-errors/boom/", boom),
    path("test-errors/suspicious/", suspicious),
    *sigap_urlpatterns,
]
