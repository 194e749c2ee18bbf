from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sigap.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from sigap.accounts import signals  # noqa: F401
