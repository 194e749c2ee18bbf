from django.urls import path

from sigap.regions import views

app_name = "regions"

urlpatterns = [
    path("", views.picker, name="picker"),
]
