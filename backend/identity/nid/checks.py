"""The NID verifier in production: `check --deploy` warns while it is the sandbox (demo records,
fictional people), and with DEBUG off the app refuses to start on it unless
ALLOW_SANDBOXES_IN_PRODUCTION says so (a staging stack)."""

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured


def _is_sandbox() -> bool:
    return settings.NID_VERIFIER == "sandbox"


@register(Tags.security, deploy=True)
def nid_verifier_is_live(app_configs=None, **kwargs) -> list[CheckMessage]:
    if not _is_sandbox():
        return []
    return [
        Warning(
            "NID_VERIFIER is 'sandbox': citizens' NIDs are checked against demo records only.",
            hint="Set NID_VERIFIER=porichoy with PORICHOY_BASE_URL and PORICHOY_API_KEY.",
            id="identity.W001",
        )
    ]


def refuse_sandbox_verifier() -> None:
    """Called at startup (IdentityConfig.ready)."""
    if settings.DEBUG or settings.ALLOW_SANDBOXES_IN_PRODUCTION or not _is_sandbox():
        return
    raise ImproperlyConfigured(
        "NID_VERIFIER is 'sandbox' with DEBUG off: set NID_VERIFIER=porichoy (and PORICHOY_*), "
        "or ALLOW_SANDBOXES_IN_PRODUCTION=true for a stack that is not live."
    )
