"""Case screens. Each area adds its patterns below (intake/case page, work, records, lists)."""

from django.urls import URLPattern, URLResolver

app_name = "cases"

urlpatterns: list[URLPattern | URLResolver] = []
