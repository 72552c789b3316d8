from django.apps import AppConfig


class PropertyConfig(AppConfig):
    name = "services.property"
    label = "property"
    verbose_name = "Property register"
