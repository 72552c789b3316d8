from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "backend.identity"
    label = "identity"
    verbose_name = "Identity and roles"
