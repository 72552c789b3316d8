from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "backend.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # The keyring listens for settings changes; the sample kind registers itself.
        from backend.documents import keys, sample  # noqa: F401
