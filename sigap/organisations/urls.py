from django.urls import path

from sigap.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<uuid:pk>/", views.organisation_detail, name="detail"),
]
