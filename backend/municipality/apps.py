from django.apps import AppConfig


class MunicipalityConfig(AppConfig):
    name = "backend.municipality"
    label = "municipality"
    verbose_name = "Pourashavas and wards"
