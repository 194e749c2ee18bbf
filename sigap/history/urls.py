"""History pages, under the records they describe: /cases/<id>/history/, /cases/persons/<id>/history/."""

from django.urls import path

from sigap.history import views

app_name = "history"

urlpatterns = [
    path("<uuid:pk>/history/", views.case_history, name="case"),
    path("persons/<uuid:pk>/history/", views.person_history, name="person"),
]
