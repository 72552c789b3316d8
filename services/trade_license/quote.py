"""The quote: what a licence costs for some fiscal years, line by line. Pure: it reads only the
`Rates` it is given (rates.py loads them), so it is cheap, testable and writes nothing.

Per fiscal-year term (next-services.md §2.4):
- fee: the slab's new fee for the first term of a new licence, the renewal fee otherwise;
- signboard tax, by the signboard rule;
- VAT = vat_rate x fee (not on signboard or source tax, INFERRED);
- source tax (NBR, IT Act 2023 s.131) on renewal terms only;
- surcharge when paid after the FY's grace end date: rate x ceil(months late) x fee, capped,
  or a flat percent.
Unpaid past years (arrears) are included before the years asked for, at the current rates
(the LGD circular: "the existing annual rate")."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from backend.common.errors import AppError
from backend.common.money import ZERO, money
from backend.municipality.fiscal_year import FiscalYear
from services.trade_license import messages as m

MAX_YEARS = 5
HUNDRED = Decimal(100)

FEE, SIGNBOARD, VAT, SOURCE_TAX, SURCHARGE = "fee", "signboard", "vat", "source_tax", "surcharge"
COMPONENTS = (FEE, SIGNBOARD, VAT, SOURCE_TAX, SURCHARGE)
# The payment layer's revenue head for each component (heads.py registers the source tax one).
HEAD_OF = {
    FEE: "trade_license_fee",
    SIGNBOARD: "signboard_tax",
    VAT: "vat",
    SOURCE_TAX: "trade_source_tax",
    SURCHARGE: "surcharge",
}


@dataclass(frozen=True)
class Slab:
    lower: Decimal
    upper: Decimal | None  # exclusive; None: open
    new_fee: Decimal
    renewal_fee: Decimal

    def covers(self, measure: Decimal) -> bool:
        return measure >= self.lower and (self.upper is None or measure < self.upper)


@dataclass(frozen=True)
class Signboard:
    basis: str  # none | pct_of_fee | per_sqft | flat
    value: Decimal
    illuminated_multiplier: Decimal = Decimal(1)


@dataclass(frozen=True)
class Late:
    grace_end: date
    mode: str  # pct_per_month | flat_pct
    rate_pct: Decimal
    cap_pct: Decimal | None = None


@dataclass(frozen=True)
class Rates:
    """The rates in force in `fiscal_year` for one category of one pourashava."""

    fiscal_year: FiscalYear
    fee_basis: str  # flat | capital_slab | area_slab
    slabs: tuple[Slab, ...]
    signboard: Signboard | None
    vat_pct: Decimal
    source_tax: Decimal
    # Late policy by FY label; `default_late` for a year without its own (grace end 30 Sep).
    late: dict[str, Late] = field(default_factory=dict)
    default_late: Late | None = None

    def late_for(self, fy: FiscalYear) -> Late | None:
        found = self.late.get(fy.label)
        if found is not None:
            return found
        if self.default_late is None:
            return None
        return Late(
            date(fy.start_year, 9, 30),
            self.default_late.mode,
            self.default_late.rate_pct,
            self.default_late.cap_pct,
        )


@dataclass(frozen=True)
class QuoteInput:
    kind: str  # new | renewal
    years: int  # from the current FY on, 1 to 5
    as_of: date
    measure: Decimal | None = None  # paid-up capital or floor area, by the category's basis
    signboard_sqft: Decimal = ZERO
    illuminated: bool = False
    # Renewal: the first FY not yet paid (earlier than the current FY: arrears are included).
    first_unpaid: FiscalYear | None = None


@dataclass(frozen=True)
class Line:
    fiscal_year: str
    component: str
    amount: Decimal
    arrears: bool

    @property
    def head(self) -> str:
        return HEAD_OF[self.component]


@dataclass(frozen=True)
class Quote:
    lines: tuple[Line, ...]
    fiscal_years: tuple[str, ...]
    valid_to: date

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    def by_component(self) -> dict[str, Decimal]:
        out = dict.fromkeys(COMPONENTS, ZERO)
        for line in self.lines:
            out[line.component] += line.amount
        return out

    @property
    def arrears(self) -> Decimal:
        return sum((line.amount for line in self.lines if line.arrears), ZERO)

    def by_head(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for line in self.lines:
            if line.amount > ZERO:
                out[line.head] = out.get(line.head, ZERO) + line.amount
        return out

    def term(self, fy: str) -> dict[str, Decimal]:
        out = dict.fromkeys(COMPONENTS, ZERO)
        for line in self.lines:
            if line.fiscal_year == fy:
                out[line.component] += line.amount
        return out


def _slab(rates: Rates, measure: Decimal | None) -> Slab:
    if rates.fee_basis == "flat":
        return rates.slabs[0]
    if measure is None:
        code, text = (
            ("capital_required", m.CAPITAL_REQUIRED)
            if rates.fee_basis == "capital_slab"
            else ("area_required", m.AREA_REQUIRED)
        )
        raise AppError(code, text, fields={"measure": [text]})
    for slab in rates.slabs:
        if slab.covers(measure):
            return slab
    raise AppError("no_fee_slab", m.NO_SLAB, params={"measure": str(measure)})


def months_late(grace_end: date, paid_on: date) -> int:
    """Whole months past the grace end, any part of a month counting as one."""
    if paid_on <= grace_end:
        return 0
    months = (paid_on.year - grace_end.year) * 12 + (paid_on.month - grace_end.month)
    if paid_on.day > grace_end.day:
        months += 1
    return max(months, 1)


def surcharge(late: Late | None, fee: Decimal, paid_on: date) -> Decimal:
    if late is None or paid_on <= late.grace_end:
        return ZERO
    if late.mode == "flat_pct":
        amount = fee * late.rate_pct / HUNDRED
    else:
        amount = fee * late.rate_pct / HUNDRED * months_late(late.grace_end, paid_on)
    if late.cap_pct is not None:
        amount = min(amount, fee * late.cap_pct / HUNDRED)
    return money(amount)


def signboard_tax(
    rule: Signboard | None, fee: Decimal, sqft: Decimal, illuminated: bool
) -> Decimal:
    if rule is None or rule.basis == "none":
        return ZERO
    if rule.basis == "pct_of_fee":
        amount = fee * rule.value / HUNDRED
    elif rule.basis == "per_sqft":
        amount = rule.value * sqft
    else:
        amount = rule.value if sqft > ZERO else ZERO  # flat: only with a signboard
    if illuminated:
        amount *= rule.illuminated_multiplier
    return money(amount)


def check_input(inp: QuoteInput) -> None:
    if inp.kind not in ("new", "renewal"):
        raise AppError("invalid_kind", m.BAD_KIND, fields={"kind": [m.BAD_KIND]})
    if not 1 <= inp.years <= MAX_YEARS:
        raise AppError(
            "years_out_of_range", m.YEARS_OUT_OF_RANGE, fields={"years": [m.YEARS_OUT_OF_RANGE]}
        )
    if (inp.measure is not None and inp.measure < ZERO) or inp.signboard_sqft < ZERO:
        raise AppError("negative_measure", m.NEGATIVE_MEASURE)


def quote(rates: Rates, inp: QuoteInput) -> Quote:
    """Every line for the unpaid past years and `inp.years` years from the current FY on."""
    check_input(inp)
    slab = _slab(rates, inp.measure)
    current = rates.fiscal_year
    first = current
    if inp.kind == "renewal" and inp.first_unpaid is not None and inp.first_unpaid < current:
        first = inp.first_unpaid
    last_start = current.start_year + inp.years - 1
    lines: list[Line] = []
    years: list[str] = []
    for start_year in range(first.start_year, last_start + 1):
        fy = FiscalYear(start_year)
        is_first_of_new = inp.kind == "new" and fy == first
        fee = money(slab.new_fee if is_first_of_new else slab.renewal_fee)
        arrears = fy < current
        amounts = {
            FEE: fee,
            SIGNBOARD: signboard_tax(rates.signboard, fee, inp.signboard_sqft, inp.illuminated),
            VAT: money(fee * rates.vat_pct / HUNDRED),
            SOURCE_TAX: ZERO if is_first_of_new else money(rates.source_tax),
            # Only a renewal of a year already due can be late; later years are paid ahead.
            SURCHARGE: surcharge(rates.late_for(fy), fee, inp.as_of)
            if inp.kind == "renewal" and fy <= current
            else ZERO,
        }
        lines.extend(Line(fy.label, c, amounts[c], arrears) for c in COMPONENTS)
        years.append(fy.label)
    return Quote(tuple(lines), tuple(years), FiscalYear(last_start).end)
