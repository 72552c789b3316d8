"""The monthly run on the portable path: dry run by ward (nothing written), the run started from
the panel, bills with lines summing to the total and demands in the payment layer, a second run
raising nothing, the surcharge once after the due date and a waiver campaign."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from backend.payments.models import Demand
from backend.payments.services import make_bill
from services.water_billing.models import Bill, BillingRun, WaiverCampaign
from services.water_billing.periods import add_months, label, month_of
from services.water_billing.services import run
from tests.services.water_billing import helpers

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST = add_months(month_of(TODAY), -1)


@pytest.fixture
def t():
    return helpers.town()


def _reading(t, conn, period, value):
    client = APIClient()
    client.force_authenticate(t.reader)
    body = {
        "connection": conn.number,
        "period": label(period),
        "reading_date": str(TODAY),
        "reading": str(value),
    }
    assert client.post("/api/v1/water/readings/", body, format="json").status_code == 201


def test_dry_run_then_run_from_the_panel_then_again(t, client, django_capture_on_commit_callbacks):
    flat = helpers.connection(t, extra_flats=1)  # 250 + 100
    new = helpers.connection(t, connected_on=LAST.replace(day=LAST.day + 19))  # pro-rated
    metered = helpers.connection(t, metered=True)
    unread = helpers.connection(t, metered=True)
    _reading(t, metered, add_months(LAST, -1), 20)
    _reading(t, metered, LAST, 85)  # 65 kL
    _reading(t, unread, add_months(LAST, -1), 40)  # 40 kL: estimated at that

    api = APIClient()
    api.force_authenticate(t.superintendent)
    dry = api.post(
        "/api/v1/staff/water/runs/",
        {"pourashava": "NAT", "period": label(LAST), "dry_run": True},
        format="json",
    )
    assert dry.status_code == 200, dry.content
    assert dry.json()["unread_metered"] == 1 and dry.json()["bills"] == 3
    assert not Bill.objects.exists() and not BillingRun.objects.exists()

    client.force_login(t.superintendent)
    page = client.post(
        "/admin/water_billing/billingrun/start/",
        {"pourashava": t.pourashava.pk, "month": label(LAST), "dry_run": "1"},
    )
    assert page.status_code == 200 and b"dry-run-results" in page.content
    with django_capture_on_commit_callbacks(execute=True):  # the task runs eagerly on commit
        started = client.post(
            "/admin/water_billing/billingrun/start/",
            {"pourashava": t.pourashava.pk, "month": label(LAST), "run": "1"},
        )
    assert started.status_code == 302
    billing_run = BillingRun.objects.get()
    assert (billing_run.status, billing_run.bills_raised, billing_run.estimates_made) == (
        "done",
        4,
        1,
    )
    assert client.get(started["Location"]).status_code == 200

    bills = {b.connection_id: b for b in Bill.objects.all()}
    assert bills[flat.pk].total == D("350.00")
    days = (add_months(LAST, 1) - new.connected_on).days
    assert bills[new.pk].days_billed == days
    assert bills[metered.pk].water_charge == D("810.00") and bills[metered.pk].total == D("891.00")
    assert bills[unread.pk].estimated and bills[unread.pk].water_charge == D(
        "440.00"
    )  # 40 kL: 300 + 140
    for bill in bills.values():
        assert sum(D(line["amount"]) for line in bill.lines) == bill.total
    demands = Demand.objects.filter(service_code="water_billing", object_type="water_bill")
    assert demands.count() == 4
    for demand in demands:
        assert (
            sum(line.amount for line in demand.lines.all())
            == bills[int(Bill.objects.get(pk=demand.object_id).connection_id)].total
        )
    assert set(demands.values_list("citizen_id", flat=True)) == {t.owner.pk}

    # Started again, from the panel or by beat: nothing new.
    again = client.post(
        "/admin/water_billing/billingrun/start/",
        {"pourashava": t.pourashava.pk, "month": label(LAST), "run": "1"},
    )
    assert again.status_code == 302
    run.work_run(run_id=billing_run.pk)
    run.start_last_month_everywhere()
    assert Bill.objects.count() == 4 and demands.count() == 4


def test_a_month_not_over_cannot_be_run(t):
    api = APIClient()
    api.force_authenticate(t.superintendent)
    answer = api.post(
        "/api/v1/staff/water/runs/",
        {"pourashava": "NAT", "period": label(month_of(TODAY))},
        format="json",
    )
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "run_period_in_future"


def test_a_clerk_of_another_pourashava_cannot_run_or_see_it(t):
    other = helpers.town(code="GOP", mobile="01711000009")
    api = APIClient()
    api.force_authenticate(other.clerk)
    assert (
        api.post(
            "/api/v1/staff/water/runs/", {"pourashava": "NAT", "period": label(LAST)}, format="json"
        ).status_code
        == 404
    )
    billing_run, _ = run.start_run(pourashava=t.pourashava, period=LAST, actor=t.clerk)
    assert api.get(f"/api/v1/staff/water/runs/{billing_run.pk}/").status_code == 404


def test_surcharge_once_after_due_and_waived_by_a_campaign(t):
    helpers.connection(t, extra_flats=1)
    billing_run, _ = run.start_run(pourashava=t.pourashava, period=LAST, actor=t.clerk)
    run.work_run(run_id=billing_run.pk)
    demand = Demand.objects.get(object_type="water_bill")
    on_time = make_bill(
        payer=t.owner, pourashava=None, demand_ids=[demand.pk], as_of=demand.due_date
    )
    assert on_time.total == D("350.00")
    late = make_bill(
        payer=t.owner,
        pourashava=None,
        demand_ids=[demand.pk],
        as_of=demand.due_date + timedelta(days=1),
    )
    much_later = make_bill(
        payer=t.owner,
        pourashava=None,
        demand_ids=[demand.pk],
        as_of=demand.due_date + timedelta(days=400),
    )
    assert late.total == much_later.total == D("420.00")  # 20% once, never compounding
    WaiverCampaign.objects.create(
        pourashava=t.pourashava,
        starts_on=demand.due_date,
        ends_on=demand.due_date + timedelta(days=3),
        waive_percent=100,
        order_ref="Fair, order 7",
    )
    fair = make_bill(
        payer=t.owner,
        pourashava=None,
        demand_ids=[demand.pk],
        as_of=demand.due_date + timedelta(days=2),
    )
    assert fair.total == D("350.00")


_towns = iter(range(1, 100))


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(flats=st.lists(st.tuples(st.integers(0, 4), st.integers(1, 28)), min_size=1, max_size=5))
def test_a_second_run_raises_nothing(flats):
    n = next(_towns)
    t = helpers.town(code=f"Q{n:02d}", mobile=f"0172{n:07d}")
    for extra, day in flats:
        helpers.connection(t, extra_flats=extra, connected_on=LAST.replace(day=day))
    first, _ = run.start_run(pourashava=t.pourashava, period=LAST, actor=t.clerk)
    first = run.work_run(run_id=first.pk)
    bills = Bill.objects.filter(pourashava=t.pourashava)
    assert first.bills_raised == bills.count() == len(flats)
    BillingRun.objects.filter(pk=first.pk).update(status="failed")  # as if it had stopped
    second, sent = run.start_run(pourashava=t.pourashava, period=LAST, actor=t.clerk)
    second = run.work_run(run_id=second.pk)
    assert sent and second.bills_raised == first.bills_raised and bills.count() == len(flats)
    assert Demand.objects.filter(pourashava=t.pourashava).count() == len(flats)
    for bill in bills:
        assert bill.total >= 0 and sum(D(line["amount"]) for line in bill.lines) == bill.total
