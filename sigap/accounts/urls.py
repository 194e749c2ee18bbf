from django.contrib.auth.decorators import login_not_required
from django.urls import path

from sigap.accounts.views import account, tokens, two_factor

app_name = "accounts"

urlpatterns = [
    path("login/", login_not_required(account.LoginView.as_view()), name="login"),
    path("logout/", account.logout_view, name="logout"),
    path("language/", account.set_language_view, name="set_language"),
    path("settings/", account.settings_view, name="settings"),
    path("password/", account.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", account.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", account.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", account.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password/reset/done/", account.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # Two-factor: enrolment, verification, recovery codes (see views/two_factor.py).
    path("2fa/setup/", two_factor.otp_setup, name="otp_setup"),
    path("2fa/verify/", two_factor.otp_verify, name="otp_verify"),
    path("2fa/recovery-codes/", two_factor.recovery_codes_regenerate, name="recovery_codes_regenerate"),
    path("2fa/disable/", two_factor.otp_disable, name="otp_disable"),
    # Personal API tokens (see views/tokens.py).
    path("tokens/", tokens.api_tokens, name="api_tokens"),
    path("tokens/<uuid:pk>/revoke/", tokens.api_token_revoke, name="api_token_revoke"),
]
