"""Consent screens, under a case: /cases/<case id>/consent/…"""

from django.urls import path

from sigap.consent import views

app_name = "consent"

urlpatterns = [
    path("<uuid:pk>/consent/", views.history, name="history"),
    path("<uuid:pk>/consent/new/", views.record, name="record"),
    path("<uuid:pk>/consent/<uuid:consent_pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<uuid:pk>/consent/overrides/new/", views.override_new, name="override_new"),
    path("<uuid:pk>/consent/overrides/<uuid:override_pk>/", views.override_detail, name="override"),
]
