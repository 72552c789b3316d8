"""Reserve price worked examples: the three-year average plus the uplift in force, rounded up to
100 taka; a directly collected year counts with its collection; fewer than three years average
over those there are; computing again keeps an override and changes nothing else."""

from datetime import date
from decimal import Decimal

import pytest

from backend.common.errors import AppError, Conflict
from services.estate_leases.checks.calculator import reserve_price, round_up_to_100
from services.estate_leases.models import Outcome, RateRule, ReservePrice, ValueCorrection
from services.estate_leases.services import register, reserves
from tests.services.estate_leases.helpers import (
    BARAIGRAM,
    YEAR,
    history,
    make_place,
    make_property,
    outcome_of,
)

pytestmark = pytest.mark.django_db
D = Decimal


def test_baraigram_three_leased_years_average_612700_plus_6_percent():
    # 711,000 + 555,000 + 572,100 = 1,838,100; / 3 = 612,700; x 1.06 = 649,462 -> 649,500
    result = reserve_price([D("711000"), D("555000"), D("572100")], D("6"))
    assert result.average == D("612700.00")
    assert result.amount == D("649500.00")
    assert not result.partial


def test_fewer_than_three_years_average_over_those_there_are():
    # Royna Bharat: 520,000 and 521,000 -> 520,500; x 1.06 = 551,730 -> 551,800, marked partial
    result = reserve_price([D("520000"), D("521000")], D("6"))
    assert (result.average, result.amount, result.years_used) == (D("520500.00"), D("551800.00"), 2)
    assert result.partial


def test_rounding_is_always_up_to_the_next_hundred():
    assert round_up_to_100(D("649400.01")) == D("649500.00")
    assert round_up_to_100(D("649500")) == D("649500.00")


def test_a_directly_collected_year_counts_with_its_collection():
    pourashava, staff = make_place()
    prop = make_property(pourashava, staff.officer)
    history(
        prop,
        staff.officer,
        {
            1430: (Outcome.LEASED, "900000"),  # outside the window: not counted
            1431: (Outcome.LEASED, "600000"),
            1432: (Outcome.DIRECT, "450000"),  # khas collection
            1433: (Outcome.LEASED, "630000"),
        },
    )
    reserve = reserves.compute_for(prop, YEAR, as_of=date(2027, 1, 10))
    # (600,000 + 450,000 + 630,000) / 3 = 560,000; x 1.06 = 593,600
    assert reserve.basis == [
        [1431, "600000.00", "leased"],
        [1432, "450000.00", "direct"],
        [1433, "630000.00", "leased"],
    ]
    assert reserve.average == D("560000.00")
    assert reserve.uplift_percent == D("6.00")
    assert reserve.amount == D("593600.00")


def test_the_uplift_is_the_dated_rule_in_force():
    pourashava, staff = make_place()
    prop = make_property(pourashava, staff.officer)
    history(prop, staff.officer, {1433: (Outcome.LEASED, "100000")})
    assert reserves.compute_for(prop, YEAR, as_of=date(2020, 6, 1)).amount == D("125000.00")
    RateRule.objects.create(rate_kind="uplift", effective_from=date(2026, 7, 1), percent=D("8"))
    assert reserves.compute_for(prop, YEAR, as_of=date(2027, 1, 1)).amount == D("108000.00")


def test_recomputing_keeps_an_approved_override_and_changes_nothing_else():
    pourashava, staff = make_place()
    prop = make_property(pourashava, staff.officer)
    history(prop, staff.officer, BARAIGRAM)
    reserve = reserves.compute_all(pourashava=pourashava, year=YEAR, actor=staff.officer)[0]
    reserves.ask_override(
        reserve=reserve, amount=D("600000"), reason="Flood damage", actor=staff.officer
    )
    reserves.approve_override(reserve=reserve, actor=staff.mayor)
    outcomes_before = list(prop.outcomes.values())
    again = reserves.compute_all(pourashava=pourashava, year=YEAR, actor=staff.officer)[0]
    assert again.pk == reserve.pk and ReservePrice.objects.count() == 1
    assert again.computed_amount == D("649500.00")
    assert (again.override_amount, again.amount) == (D("600000.00"), D("600000.00"))
    assert list(prop.outcomes.values()) == outcomes_before


def test_an_override_needs_a_reason_and_someone_else_to_approve_it():
    pourashava, staff = make_place()
    prop = make_property(pourashava, staff.officer)
    history(prop, staff.officer, BARAIGRAM)
    reserve = reserves.compute_for(prop, YEAR)
    with pytest.raises(AppError) as refused:
        reserves.ask_override(reserve=reserve, amount=D("1"), reason=" ", actor=staff.officer)
    assert refused.value.code == "override_reason_required"
    reserves.ask_override(reserve=reserve, amount=D("600000"), reason="Flood", actor=staff.officer)
    reserve.refresh_from_db()
    assert reserve.amount == D("649500.00")  # not in force until approved
    with pytest.raises(AppError):
        reserves.approve_override(reserve=reserve, actor=staff.officer)  # not an approver


def test_a_past_value_used_by_a_later_reserve_changes_only_with_a_correction_record():
    pourashava, staff = make_place()
    prop = make_property(pourashava, staff.officer)
    history(prop, staff.officer, BARAIGRAM)
    reserve = reserves.compute_for(prop, YEAR)
    with pytest.raises(Conflict) as refused:
        register.record_outcome(
            prop=prop,
            year=1432,
            outcome=Outcome.LEASED,
            realised_value=D("600000"),
            actor=staff.officer,
        )
    assert refused.value.code == "value_used_by_reserve"
    assert "1432" in refused.value.render_message("en")
    assert "সংশোধন" in refused.value.render_message("bn")
    assert outcome_of(prop, 1432).realised_value == D("555000.00")  # nothing written
    assert not ValueCorrection.objects.exists()

    register.record_outcome(
        prop=prop,
        year=1432,
        outcome=Outcome.LEASED,
        realised_value=D("600000"),
        correction_reason="Ledger misread: the agreement says 6,00,000",
        actor=staff.officer,
    )
    correction = ValueCorrection.objects.get()
    assert (correction.old_value, correction.new_value) == (D("555000.00"), D("600000.00"))
    reserve.refresh_from_db()  # recomputed: (711,000 + 600,000 + 572,100) / 3 = 627,700 x 1.06
    assert reserve.amount == D("665400.00")
