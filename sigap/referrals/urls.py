from django.urls import path

from sigap.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("sent/", views.outbox, name="outbox"),
    path("report/", views.report, name="report"),
    path("case/<uuid:pk>/new/", views.referral_new, name="new"),
    path("<uuid:pk>/", views.referral_detail, name="detail"),
    path("<uuid:pk>/accept/", views.referral_accept, name="accept"),
    path("<uuid:pk>/decline/", views.referral_decline, name="decline"),
    path("<uuid:pk>/complete/", views.referral_complete, name="complete"),
    path("<uuid:pk>/cancel/", views.referral_cancel, name="cancel"),
    path("<uuid:pk>/service/", views.referral_service, name="service"),
    path("<uuid:pk>/letter.pdf", views.referral_letter, name="letter"),
]
