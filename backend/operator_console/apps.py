from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperatorConsoleConfig(AppConfig):
    name = "backend.operator_console"
    label = "operator_console"
    verbose_name = _("Operator console")

    def ready(self) -> None:
        from backend.operator_console import labels

        labels.register()  # words for the platform's assisted-action codes
