"""The quote, worked by hand: a capital slab, an area slab, a late renewal after the grace date,
five years at once and two years of arrears; and its properties (lines sum to the total, no
negative line) under hypothesis."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.common.errors import AppError
from backend.municipality.fiscal_year import FiscalYear
from services.trade_license.quote import Late, QuoteInput, Rates, Signboard, Slab, quote

D = Decimal
FY = FiscalYear(2026)  # 2026-27
CAPITAL = (
    Slab(D(0), D(1_000_000), D(2000), D(1800)),
    Slab(D(1_000_000), D(10_000_000), D(5000), D(4500)),
    Slab(D(10_000_000), None, D(10000), D(9000)),
)
AREA = (Slab(D(0), D(500), D(1000), D(800)), Slab(D(500), None, D(2000), D(1600)))
LATE = Late(date(2026, 9, 30), "pct_per_month", D(10), D(100))


FLAT = (Slab(D(0), None, D(500), D(400)),)


def rates(basis="flat", slabs=FLAT, **kw) -> Rates:
    values = dict(
        fiscal_year=FY,
        fee_basis=basis,
        slabs=slabs,
        signboard=Signboard("per_sqft", D(10), D(2)),
        vat_pct=D(15),
        source_tax=D(500),
        late={"2026-27": LATE},
        default_late=LATE,
    )
    values.update(kw)
    return Rates(**values)


def test_capital_slab_new_licence():
    # Tk 2,500,000 capital falls in the second slab: new fee 5,000, VAT 750, 10 sq ft signboard
    # at Tk 10 = 100; a new licence's first year carries no source tax and no surcharge.
    q = quote(
        rates("capital_slab", CAPITAL),
        QuoteInput("new", 1, date(2026, 12, 1), measure=D(2_500_000), signboard_sqft=D(10)),
    )
    assert q.by_component() == {
        "fee": D("5000.00"),
        "signboard": D("100.00"),
        "vat": D("750.00"),
        "source_tax": D("0.00"),
        "surcharge": D("0.00"),
    }
    assert q.total == D("5850.00")
    assert q.valid_to == date(2027, 6, 30)


def test_capital_slab_boundary_belongs_to_the_upper_slab():
    q = quote(rates("capital_slab", CAPITAL), QuoteInput("new", 1, date(2026, 8, 1), D(1_000_000)))
    assert q.by_component()["fee"] == D("5000.00")


def test_area_slab_renewal_on_time_pays_source_tax():
    # 800 sq ft restaurant: renewal fee 1,600, VAT 240, illuminated 5 sq ft signboard 5x10x2 =
    # 100, source tax 500 (other pourashava); paid 15 September, inside the grace period.
    q = quote(
        rates("area_slab", AREA),
        QuoteInput(
            "renewal", 1, date(2026, 9, 15), D(800), D(5), illuminated=True, first_unpaid=FY
        ),
    )
    assert q.total == D("1600") + D("240") + D("100") + D("500")
    assert q.by_component()["surcharge"] == 0


def test_late_renewal_after_the_grace_date():
    # Grace ends 30 Sep; paid 2 December: October, November and 2 days of December = 3 months
    # at 10% of the 400 fee = 120.
    q = quote(rates(), QuoteInput("renewal", 1, date(2026, 12, 2), first_unpaid=FY))
    assert q.by_component()["surcharge"] == D("120.00")
    assert q.total == D("400") + D("60") + D("500") + D("120")


def test_late_surcharge_is_capped():
    q = quote(rates(), QuoteInput("renewal", 1, date(2027, 6, 30), first_unpaid=FY))
    assert q.by_component()["surcharge"] == D("360.00")  # 9 months x 10% of 400
    capped = rates(late={"2026-27": Late(date(2026, 9, 30), "pct_per_month", D(10), D(25))})
    q = quote(capped, QuoteInput("renewal", 1, date(2027, 6, 30), first_unpaid=FY))
    assert q.by_component()["surcharge"] == D("100.00")


def test_five_years_at_once_at_the_current_rates():
    q = quote(rates(), QuoteInput("new", 5, date(2026, 8, 1)))
    assert q.fiscal_years == ("2026-27", "2027-28", "2028-29", "2029-30", "2030-31")
    # first year new fee 500 + VAT 75; four renewal years 400 + 60 + source tax 500 each
    assert q.total == D("575") + 4 * D("960")
    assert q.valid_to == date(2031, 6, 30)


def test_two_years_of_arrears_are_included_with_their_own_surcharge():
    # Paid up to 2024-25; renewing on 2 Dec 2026 for this year: 2025-26 and... the two unpaid
    # years 2025-26 (arrears, grace ended 30 Sep 2025) and 2026-27 (current, grace ended too).
    prev = Late(date(2025, 9, 30), "pct_per_month", D(10), D(100))
    r = rates(late={"2026-27": LATE, "2025-26": prev})
    q = quote(r, QuoteInput("renewal", 1, date(2026, 12, 2), first_unpaid=FiscalYear(2024)))
    assert q.fiscal_years == ("2024-25", "2025-26", "2026-27")
    terms = {fy: q.term(fy) for fy in q.fiscal_years}
    # 2024-25: no own policy, the default moved to 30 Sep 2024: 27 months, capped at 100%
    assert terms["2024-25"]["surcharge"] == D("400.00")
    assert terms["2025-26"]["surcharge"] == D("400.00")  # 15 months, capped
    assert terms["2026-27"]["surcharge"] == D("120.00")
    assert q.arrears == 2 * (D("400") + D("60") + D("500") + D("400"))
    assert q.total == q.arrears + D("1080")


@pytest.mark.parametrize("years", [0, 6, -1])
def test_years_outside_one_to_five_are_refused(years):
    with pytest.raises(AppError) as refused:
        quote(rates(), QuoteInput("new", years, date(2026, 8, 1)))
    assert refused.value.code == "years_out_of_range"
    assert refused.value.message.bn and refused.value.message.en


def test_a_capital_based_category_needs_the_capital():
    with pytest.raises(AppError) as refused:
        quote(rates("capital_slab", CAPITAL), QuoteInput("new", 1, date(2026, 8, 1)))
    assert refused.value.code == "capital_required"


amounts = st.decimals(min_value=0, max_value=100000, places=2)


@given(
    kind=st.sampled_from(["new", "renewal"]),
    years=st.integers(1, 5),
    arrears=st.integers(0, 4),
    measure=amounts,
    sign=st.decimals(min_value=0, max_value=500, places=1),
    lit=st.booleans(),
    day=st.dates(min_value=date(2026, 7, 1), max_value=date(2027, 6, 30)),
    fee=amounts,
    rate=st.decimals(min_value=0, max_value=50, places=2),
    vat=st.decimals(min_value=0, max_value=30, places=2),
)
def test_lines_sum_to_the_total_and_none_is_negative(
    kind, years, arrears, measure, sign, lit, day, fee, rate, vat
):
    r = rates(
        "area_slab",
        (Slab(D(0), D(500), fee, fee), Slab(D(500), None, fee * 2, fee)),
        vat_pct=vat,
        late={"2026-27": Late(date(2026, 9, 30), "pct_per_month", rate, None)},
    )
    q = quote(
        r,
        QuoteInput(kind, years, day, measure, sign, lit, FiscalYear(2026 - arrears)),
    )
    assert all(line.amount >= 0 for line in q.lines)
    assert sum(line.amount for line in q.lines) == q.total
    assert sum(q.by_component().values()) == q.total
    assert sum(q.by_head().values()) == q.total
