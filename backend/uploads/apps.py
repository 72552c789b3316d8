from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UploadsConfig(AppConfig):
    name = "backend.uploads"
    label = "uploads"
    verbose_name = _("Uploads")

    def ready(self) -> None:
        # Registers the one generic purpose, "other".
        from backend.uploads import purposes  # noqa: F401
