"""Demands, bills, bill rules (rebate/surcharge) and settlement hooks."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from backend.common.errors import AppError, NotFound
from backend.payments import registry
from backend.payments.models import Demand, DemandLine
from backend.payments.registry import Adjustment
from backend.payments.services.bills import make_bill
from backend.payments.services.demands import raise_demand
from backend.payments.services.settlement import settle_payment
from tests.backend.payments.factories import arrear_year, demand_for, today
from tests.factories import CitizenFactory, PourashavaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules():
    registry._bill_rules.pop("test_service", None)
    yield lambda fn: registry.register_bill_rules("test_service", fn)
    registry._bill_rules.pop("test_service", None)


def test_raise_demand_is_idempotent_by_natural_key(citizen, pourashava):
    kwargs = dict(
        pourashava=pourashava,
        service_code="holding_tax",
        natural_key="H1-2025-26-Q1",
        lines={"holding_tax": "৫০০"},
        due_date=today(),
        citizen=citizen,
    )
    kwargs["lines"] = {"holding_tax": "500"}
    first = raise_demand(**kwargs)
    again = raise_demand(**{**kwargs, "lines": {"holding_tax": "900"}})
    assert again.pk == first.pk
    assert Demand.objects.count() == 1
    assert DemandLine.objects.get().amount == Decimal("500.00")


def test_raise_demand_rejects_unknown_head_and_rebates(citizen, pourashava):
    with pytest.raises(AppError) as err:
        raise_demand(
            pourashava=pourashava,
            service_code="s",
            natural_key="x",
            lines={"no_such_head": "5"},
            due_date=today(),
        )
    assert err.value.code == "unknown_revenue_head"
    with pytest.raises(AppError):
        raise_demand(
            pourashava=pourashava,
            service_code="s",
            natural_key="y",
            lines={"rebate": "-5"},
            due_date=today(),
        )
    assert not Demand.objects.exists()


def test_registered_head_is_created_on_first_use(citizen, pourashava):
    registry.register_revenue_head("market_toll", name_en="Market toll", name_bn="হাট টোল")
    demand = raise_demand(
        pourashava=pourashava,
        service_code="s",
        natural_key="m",
        lines={"market_toll": "20"},
        due_date=today(),
    )
    assert demand.lines.get().head.name_bn == "হাট টোল"


def test_bill_of_two_pourashavas_is_refused(citizen, pourashava):
    other = PourashavaFactory(code="FRD")
    a, b = demand_for(citizen, pourashava), demand_for(citizen, other)
    with pytest.raises(AppError) as err:
        make_bill(payer=citizen, pourashava=None, demand_ids=[a.pk, b.pk], as_of=today())
    assert err.value.code == "mixed_pourashavas" and err.value.status_code == 400


def test_bill_of_someone_elses_demand_is_not_found(citizen, pourashava):
    demand = demand_for(CitizenFactory(), pourashava)
    with pytest.raises(NotFound):
        make_bill(payer=citizen, pourashava=pourashava, demand_ids=[demand.pk], as_of=today())


def test_rebate_and_surcharge_from_rules(citizen, pourashava, rules):
    deadline = today() + timedelta(days=3)
    current = demand_for(citizen, pourashava, {"holding_tax": "1000"})
    arrear = demand_for(
        citizen,
        pourashava,
        {"holding_tax": "200"},
        fiscal_year=arrear_year(),
        due_date=today() - timedelta(days=400),
    )

    def fn(demands, as_of):
        for d in demands:
            if d.pk == current.pk:
                yield Adjustment(d.pk, "rebate", Decimal("-100"), "10% rebate", deadline)
            else:
                yield Adjustment(d.pk, "surcharge", Decimal("30"), "15% on arrears")

    rules(fn)
    bill = make_bill(
        payer=citizen, pourashava=pourashava, demand_ids=[current.pk, arrear.pk], as_of=today()
    )
    assert bill.total == Decimal("1130.00")
    assert timezone.localtime(bill.valid_until).date() == today()  # end of day at the latest
    payment = bill.payments.create(
        pourashava=pourashava,
        citizen=citizen,
        channel="counter",
        reference="NATPTEST1",
        amount=bill.total,
    )
    settle_payment(payment=payment)
    current.refresh_from_db()
    arrear.refresh_from_db()
    assert current.status == "paid" and arrear.status == "paid"
    heads = sorted((r.head_id, r.amount) for r in payment.receipt.lines.all())
    assert ("rebate", Decimal("-100.00")) in heads and ("surcharge", Decimal("30.00")) in heads


@pytest.mark.parametrize(
    ("head", "amount", "arrear"),
    [
        ("rebate", "50", False),
        ("rebate", "-600", False),
        ("rebate", "-10", True),
        ("surcharge", "-5", False),
        ("holding_tax", "5", False),
    ],
)
def test_bad_adjustments_are_refused(citizen, pourashava, rules, head, amount, arrear):
    demand = demand_for(
        citizen, pourashava, {"holding_tax": "500"}, fiscal_year=arrear_year() if arrear else None
    )
    rules(lambda demands, as_of: [Adjustment(demands[0].pk, head, Decimal(amount))])
    with pytest.raises(AppError) as err:
        make_bill(payer=citizen, pourashava=pourashava, demand_ids=[demand.pk], as_of=today())
    assert err.value.code == "invalid_adjustment"


def test_settlement_hook_gets_paid_demands_inside_the_transaction(citizen, pourashava):
    seen = []
    registry.register_settlement_hook("licence_test", lambda demands: seen.extend(demands))
    demand = demand_for(citizen, pourashava, service_code="licence_test")
    bill = make_bill(payer=citizen, pourashava=pourashava, demand_ids=[demand.pk], as_of=today())
    payment = bill.payments.create(
        pourashava=pourashava,
        citizen=citizen,
        channel="counter",
        reference="NATPTEST2",
        amount=bill.total,
    )
    settle_payment(payment=payment)
    assert [d.pk for d in seen] == [demand.pk] and seen[0].status == "paid"


def test_failing_hook_rolls_back_the_settlement(citizen, pourashava):
    def boom(demands):
        raise RuntimeError("licence could not be issued")

    registry.register_settlement_hook("boom_test", boom)
    demand = demand_for(citizen, pourashava, service_code="boom_test")
    bill = make_bill(payer=citizen, pourashava=pourashava, demand_ids=[demand.pk], as_of=today())
    payment = bill.payments.create(
        pourashava=pourashava,
        citizen=citizen,
        channel="counter",
        reference="NATPTEST3",
        amount=bill.total,
    )
    with pytest.raises(RuntimeError):
        settle_payment(payment=payment)
    payment.refresh_from_db()
    demand.refresh_from_db()
    assert payment.status == "pending" and demand.status == "open"
    assert not DemandLine.objects.filter(amount_paid__gt=0).exists()


def test_dues_take_few_queries(api, citizen, pourashava, django_assert_max_num_queries):
    for _ in range(3):
        demand_for(citizen, pourashava)
    api.force_authenticate(user=citizen.user)
    api.get("/api/v1/me/dues/")  # warm caches
    with django_assert_max_num_queries(6) as few:
        api.get("/api/v1/me/dues/")
    for _ in range(12):
        demand_for(citizen, PourashavaFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api.get("/api/v1/me/dues/")
    assert len(response.json()["pourashavas"]) == 13


def test_words():
    from backend.payments.words import taka_in_words

    assert taka_in_words(Decimal("1250050.25")) == (
        "Twelve lakh fifty thousand fifty taka and twenty-five paisa only"
    )
    assert taka_in_words(Decimal("1250"), "bn") == "এক হাজার দুই শত পঞ্চাশ টাকা মাত্র"


def test_cancelled_demand_cannot_be_billed_and_its_open_bill_is_superseded(citizen, pourashava):
    from backend.payments.services.demands import cancel_demand

    demand = demand_for(citizen, pourashava)
    bill = make_bill(payer=citizen, pourashava=pourashava, demand_ids=[demand.pk], as_of=today())
    cancel_demand(demand=demand, reason="raised in error")
    bill.refresh_from_db()
    assert bill.status == "superseded"
    with pytest.raises(AppError) as err:
        make_bill(payer=citizen, pourashava=pourashava, demand_ids=[demand.pk], as_of=today())
    assert err.value.code == "demand_not_open"


def test_dues_are_compact_unless_lines_are_asked_for(api, citizen, pourashava):
    demand_for(citizen, pourashava, {"holding_tax": "400.00", "conservancy": "100.50"})
    api.force_authenticate(user=citizen.user)
    [row] = api.get("/api/v1/me/dues/").json()["pourashavas"][0]["services"][0]["demands"]
    assert row["outstanding"] == "500.50" and "lines" not in row
    [row] = api.get("/api/v1/me/dues/?lines=1").json()["pourashavas"][0]["services"][0]["demands"]
    assert {(line["head"], line["outstanding"]) for line in row["lines"]} == {
        ("holding_tax", "400.00"),
        ("conservancy", "100.50"),
    }
