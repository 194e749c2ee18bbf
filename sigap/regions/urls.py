from django.urls import path, re_path

from sigap.regions import views

app_name = "regions"

urlpatterns = [
    path("", views.picker, name="picker"),
    re_path(r"^options/(?P<level>province|regency|district|village)/$", views.options, name="options"),
    path("search/", views.search, name="search"),
    path("widget/", views.widget_body, name="widget"),
]
