"""Worked examples of the water bill's arithmetic, and its invariants as properties."""

from datetime import date
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from services.water_billing.calculator import (
    Slab,
    TariffTerms,
    days_active,
    estimate,
    flat_bill,
    metered_bill,
    replacement_consumption,
    rollover_consumption,
    slab_charge,
    surcharge,
    true_up,
)

# Chuadanga-shaped flat row (demo figures): Tk 250 a month, Tk 100 per extra flat.
FLAT = TariffTerms(monthly_amount=D("250.00"), per_extra_flat=D("100.00"))
# Habiganj-shaped metered row: Tk 10/kL to 30 kL, Tk 14/kL to 60, Tk 18 above; minimum Tk 300.
METERED = TariffTerms(
    slabs=(Slab(D(30), D("10.00")), Slab(D(60), D("14.00")), Slab(None, D("18.00"))),
    minimum_charge=D("300.00"),
    sewerage_percent=D("10"),
)


def _sum(figures):
    return sum((line.amount for line in figures.lines), D("0.00"))


def test_flat_with_extra_flats():
    figures = flat_bill(FLAT, extra_flats=2, days=31, month_days=31)
    assert figures.water_charge == D("450.00") and figures.total == D("450.00")
    assert [line.code for line in figures.lines] == ["water_charge"]


def test_metered_slabs_across_three_bands_with_sewerage_and_roundoff():
    # 30 x 10 + 30 x 14 + 5.5 x 18 = 300 + 420 + 99 = 819.00; sewerage 10% = 81.90; 900.90 -> 901
    figures = metered_bill(METERED, D("65.5"))
    assert figures.water_charge == D("819.00")
    assert figures.sewerage == D("81.90")
    assert figures.total == D("901.00") and figures.roundoff == D("0.10")
    assert _sum(figures) == figures.total


def test_metered_below_the_minimum_pays_the_minimum():
    assert slab_charge(METERED.slabs, D("12")) == D("120.00")
    figures = metered_bill(METERED, D("12"))
    assert figures.water_charge == D("300.00")  # the minimum charge
    assert figures.total == D("330.00")


def test_rollover_counts_through_the_dial_end():
    # 99,990 -> 00,015 on a 5-digit dial: 9 to 99,999, one to 0, then 15 = 25 kL
    assert rollover_consumption(D("99990"), D("15"), D("99999")) == D("25.000")


def test_replacement_adds_the_old_meters_last_stretch():
    # last reading 1,200; old meter removed at 1,230; new meter from 5, read at 27: 30 + 22
    assert replacement_consumption(D("1200"), D("1230"), D("5"), D("27")) == D("52.000")


def test_estimate_then_true_up():
    # real months of 20, 25 and 30 kL: the unread month is estimated at 25
    assert estimate([D(10), D(20), D(25), D(30)]) == D("25.000")
    # the next real reading shows 60 kL since the last real one: 25 were billed, 35 remain
    assert true_up(D("60"), D("25")) == (D("35.000"), D("0.000"))
    # had only 15 gone through, nothing is billed and the 10 over-estimated are carried
    assert true_up(D("15"), D("25")) == (D("0.000"), D("10.000"))


def test_pro_rated_first_and_last_month():
    # connected on 20 May: 12 of 31 days, 250 x 12 / 31 = 96.774.. -> 96.77, billed 97
    days = days_active(date(2026, 5, 1), date(2026, 5, 20), None)
    assert days == 12
    figures = flat_bill(FLAT, 0, days, 31)
    assert figures.water_charge == D("96.77") and figures.total == D("97.00")
    assert figures.roundoff == D("0.23")
    # closed from 11 June: 10 of 30 days
    assert days_active(date(2026, 6, 1), date(2020, 1, 1), date(2026, 6, 11)) == 10


def test_surcharge_once_after_due_never_compounding():
    due = date(2026, 7, 10)
    assert surcharge(D("450"), due_date=due, as_of=due, percent=D(20)) == D("0.00")
    once = surcharge(D("450"), due_date=due, as_of=date(2026, 7, 11), percent=D(20))
    a_year_late = surcharge(D("450"), due_date=due, as_of=date(2027, 7, 11), percent=D(20))
    assert once == a_year_late == D("90.00")


def test_waiver_campaign_takes_its_share_off():
    late = date(2026, 8, 1)
    args = {"due_date": date(2026, 7, 10), "as_of": late, "percent": D(20)}
    assert surcharge(D("450"), waived_percent=D(100), **args) == D("0.00")
    assert surcharge(D("450"), waived_percent=D(50), **args) == D("45.00")


money = st.decimals(min_value=0, max_value=100000, places=2)
kl = st.decimals(min_value=0, max_value=10000, places=3)


@given(
    monthly=money,
    per_flat=money,
    flats=st.integers(0, 50),
    days=st.integers(0, 31),
    pct=st.decimals(0, 100, places=2),
)
def test_flat_bill_is_never_negative_and_lines_sum_to_total(monthly, per_flat, flats, days, pct):
    terms = TariffTerms(monthly_amount=monthly, per_extra_flat=per_flat, sewerage_percent=pct)
    figures = flat_bill(terms, flats, min(days, 31), 31)
    assert figures.total >= 0 and _sum(figures) == figures.total
    assert figures.total == figures.total.to_integral_value()


@given(
    consumption=kl,
    minimum=money,
    rates=st.lists(st.decimals(0, 100, places=2), min_size=1, max_size=4),
    flat_sewer=money,
)
def test_metered_bill_is_never_negative_and_lines_sum_to_total(
    consumption, minimum, rates, flat_sewer
):
    slabs = (
        *(Slab(D(10 * (i + 1)), r) for i, r in enumerate(rates[:-1])),
        Slab(None, rates[-1]),
    )
    terms = TariffTerms(slabs=slabs, minimum_charge=minimum, sewerage_flat=flat_sewer)
    figures = metered_bill(terms, consumption)
    assert figures.total >= 0 and _sum(figures) == figures.total
    assert figures.water_charge >= minimum


@given(
    unpaid=money,
    pct=st.decimals(0, 100, places=2),
    waived=st.decimals(0, 100, places=2),
    late=st.integers(1, 2000),
)
def test_surcharge_is_bounded_by_its_percentage(unpaid, pct, waived, late):
    due = date(2026, 1, 10)
    as_of = date.fromordinal(due.toordinal() + late)
    amount = surcharge(unpaid, due_date=due, as_of=as_of, percent=pct, waived_percent=waived)
    assert D(0) <= amount <= unpaid * pct / 100 + D("0.01")
