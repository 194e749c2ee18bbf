from django.urls import path

from sigap.home import views

# The namespace stays "core": `core:home` is the sign-in redirect, the brand link and what every
# branch and test reverses; the page itself now lives in the home app.
app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
]
