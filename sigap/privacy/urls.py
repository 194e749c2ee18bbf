"""Data protection screens (the DPO's queue and register; person exports)."""

from django.urls import URLPattern, path
from django.views.generic import RedirectView

from sigap.privacy import views

app_name = "privacy"

urlpatterns: list[URLPattern] = [
    path("", RedirectView.as_view(pattern_name="privacy:requests"), name="home"),
    path("requests/", views.request_list, name="requests"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<uuid:pk>/", views.request_detail, name="request"),
    path("requests/<uuid:pk>/start/", views.request_start, name="request_start"),
    path("requests/<uuid:pk>/person/", views.request_link, name="request_link"),
    path("requests/<uuid:pk>/complete/", views.request_complete, name="request_complete"),
    path("requests/<uuid:pk>/refuse/", views.request_refuse, name="request_refuse"),
    path("requests/<uuid:pk>/export/", views.request_export, name="request_export"),
    path("restrictions/<uuid:pk>/lift/", views.restriction_lift, name="restriction_lift"),
    path("breaches/", views.breach_list, name="breaches"),
    path("breaches/new/", views.breach_new, name="breach_new"),
    path("breaches/<uuid:pk>/", views.breach_detail, name="breach"),
    path("breaches/<uuid:pk>/notified/", views.breach_notified, name="breach_notified"),
    path("persons/<uuid:pk>/export/", views.person_export, name="person_export"),
]
