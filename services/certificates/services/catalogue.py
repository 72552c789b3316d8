"""Certificate types as data: the defaults every pourashava starts from, read from
data/default_types.json, and installing them for a pourashava.

The wording's {placeholders} are the names services/certificates/wording.py fills (PLACEHOLDERS
there, plus {answers.<field code>}); the defaults use no others (tests check it).

A pourashava's types are its own rows (CertificateType); installing the defaults only adds the
codes it does not have yet, so an edited fee, SLA or wording is never overwritten and a code the
pourashava removed on purpose can be deactivated (is_active) rather than deleted.
"""

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.db import transaction

from backend.municipality.models import Pourashava
from services.certificates.models import CertificateType

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "default_types.json"

_TYPE_KEYS = (
    "name_en",
    "name_bn",
    "form_fields",
    "required_documents",
    "sla_days",
    "lists_heirs",
    "validity_days",
    "body_en",
    "body_bn",
    "source",
)


@cache
def default_types() -> tuple[dict, ...]:
    """The default type definitions, as in the data file (read once per process)."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        return tuple(json.load(handle)["types"])


def _values(definition: dict) -> dict:
    values = {key: definition[key] for key in _TYPE_KEYS}
    values["fee_bn"] = Decimal(definition["fee_bn"])
    values["fee_en"] = Decimal(definition["fee_en"])
    return values


@transaction.atomic
def install_default_types(pourashava: Pourashava) -> list[CertificateType]:
    """Add the default types `pourashava` does not have yet (by code); return those added.
    Types it already has, edited or not, are left exactly as they are."""
    existing = set(
        CertificateType.objects.filter(pourashava=pourashava).values_list("code", flat=True)
    )
    created = []
    for definition in default_types():
        if definition["code"] in existing:
            continue
        created.append(
            CertificateType.objects.create(
                pourashava=pourashava, code=definition["code"], **_values(definition)
            )
        )
    return created
