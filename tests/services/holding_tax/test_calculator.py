"""Worked examples, written out by hand, and invariants of the valuation and tax calculator.

Rates used (the documented defaults): holding tax 7%, conservancy 7%, lighting 3%, sewerage 2%,
fire 0.5%; repairs allowance 1/6 of annual rent; owner-occupier allowance 40%; pucca residential
Tk 8, pucca mixed Tk 11, pucca religious Tk 5 per sq ft per month; vacant land Tk 170."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.holding_tax import defaults
from services.holding_tax.calculator import (
    HoldingFacts,
    Rules,
    RulesError,
    annual_tax,
    quarterly_instalments,
    value_holding,
)

D = Decimal
RULES = Rules(
    repairs_allowance=defaults.REPAIRS_ALLOWANCE,
    owner_occupier_allowance=defaults.OWNER_OCCUPIER_ALLOWANCE,
    vacant_land_value=defaults.VACANT_LAND_VALUE,
    rent_rates=defaults.RENT_RATES,
    component_rates=defaults.COMPONENT_RATES,
)


def heads(holding, conservancy, lighting, sewerage, fire):
    return {
        "holding_tax": D(holding),
        "conservancy": D(conservancy),
        "lighting": D(lighting),
        "sewerage": D(sewerage),
        "fire": D(fire),
    }


def test_let_house():
    # 12,000 x 12 = 144,000; less 1/6 (24,000) = 120,000.
    facts = HoldingFacts("residential", "let", "pucca", D(2400), monthly_rent=D("12000"))
    valuation = value_holding(facts, RULES)
    assert valuation.basis == "let"
    assert valuation.annual_value == D("120000.00")
    assert [line.amount for line in valuation.working] == [D(144000), D(-24000), D(120000)]
    assert annual_tax(valuation, RULES) == heads(
        "8400.00", "8400.00", "3600.00", "2400.00", "600.00"
    )


def test_owner_occupied_house():
    # 1,000 sq ft x 8 x 12 = 96,000; less 16,000 = 80,000; less 40% (32,000) = 48,000.
    facts = HoldingFacts("residential", "owner_occupied", "pucca", D(1000))
    valuation = value_holding(facts, RULES)
    assert valuation.annual_value == D("48000.00")
    assert annual_tax(valuation, RULES) == heads(
        "3360.00", "3360.00", "1440.00", "960.00", "240.00"
    )


def test_mixed_use_part_let():
    # Estimate 2,000 x 11 x 12 = 264,000. Let part: 10,000 x 12 = 120,000 less 20,000 = 100,000.
    # Own part: 264,000 - 120,000 = 144,000 less 24,000 = 120,000 less 40% = 72,000.
    facts = HoldingFacts("mixed", "part_let", "pucca", D(2000), monthly_rent=D("10000"))
    valuation = value_holding(facts, RULES)
    assert valuation.basis == "part_let"
    assert valuation.annual_value == D("172000.00")
    assert annual_tax(valuation, RULES)["holding_tax"] == D("12040.00")


def test_vacant_land_and_its_quarters():
    valuation = value_holding(HoldingFacts("vacant_land", "vacant", "none", D(0)), RULES)
    assert valuation.annual_value == D("170.00")
    tax = annual_tax(valuation, RULES)
    assert tax == heads("11.90", "11.90", "5.10", "3.40", "0.85")
    # 11.90 / 4 = 2.975: three instalments of 2.97 and a last of 2.99.
    assert [q["holding_tax"] for q in quarterly_instalments(tax)] == [
        D("2.97"),
        D("2.97"),
        D("2.97"),
        D("2.99"),
    ]


def test_exemption_zeroes_only_the_heads_it_covers():
    # A mosque: 1,500 x 5 x 12 = 90,000; less 15,000 = 75,000; less 40% = 45,000.
    valuation = value_holding(HoldingFacts("religious", "owner_occupied", "pucca", D(1500)), RULES)
    assert valuation.annual_value == D("45000.00")
    tax = annual_tax(valuation, RULES, exempt_heads={"holding_tax"})
    assert tax == heads("0.00", "3150.00", "1350.00", "900.00", "225.00")


def test_rates_over_the_39_percent_cap_are_refused():
    rules = Rules(
        **{**RULES.__dict__, "component_rates": {"holding_tax": D(25), "conservancy": D("14.01")}}
    )
    valuation = value_holding(HoldingFacts("vacant_land", "vacant", "none", D(0)), rules)
    with pytest.raises(RulesError, match="cap"):
        annual_tax(valuation, rules)


def test_working_reads_in_both_languages():
    facts = HoldingFacts("residential", "owner_occupied", "pucca", D(1000))
    owner_line = value_holding(facts, RULES).working[2]
    assert owner_line.render("en") == "Less owner-occupier allowance (40%)"
    assert owner_line.render("bn") == "বাদ: মালিকের নিজ বসবাস ভাতা (৪০%)"


def test_working_shows_floor_area_plainly_and_rent_as_taka():
    """2,000 sq ft is `2000` (a normalised Decimal would print `2E+3`), rates and rents are taka
    amounts, and Bangla has Bangla digits throughout."""
    facts = HoldingFacts("residential", "part_let", "pucca", D("2000.00"), D("12000"))
    estimate, *_ = value_holding(facts, RULES).working
    assert estimate.render("en") == "Estimated rent: 2000 sq ft × Tk 8.00 per sq ft × 12"
    assert estimate.render("bn") == "আনুমানিক ভাড়া: ২০০০ বর্গফুট × প্রতি বর্গফুট ৳ ৮.০০ × ১২"
    let = value_holding(HoldingFacts("residential", "let", "pucca", D(900), D("12000")), RULES)
    assert let.working[0].render("bn") == "মাসিক ভাড়া ৳ ১২,০০০.০০ × ১২"
    assert let.working[1].render("bn") == "বাদ: মেরামত ভাতা (বার্ষিক ভাড়ার ১/৬)"


def test_a_let_holding_without_rent_cannot_be_valued():
    with pytest.raises(RulesError):
        value_holding(HoldingFacts("residential", "let", "pucca", D(100)), RULES)


facts_strategy = st.builds(
    HoldingFacts,
    use=st.sampled_from(["residential", "commercial", "mixed", "educational", "vacant_land"]),
    occupancy=st.sampled_from(["let", "owner_occupied", "part_let", "vacant"]),
    structure_type=st.sampled_from(["pucca", "semi_pucca", "tin_shed", "kutcha"]),
    floor_area_sqft=st.decimals(min_value=0, max_value=100000, places=2),
    monthly_rent=st.decimals(min_value=0, max_value=10_000_000, places=2),
)
rates_strategy = st.lists(
    st.decimals(min_value=0, max_value=39, places=2), min_size=1, max_size=6
).filter(lambda rates: sum(rates) <= 39)


@given(
    facts=facts_strategy, rates=rates_strategy, exempt=st.sets(st.sampled_from(["h0", "h1", "h2"]))
)
def test_tax_is_never_negative_and_quarters_add_up_to_the_year(facts, rates, exempt):
    rules = Rules(
        **{**RULES.__dict__, "component_rates": {f"h{i}": rate for i, rate in enumerate(rates)}}
    )
    valuation = value_holding(facts, rules)
    assert valuation.annual_value >= 0
    assert valuation.working[-1].amount == valuation.annual_value
    tax = annual_tax(valuation, rules, exempt)
    assert all(amount >= 0 for amount in tax.values())
    assert all(tax[head] == 0 for head in exempt if head in tax)
    assert sum(tax.values()) <= valuation.annual_value * D("0.39") + D("0.01") * len(tax)
    quarters = quarterly_instalments(tax)
    for head, amount in tax.items():
        assert sum(q[head] for q in quarters) == amount
        assert all(q[head] >= 0 for q in quarters)
