from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "backend.documents"
    label = "documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        # The keyring listens for settings changes; the sample kind registers itself.
        from backend.documents import keys, sample  # noqa: F401
