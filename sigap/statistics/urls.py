from django.urls import path

from sigap.statistics import views

app_name = "statistics"

urlpatterns = [
    path("organisations/<uuid:pk>/months/", views.months, name="months"),
    path("organisations/<uuid:pk>/months/<str:month>/", views.month, name="month"),
]
