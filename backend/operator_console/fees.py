"""The centre's service fees in force for a pourashava on a day (the latest dated row per
code), as the citizen is shown them before consenting."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backend.municipality.models import Pourashava
from backend.operator_console.models import ServiceFee


@dataclass(frozen=True)
class FeeInForce:
    code: str
    name_en: str
    name_bn: str
    amount: Decimal
    effective_from: date
    source: str

    def as_shown(self) -> dict:
        return {
            "code": self.code,
            "name_en": self.name_en,
            "name_bn": self.name_bn,
            "amount": str(self.amount),
            "effective_from": self.effective_from.isoformat(),
        }


def fees_for(pourashava: Pourashava | int, day: date) -> list[FeeInForce]:
    latest: dict[str, FeeInForce] = {}
    rows = ServiceFee.objects.filter(pourashava=pourashava, effective_from__lte=day).order_by(
        "code", "-effective_from"
    )
    for row in rows:
        if row.code not in latest:
            latest[row.code] = FeeInForce(
                row.code, row.name_en, row.name_bn, row.amount, row.effective_from, row.source
            )
    return list(latest.values())
