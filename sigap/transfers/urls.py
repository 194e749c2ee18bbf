from django.urls import path

from sigap.transfers import views

app_name = "transfers"

urlpatterns = [
    path("", views.transfer_list, name="list"),
    path("case/<uuid:pk>/propose/", views.propose, name="propose"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/accept/", views.accept, name="accept"),
    path("<uuid:pk>/people/", views.people, name="people"),
    path("<uuid:pk>/decline/", views.decline, name="decline"),
    path("<uuid:pk>/withdraw/", views.withdraw, name="withdraw"),
]
