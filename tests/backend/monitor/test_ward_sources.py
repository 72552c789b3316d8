"""Services tell the monitor where their demands' wards are (monitor_sources.py, registered in
their AppConfig.ready): a water bill paid at the counter counts under the ward of the
connection's holding, not under "no ward"."""

from datetime import timedelta

import pytest
from django.utils import timezone

from backend.monitor.models import CollectionFact, DemandFact
from backend.monitor.registry import ward_sources
from backend.monitor.services.facts import rebuild_days
from backend.payments.models import Demand
from backend.payments.services.counter import collect_cash
from services.water_billing.heads import BILL_OBJECT
from services.water_billing.periods import add_months, month_of
from services.water_billing.services import run
from tests.backend.monitor.test_ledger import ledger_total
from tests.factories import WardFactory, staff_member
from tests.services.water_billing import helpers

pytestmark = pytest.mark.django_db


def test_services_register_their_ward_sources():
    registered = {source.object_type for source in ward_sources()}
    assert {
        BILL_OBJECT,
        "water_application",
        "water_reconnection",
        "trade_application",
        "estate_lease",
        "estate_shop_rent",
        "estate_direct_collection",
    } <= registered


def test_a_water_payment_counts_under_the_holdings_ward():
    from backend.identity.models import Role

    t = helpers.town()
    elsewhere = WardFactory(pourashava=t.pourashava, number=2)
    # The connection is filed under ward 2, but its holding stands in ward 1: the holding's
    # ward is the one the ministry sees.
    connection = helpers.connection(t)
    type(connection).objects.filter(pk=connection.pk).update(ward=elsewhere)
    today = timezone.localdate()
    billing_run, _ = run.start_run(
        pourashava=t.pourashava, period=add_months(month_of(today), -1), actor=t.clerk
    )
    run.work_run(run_id=billing_run.pk)
    demand = Demand.objects.get(object_type=BILL_OBJECT)
    due = sum(line.amount for line in demand.lines.all())
    collect_cash(
        collector=staff_member(Role.CASHIER, t.pourashava),
        pourashava=t.pourashava,
        payer=t.owner,
        amount=due,
    )
    rebuild_days(t.pourashava.pk, [today - timedelta(days=1), today])

    facts = CollectionFact.objects.filter(pourashava=t.pourashava)
    assert facts.exists()
    assert set(facts.values_list("ward_id", flat=True)) == {t.holding.ward_id}
    assert sum(f.amount for f in facts) == ledger_total(
        today, today, pourashava=t.pourashava.pk, own=False
    )
    demand_wards = set(
        DemandFact.objects.filter(pourashava=t.pourashava).values_list("ward_id", flat=True)
    )
    assert demand_wards == {t.holding.ward_id}
