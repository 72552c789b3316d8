from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "backend.uploads"
    label = "uploads"
    verbose_name = "Uploads"

    def ready(self) -> None:
        # Registers the one generic purpose, "other".
        from backend.uploads import purposes  # noqa: F401
