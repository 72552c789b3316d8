"""SMS backends, chosen by settings.SMS_BACKEND: console (default), memory (tests), http."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from backend.notifications.backends.base import OutgoingSms, SmsBackend, SmsDeliveryError


def get_backend(name: str | None = None) -> SmsBackend:
    """The configured backend, read at call time so tests can switch it with settings."""
    name = name or settings.SMS_BACKEND
    if name == "console":
        from backend.notifications.backends.console import ConsoleSmsBackend

        return ConsoleSmsBackend()
    if name == "memory":
        from backend.notifications.backends.memory import MemorySmsBackend

        return MemorySmsBackend()
    if name == "http":
        from backend.notifications.backends.http import HttpSmsBackend

        return HttpSmsBackend()
    raise ImproperlyConfigured(f"Unknown SMS_BACKEND {name!r}: use console, memory or http.")


__all__ = ["OutgoingSms", "SmsBackend", "SmsDeliveryError", "get_backend"]
