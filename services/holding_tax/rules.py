"""A pourashava's rules for a fiscal year: its newest TaxRules row from that year or before,
else the documented defaults."""

from decimal import Decimal

from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from services.holding_tax import defaults
from services.holding_tax.calculator import Rules
from services.holding_tax.models import TaxRules


def default_rules() -> Rules:
    return Rules(
        repairs_allowance=defaults.REPAIRS_ALLOWANCE,
        owner_occupier_allowance=defaults.OWNER_OCCUPIER_ALLOWANCE,
        vacant_land_value=defaults.VACANT_LAND_VALUE,
        rent_rates=defaults.RENT_RATES,
        component_rates=defaults.COMPONENT_RATES,
        combined_cap=defaults.COMBINED_CAP_PERCENT,
    )


def rules_row_for(pourashava: Pourashava, fiscal_year: FiscalYear) -> TaxRules | None:
    # Labels like 2025-26 sort as their start year does.
    return (
        TaxRules.objects.filter(pourashava=pourashava, from_fiscal_year__lte=fiscal_year.label)
        .prefetch_related("components", "rent_rates")
        .order_by("-from_fiscal_year")
        .first()
    )


def rules_for(pourashava: Pourashava, fiscal_year: FiscalYear) -> Rules:
    row = rules_row_for(pourashava, fiscal_year)
    if row is None:
        return default_rules()
    return Rules(
        repairs_allowance=row.repairs_allowance_months / Decimal(12),
        owner_occupier_allowance=row.owner_occupier_allowance,
        vacant_land_value=row.vacant_land_value,
        rent_rates={(r.structure_type, r.use): r.taka_per_sqft for r in row.rent_rates.all()}
        or defaults.RENT_RATES,
        component_rates={c.head: c.percent for c in row.components.all()}
        or defaults.COMPONENT_RATES,
        combined_cap=row.combined_cap_percent,
    )
