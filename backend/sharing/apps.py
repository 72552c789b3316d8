from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "backend.sharing"
    label = "sharing"
    verbose_name = _("Data sharing with agencies")

    def ready(self) -> None:
        from backend.sharing import revenue, signals  # noqa: F401 - signals: profile cache

        revenue.register()  # the platform's own dataset: revenue by sector (no personal data)
