"""A production stack must not take money through sandbox credentials.

`manage.py check --deploy` warns, naming each gateway still on sandbox settings. And with DEBUG
off the app refuses to start (ImproperlyConfigured, from PaymentsConfig.ready) while a gateway
is on sandbox settings or the sandboxes are served, unless ALLOW_SANDBOXES_IN_PRODUCTION=true
says so (the compose try-out, a staging stack)."""

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

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


def refuse_sandbox_gateways() -> None:
    """Called at startup."""
    if settings.DEBUG or settings.ALLOW_SANDBOXES_IN_PRODUCTION:
        return
    problems = [
        f"{name} ({', '.join(fields)})"
        for name, config in sorted(settings.PAYMENT_GATEWAYS.items())
        if (fields := _sandbox_fields(config))
    ]
    if settings.GATEWAY_SANDBOXES_ENABLED:
        problems.append("GATEWAY_SANDBOXES_ENABLED is on")
    if problems:
        raise ImproperlyConfigured(
            "Payment gateways on sandbox settings with DEBUG off: "
            + "; ".join(problems)
            + ". Set each gateway's live variables, or ALLOW_SANDBOXES_IN_PRODUCTION=true for "
            "a stack that takes no real money."
        )
