from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sigap.regions.models import Province


def picker(request: HttpRequest) -> HttpResponse:
    return render(request, "regions/picker.html", {"provinces": Province.objects.order_by("code")})
