from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "backend.identity"
    label = "identity"
    verbose_name = _("Identity and roles")

    def ready(self) -> None:
        from backend.identity import login_guard  # noqa: F401 - connects the login signals
        from backend.identity.nid.checks import refuse_sandbox_verifier  # registers its check

        refuse_sandbox_verifier()  # DEBUG off: no demo NID records unless allowed
