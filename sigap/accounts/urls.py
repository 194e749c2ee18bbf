from django.contrib.auth.decorators import login_not_required
from django.urls import path

from sigap.accounts import views, views_otp, views_tokens

app_name = "accounts"

urlpatterns = [
    path("login/", login_not_required(views.LoginView.as_view()), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("language/", views.set_language_view, name="set_language"),
    path("settings/", views.settings_view, name="settings"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password/reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # Two-factor: enrolment, verification, recovery codes (see views_otp).
    path("2fa/setup/", views_otp.otp_setup, name="otp_setup"),
    path("2fa/verify/", views_otp.otp_verify, name="otp_verify"),
    path("2fa/recovery-codes/", views_otp.recovery_codes_regenerate, name="recovery_codes_regenerate"),
    path("2fa/disable/", views_otp.otp_disable, name="otp_disable"),
    # Personal API tokens (see views_tokens).
    path("tokens/", views_tokens.api_tokens, name="api_tokens"),
    path("tokens/<uuid:pk>/revoke/", views_tokens.api_token_revoke, name="api_token_revoke"),
]
