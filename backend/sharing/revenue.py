"""The platform's own shared dataset: a pourashava's own revenue in a fiscal year, by sector,
against target and demand (no personal data: sums only). Identifier "<pourashava code>:<fiscal
year>", e.g. "NAT:2025-26".

Read from the revenue monitor's public selector (backend.monitor.selectors.revenue_summary), so
the answer is the monitor's: built from its daily facts (a beat job), own revenue only (VAT and
source tax collected for the NBR are not counted), up to today."""

from decimal import Decimal

from django.utils import timezone

from backend.monitor.registry import MonitorScope
from backend.monitor.selectors import revenue_summary
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from backend.payments.registry import SECTORS
from backend.sharing.registry import SharedDataset, SharedRecord, register_dataset

CODE = "revenue.aggregates"
AMOUNTS = (
    "collected",
    "collected_current",
    "collected_arrears",
    "target_annual",
    "demand",
    "arrears_outstanding",
)


def _text(value: object) -> object:
    return str(value) if isinstance(value, Decimal) else value


def revenue_of(identifier: str, include_personal: bool = False) -> SharedRecord | None:
    code, _, label = identifier.partition(":")
    try:
        fiscal_year = FiscalYear.parse(label)
    except ValueError:
        return None
    pourashava = Pourashava.objects.filter(code=code.upper()).first()
    if pourashava is None or fiscal_year.start > timezone.localdate():
        return None
    as_of = min(timezone.localdate(), fiscal_year.end)
    rows = revenue_summary(
        MonitorScope(pourashava_ids=frozenset({pourashava.pk}), fiscal_year=fiscal_year.label),
        as_of=as_of,
        group_by=("sector",),
    )
    by_sector = {
        row["sector"]: {key: _text(row[key]) for key in (*AMOUNTS, "achievement_pct")}
        for row in rows
    }
    zero = {key: "0.00" for key in AMOUNTS} | {"achievement_pct": None}
    total = sum((row["collected"] for row in rows), Decimal("0.00"))
    return SharedRecord(
        fields={
            "pourashava": pourashava.code,
            "fiscal_year": fiscal_year.label,
            "as_of": as_of.isoformat(),
            "own_revenue_collected": str(total),
            "by_sector": {s: by_sector.get(s, zero) for s in SECTORS},
            "source": "revenue_monitor",
        }
    )


def register() -> None:
    register_dataset(
        SharedDataset(
            code=CODE,
            scope="revenue",
            title_en="Revenue collected by sector",
            title_bn="খাতভিত্তিক রাজস্ব আদায়",
            subject_en="pourashava code and fiscal year (NAT:2025-26)",
            subject_bn="পৌরসভার কোড ও অর্থবছর (NAT:2025-26)",
            fields=(
                "pourashava",
                "fiscal_year",
                "as_of",
                "own_revenue_collected",
                "by_sector",
                "source",
            ),
            personal_fields=(),
            lookup=revenue_of,
        )
    )
