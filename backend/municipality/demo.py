"""Demo data for the pilot pourashavas, read from data/pilot_pourashavas.json.

Idempotent: every row is found by its natural key (pourashava code, ward number, mahalla name)
and updated in place, so `manage.py load_demo_data` can run any number of times. Adding a
pourashava or fixing a ward count is an edit to the JSON file, not to this code.
"""

import json
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from backend.common.digits import to_bangla_digits
from backend.municipality.models import Mahalla, Pourashava, Ward

DATA_FILE = Path(__file__).resolve().parent / "data" / "pilot_pourashavas.json"

_FIELDS = (
    "name_en",
    "name_bn",
    "pourashava_class",
    "district_en",
    "district_bn",
    "upazila_en",
    "upazila_bn",
)
_UNCERTAIN_LABELS = {
    "district": "district",
    "upazila": "upazila",
    "pourashava_class": "class",
    "ward_count": "ward count",
    "name": "name",
}


def pilot_data() -> dict:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def describe(record: dict) -> str:
    """The provenance text stored on the pourashava: which values are demo or uncertain."""
    uncertain = [_UNCERTAIN_LABELS[key] for key in record.get("uncertain", [])]
    head = "Pilot pourashava (Digital Municipality Services pilot, 2019)."
    if uncertain:
        head += " Demo or uncertain values: " + ", ".join(uncertain) + "."
    else:
        head += " No value marked uncertain."
    head += " Ward and mahalla names are demo data."
    return f"{head} {record.get('notes', '')}".strip()


def demo_mahallas(names: list[dict], pourashava_index: int, ward_number: int) -> list[dict]:
    """Two or three demo mahalla names for a ward: odd wards get three, even wards two, taken
    from the name pool at an offset per pourashava so neighbouring towns do not look alike."""
    count = 3 if ward_number % 2 else 2
    start = (pourashava_index * 7 + (ward_number - 1) * 3) % len(names)
    return [names[(start + i) % len(names)] for i in range(count)]


@transaction.atomic
def load(out: Callable[[str], None]) -> None:
    data = pilot_data()
    names = data["demo_mahalla_names"]
    wards_total = mahallas_total = 0
    for index, record in enumerate(data["pourashavas"]):
        unknown = set(record.get("uncertain", [])) - set(_UNCERTAIN_LABELS)
        if unknown:
            raise ValueError(f"{record['code']}: unknown 'uncertain' keys {sorted(unknown)}")
        pourashava, _ = Pourashava.objects.update_or_create(
            code=record["code"],
            defaults={
                **{field: record[field] for field in _FIELDS},
                "is_active": True,
                "description": describe(record),
            },
        )
        for number in range(1, int(record["ward_count"]) + 1):
            ward, _ = Ward.objects.update_or_create(
                pourashava=pourashava,
                number=number,
                defaults={
                    "name_en": f"Ward {number}",
                    "name_bn": f"ওয়ার্ড {to_bangla_digits(number)}",
                },
            )
            wards_total += 1
            for name in demo_mahallas(names, index, number):
                Mahalla.objects.update_or_create(
                    ward=ward,
                    name_en=name["en"],
                    defaults={"name_bn": name["bn"], "pourashava": pourashava},
                )
                mahallas_total += 1
        out(
            f"  {pourashava.code} {pourashava.name_en}: {record['ward_count']} wards"
            + (
                " (uncertain: " + ", ".join(record["uncertain"]) + ")"
                if record["uncertain"]
                else ""
            )
        )
    out(
        f"municipality: {len(data['pourashavas'])} pourashavas, {wards_total} wards, "
        f"{mahallas_total} mahallas"
    )
