"""Documented defaults for a pourashava's valuation rules. Each is data a pourashava overrides
(services/holding_tax/models.py); none is a national rule we could confirm.

Sources (shared/reference/bangladesh-domain.md, section 1):
- repairs allowance 2 months' rent (1/6) and owner-occupier allowance 40%: a city-corporation
  holding-tax calculator (UNCERTAIN for pourashavas);
- vacant land Tk 170 a year: Habiganj pourashava citizen charter (local practice);
- 39% combined cap on holding tax plus rates: 2014 Model Tax Schedule (VERIFIED);
- per-component rates and rent rates: NOT FOUND; the figures below are demo values chosen to
  stay well under the cap and must be replaced by each pourashava's gazetted rates.
"""

from decimal import Decimal

REPAIRS_ALLOWANCE = Decimal(1) / Decimal(6)
OWNER_OCCUPIER_ALLOWANCE = Decimal("0.40")
VACANT_LAND_VALUE = Decimal("170.00")
COMBINED_CAP_PERCENT = Decimal("39")

# Revenue head -> percent of annual value (demo).
COMPONENT_RATES = {
    "holding_tax": Decimal("7"),
    "conservancy": Decimal("7"),
    "lighting": Decimal("3"),
    "sewerage": Decimal("2"),
    "fire": Decimal("0.5"),
}

# Taka per sq ft of floor area per month, by structure and use (demo).
_PUCCA = {
    "residential": Decimal("8"),
    "commercial": Decimal("15"),
    "mixed": Decimal("11"),
    "institutional": Decimal("8"),
    "educational": Decimal("5"),
    "religious": Decimal("5"),
    "government": Decimal("8"),
}
_STRUCTURE_FACTOR = {
    "pucca": Decimal("1"),
    "semi_pucca": Decimal("0.6"),
    "tin_shed": Decimal("0.4"),
    "kutcha": Decimal("0.25"),
}
RENT_RATES = {
    (structure, use): (rate * factor).quantize(Decimal("0.01"))
    for structure, factor in _STRUCTURE_FACTOR.items()
    for use, rate in _PUCCA.items()
}
