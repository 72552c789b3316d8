from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperatorConsoleConfig(AppConfig):
    name = "backend.operator_console"
    label = "operator_console"
    verbose_name = _("Operator console")
