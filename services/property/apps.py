from django.apps import AppConfig


class PropertyConfig(AppConfig):
    name = "services.property"
    label = "property"
    verbose_name = "Property register"

    def ready(self) -> None:
        from services.property.services import attachments  # noqa: F401  (registers upload purposes)
        from services.property.services.applications import register

        register()  # the register's application kinds, for the workflow engine
