"""Certificate demo data: the default certificate types in every pilot pourashava, and a
signatory (name, designation, drawn signature) for each demo certificate officer, so the demo
citizen's heir certificate can be applied for, paid, recommended, approved and downloaded.

Idempotent: types are added only where a code is missing (edits are kept), and a signatory is
made only for an officer who has none."""

import importlib.util
from collections.abc import Callable

from backend.identity.demo import PILOT_CODES
from backend.identity.models import User
from backend.municipality.models import Pourashava
from services.certificates.services.catalogue import install_default_types

SIGNATURES_MODULE = "services.certificates.signatures"


def _ensure_signatory() -> Callable | None:
    """The documents side's signatory maker, if it is installed in this tree."""
    if importlib.util.find_spec(SIGNATURES_MODULE) is None:
        return None
    return importlib.import_module(SIGNATURES_MODULE).ensure_demo_signatory


def load(out: Callable[[str], None]) -> None:
    ensure_signatory = _ensure_signatory()
    pourashavas = Pourashava.objects.filter(code__in=PILOT_CODES).order_by("code")
    added = signed = 0
    for pourashava in pourashavas:
        added += len(install_default_types(pourashava))
        officer = User.objects.filter(username=f"{pourashava.code.lower()}.certificate_officer")
        officer = officer.first()
        if officer is not None and ensure_signatory is not None:
            ensure_signatory(officer, pourashava)
            signed += 1
    out(
        f"Certificates demo: {added} certificate types added over {pourashavas.count()} "
        f"pourashavas; {signed} certificate officers can sign."
    )
    if ensure_signatory is None:
        out("Certificates demo: no signatures module, so no signatories were made.")
    out(
        "Try it: citizen 01711000001 applies for an heir certificate in NAT ward 1, pays, "
        "nat.councillor1 recommends, nat.certificate_officer approves."
    )
