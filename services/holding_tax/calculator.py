"""Annual valuation and holding tax, as pure functions of a holding's facts and the pourashava's
rules. Every step is kept as a line of working so a citizen can see why.

The method (rules are data; defaults in rules.py say where each number comes from):
- let: annual value = 12 x monthly rent, less the repairs allowance;
- owner-occupied or not let: 12 x estimated monthly rent (floor area x rate for its structure
  and use), less the repairs allowance, less the owner-occupier allowance;
- part let: the let part at its actual rent, the rest at the estimate less the actual rent
  (never below zero), each with its own allowances;
- vacant land: the fixed valuation.
Tax per head = annual value x that head's rate, heads an exemption covers at zero, quarters
that add up to the year to the paisa.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from backend.common import display
from backend.common.digits import to_bangla_digits
from backend.common.money import PAISA, ZERO, money
from backend.common.text import Text

HUNDRED = Decimal("100")


@dataclass(frozen=True)
class HoldingFacts:
    use: str
    occupancy: str
    structure_type: str
    floor_area_sqft: Decimal
    monthly_rent: Decimal | None = None


@dataclass(frozen=True)
class Rules:
    repairs_allowance: Decimal  # fraction of annual rent (2 months of 12 = 1/6)
    owner_occupier_allowance: Decimal  # fraction of the value after repairs
    vacant_land_value: Decimal  # fixed annual value of vacant land, taka
    rent_rates: Mapping[tuple[str, str], Decimal]  # (structure, use) -> taka/sqft/month
    component_rates: Mapping[str, Decimal]  # revenue head -> percent of annual value
    combined_cap: Decimal = Decimal("39")  # percent; 2014 Model Tax Schedule


@dataclass(frozen=True)
class WorkingLine:
    text: Text
    amount: Decimal
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, language: str) -> str:
        shown = {name: _shown(name, value, language) for name, value in self.params.items()}
        return self.text.render(language, **shown)


# Working parameters that are taka: shown as amounts (`৳ ১২,০০০.০০` / `Tk 12,000.00`).
_MONEY_PARAMS = frozenset({"rent", "rate"})


def _shown(name: str, value: object, language: str) -> object:
    """A working parameter as a citizen reads it: amounts grouped with the taka sign, other
    numbers plain (2000, never 2E+3), digits in the language's script."""
    if isinstance(value, Decimal):
        if name in _MONEY_PARAMS:
            return display.amount(value, language)
        return display.number(value, language)
    if isinstance(value, str) and language == "bn":
        return to_bangla_digits(value)
    return value


@dataclass(frozen=True)
class Valuation:
    basis: str  # let | estimated | part_let | vacant_land
    annual_value: Decimal
    working: tuple[WorkingLine, ...]


class RulesError(ValueError):
    """The rules cannot value this holding (a missing rate, a cap exceeded)."""


_L = {
    "rent": Text(en="Monthly rent {rent} × 12", bn="মাসিক ভাড়া {rent} × ১২"),
    "estimate": Text(
        en="Estimated rent: {area} sq ft × {rate} per sq ft × 12",
        bn="আনুমানিক ভাড়া: {area} বর্গফুট × প্রতি বর্গফুট {rate} × ১২",
    ),
    "repairs": Text(
        en="Less repairs allowance ({share} of annual rent)",
        bn="বাদ: মেরামত ভাতা (বার্ষিক ভাড়ার {share})",
    ),
    "owner": Text(
        en="Less owner-occupier allowance ({percent}%)",
        bn="বাদ: মালিকের নিজ বসবাস ভাতা ({percent}%)",
    ),
    "let_part": Text(en="Let part", bn="ভাড়া দেওয়া অংশ"),
    "own_part": Text(
        en="Owner-occupied part: estimate less actual rent",
        bn="নিজ বসবাসের অংশ: আনুমানিক ভাড়া বাদ প্রকৃত ভাড়া",
    ),
    "vacant": Text(en="Vacant land: fixed annual value", bn="খালি জমি: নির্ধারিত বার্ষিক মূল্য"),
    "annual": Text(en="Annual value", bn="বার্ষিক মূল্য"),
}


def _rate(rules: Rules, facts: HoldingFacts) -> Decimal:
    try:
        return rules.rent_rates[(facts.structure_type, facts.use)]
    except KeyError:
        raise RulesError(
            f"no rent rate for structure {facts.structure_type!r} and use {facts.use!r}"
        ) from None


def _after_repairs(rent: Decimal, rules: Rules, lines: list[WorkingLine]) -> Decimal:
    allowance = money(rent * rules.repairs_allowance)
    lines.append(
        WorkingLine(_L["repairs"], -allowance, {"share": _fraction(rules.repairs_allowance)})
    )
    return rent - allowance


def _owner_allowance(value: Decimal, rules: Rules, lines: list[WorkingLine]) -> Decimal:
    allowance = money(value * rules.owner_occupier_allowance)
    percent = (rules.owner_occupier_allowance * HUNDRED).normalize()
    lines.append(WorkingLine(_L["owner"], -allowance, {"percent": f"{percent:f}"}))
    return value - allowance


def _fraction(value: Decimal) -> str:
    for denominator in (2, 3, 4, 6, 8, 12):
        numerator = value * denominator
        if numerator == numerator.to_integral_value():
            return f"{int(numerator)}/{denominator}"
    return f"{(value * HUNDRED).normalize():f}%"


def value_holding(facts: HoldingFacts, rules: Rules) -> Valuation:
    lines: list[WorkingLine] = []
    if facts.use == "vacant_land":
        value = money(rules.vacant_land_value)
        lines.append(WorkingLine(_L["vacant"], value))
        basis = "vacant_land"
    elif facts.occupancy == "let":
        rent = money(_required_rent(facts) * 12)
        lines.append(WorkingLine(_L["rent"], rent, {"rent": money(_required_rent(facts))}))
        value = _after_repairs(rent, rules, lines)
        basis = "let"
    else:
        rate = _rate(rules, facts)
        estimate = money(facts.floor_area_sqft * rate * 12)
        lines.append(
            WorkingLine(
                _L["estimate"], estimate, {"area": facts.floor_area_sqft.normalize(), "rate": rate}
            )
        )
        if facts.occupancy == "part_let":
            actual = money(_required_rent(facts) * 12)
            lines.append(WorkingLine(_L["let_part"], actual, {}))
            let_value = _after_repairs(actual, rules, lines)
            own = max(estimate - actual, ZERO)
            lines.append(WorkingLine(_L["own_part"], own, {}))
            own_value = _owner_allowance(_after_repairs(own, rules, lines), rules, lines)
            value = let_value + own_value
            basis = "part_let"
        else:
            value = _owner_allowance(_after_repairs(estimate, rules, lines), rules, lines)
            basis = "estimated"
    lines.append(WorkingLine(_L["annual"], value))
    return Valuation(basis=basis, annual_value=value, working=tuple(lines))


def _required_rent(facts: HoldingFacts) -> Decimal:
    if facts.monthly_rent is None:
        raise RulesError("a let holding needs its monthly rent")
    return facts.monthly_rent


def check_rates(rules: Rules) -> None:
    total = sum(rules.component_rates.values(), ZERO)
    if total > rules.combined_cap:
        raise RulesError(f"component rates add up to {total}%, over the {rules.combined_cap}% cap")
    if any(rate < 0 for rate in rules.component_rates.values()):
        raise RulesError("a component rate is negative")


def annual_tax(
    valuation: Valuation, rules: Rules, exempt_heads: Iterable[str] = ()
) -> dict[str, Decimal]:
    """Tax by head for the year. Exempt heads are zero; others annual value x rate."""
    check_rates(rules)
    exempt = set(exempt_heads)
    return {
        head: ZERO if head in exempt else money(valuation.annual_value * rate / HUNDRED)
        for head, rate in rules.component_rates.items()
    }


def quarterly_instalments(annual: Mapping[str, Decimal]) -> list[dict[str, Decimal]]:
    """Four instalments per head; the paisa left by rounding down go to the last, so the year
    adds up exactly and no instalment is negative."""
    quarters: list[dict[str, Decimal]] = [{}, {}, {}, {}]
    for head, amount in annual.items():
        share = (amount / 4).quantize(PAISA, rounding=ROUND_DOWN)
        for quarter in quarters[:3]:
            quarter[head] = share
        quarters[3][head] = amount - 3 * share
    return quarters
