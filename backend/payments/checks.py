"""Deployment check: a production stack must not take money through sandbox credentials.

Run by `manage.py check --deploy`. A warning, not an error, so the compose try-out (which has no
gateway contracts) still starts; an operator going live sees exactly which gateway is unset."""

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

# Values that only ever identify the built-in sandboxes (settings.py defaults).
SANDBOX_MARKERS = ("sandbox",)


def _sandbox_fields(config: dict) -> list[str]:
    return sorted(
        key
        for key, value in config.items()
        if not key.startswith("SANDBOX_")  # the sandbox's own keys, unused against a live URL
        and isinstance(value, str)
        and any(m in value.lower() for m in SANDBOX_MARKERS)
    )


@register(Tags.security, deploy=True)
def gateways_are_live(app_configs=None, **kwargs) -> list[CheckMessage]:
    if settings.GATEWAY_SANDBOXES_ENABLED:
        return []  # a staging stack that says so may use the sandboxes
    return [
        Warning(
            f"Payment gateway '{name}' still uses sandbox settings: {', '.join(fields)}.",
            hint=f"Set the {name.upper()}_* variables to the merchant account's values.",
            id="payments.W001",
        )
        for name, config in sorted(settings.PAYMENT_GATEWAYS.items())
        if (fields := _sandbox_fields(config))
    ]
