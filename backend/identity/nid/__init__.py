"""NID verification behind one interface, chosen by settings.NID_VERIFIER (sandbox | porichoy):

verify(nid, date_of_birth, name_en) -> NidResult(matched, source, details)
"""

import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from backend.identity.nid.base import NID_SERVICE_UNAVAILABLE, NidResult, NidVerifier


def get_verifier(name: str | None = None) -> NidVerifier:
    name = name or settings.NID_VERIFIER
    if name == "sandbox":
        from backend.identity.nid.sandbox import SandboxNidVerifier

        return SandboxNidVerifier()
    if name == "porichoy":
        from backend.identity.nid.porichoy import PorichoyNidVerifier

        return PorichoyNidVerifier()
    raise ImproperlyConfigured(f"Unknown NID_VERIFIER {name!r}: use sandbox or porichoy.")


def verify(nid: str, date_of_birth: datetime.date, name_en: str) -> NidResult:
    """Ask the configured verifier. Raises `nid_service_unavailable` (503) when it cannot answer."""
    return get_verifier().verify(nid, date_of_birth, name_en)


__all__ = ["NID_SERVICE_UNAVAILABLE", "NidResult", "NidVerifier", "get_verifier", "verify"]
