from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalityConfig(AppConfig):
    api_tag = "pourashavas"  # its operations' tag in the API schema (backend/common/openapi.py)
    name = "backend.municipality"
    label = "municipality"
    verbose_name = _("Pourashavas and wards")
