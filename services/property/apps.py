from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PropertyConfig(AppConfig):
    api_tag = "holdings"  # its operations' tag in the API schema (backend/common/openapi.py)
    name = "services.property"
    label = "property"
    verbose_name = _("Property register")

    def ready(self) -> None:
        from services.property import console, home
        from services.property.services import attachments  # noqa: F401  (registers upload purposes)
        from services.property.services.applications import register

        register()  # the register's application kinds, for the workflow engine
        home.register()  # its queues and claims on the clerk panel's home page
        console.register()  # holdings and claims in the UDC / 333 console
