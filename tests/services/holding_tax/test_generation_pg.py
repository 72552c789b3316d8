"""Demand generation on PostgreSQL outside a transaction, as a real job runs: batches side by side
on their own connections, committed in key order with the run's progress. Needs committed data
(other connections must see it), so these tests use real transactions; skipped on SQLite."""

from decimal import Decimal

import pytest
from django.db import connection

from backend.municipality.fiscal_year import FiscalYear
from backend.payments.models import Demand
from services.holding_tax.models import DemandRun
from services.holding_tax.services import generation
from services.holding_tax.services import generation_sql as bulk_sql
from services.holding_tax.services.assessment import assess_holding
from services.holding_tax.services.generation import execute_run, start_run
from tests.factories import CitizenFactory, PourashavaFactory, UserFactory, WardFactory
from tests.services.property.helpers import make_holding

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the set-based path runs on PostgreSQL only"
    ),
    pytest.mark.django_db(transaction=True),
]
FY = FiscalYear(2025)


@pytest.fixture
def town(monkeypatch):
    monkeypatch.setattr(generation, "SQL_BATCH", 2)
    monkeypatch.setattr(generation, "SQL_WORKERS", 2)
    pourashava = PourashavaFactory(code="NAT")
    ward = WardFactory(pourashava=pourashava, number=1)
    owner = CitizenFactory(mobile="01711000001")
    clerk = UserFactory()
    holdings = [make_holding(ward, str(n)) for n in range(1, 8)]  # 7: batches of 2, 2, 2, 1
    for holding in holdings:
        assess_holding(holding=holding, fiscal_year=FiscalYear(2024), actor=clerk)
    return {"pourashava": pourashava, "holdings": holdings, "owner": owner, "clerk": clerk}


def _start(town):
    return start_run(pourashava=town["pourashava"], fiscal_year=FY, quarter=2, actor=town["clerk"])


def _expected(town):
    return {
        str(d.holding_id): d.lines
        for batch in generation.quarter_demands(town["pourashava"], FY, 2)
        for d in batch
    }


def test_side_by_side_batches_raise_what_the_calculator_says_once(town, monkeypatch):
    expected = _expected(town)
    waves, real = [], generation._side_by_side
    monkeypatch.setattr(generation, "_side_by_side", lambda *a: waves.append(len(a[3])) or real(*a))
    seen = []
    run = execute_run(_start(town), progress=lambda r: seen.append(r.holdings_done))
    assert (run.status, run.holdings_done, run.demands_raised) == ("done", 7, 7)
    assert (seen, waves) == ([2, 4, 6, 7], [2, 2])  # two batches at a time
    stored = DemandRun.objects.get(pk=run.pk)
    assert (stored.holdings_done, stored.demands_raised) == (7, 7)
    assert stored.last_holding_id == max(h.pk for h in town["holdings"])
    raised = Demand.objects.filter(pourashava=town["pourashava"]).prefetch_related("lines")
    assert {
        d.object_id: {line.head_id: line.amount for line in d.lines.all()} for d in raised
    } == expected
    assert {d.citizen for d in raised} == {town["owner"]}
    assert sum(sum(lines.values()) for lines in expected.values()) > Decimal(0)

    again = execute_run(_start(town))
    assert (again.holdings_done, again.demands_raised) == (7, 7)
    assert Demand.objects.filter(pourashava=town["pourashava"]).count() == 7


def test_a_failed_batch_leaves_the_batches_before_it_done_and_recorded(town, monkeypatch):
    real = bulk_sql.raise_batch
    ids = sorted(h.pk for h in town["holdings"])

    def failing(**kwargs):
        if kwargs["after"] < ids[4] <= kwargs["upto"]:  # the second wave's first batch
            raise RuntimeError("connection lost")
        return real(**kwargs)

    monkeypatch.setattr(bulk_sql, "raise_batch", failing)
    with pytest.raises(RuntimeError, match="connection lost"):
        execute_run(_start(town))
    stopped = DemandRun.objects.get(pourashava=town["pourashava"])
    # The first wave stands; the batch beside the failed one is rolled back with it.
    assert (stopped.holdings_done, stopped.demands_raised, stopped.last_holding_id) == (
        4,
        4,
        ids[3],
    )
    assert Demand.objects.filter(pourashava=town["pourashava"]).count() == 4

    monkeypatch.setattr(bulk_sql, "raise_batch", real)
    finished = execute_run(_start(town))
    assert (finished.status, finished.holdings_done, finished.demands_raised) == ("done", 7, 7)
    assert Demand.objects.filter(pourashava=town["pourashava"]).count() == 7


def test_progress_counts_only_the_holdings_the_run_covers(town):
    # A retired holding (split or merged) keeps its assessment but is owed nothing: the run's
    # progress must not count it, or holdings done would pass the total it announced.
    retired = town["holdings"][2]
    type(retired).objects.filter(pk=retired.pk).update(status="retired")
    run = _start(town)
    assert run.holdings_total == 6
    run = execute_run(run)
    assert (run.status, run.holdings_done, run.demands_raised) == ("done", 6, 6)
    stored = DemandRun.objects.get(pk=run.pk)
    assert (stored.holdings_done, stored.holdings_total) == (6, 6)
    assert not Demand.objects.filter(object_id=str(retired.pk)).exists()


def test_a_run_stopped_partway_keeps_what_it_reported_done(town):
    # Stopping after a batch (operators, or a job's time limit) must leave that batch committed
    # with the run's progress, not roll it back when the run returns.
    seen = []
    partial = execute_run(
        _start(town), progress=lambda r: seen.append(r.holdings_done), stop_after=1
    )
    assert (partial.status, partial.holdings_done, seen) == ("running", 2, [2])
    stored = DemandRun.objects.get(pk=partial.pk)
    assert (stored.status, stored.holdings_done, stored.demands_raised) == ("running", 2, 2)
    assert Demand.objects.filter(pourashava=town["pourashava"]).count() == 2

    finished = execute_run(_start(town))
    assert (finished.status, finished.holdings_done, finished.demands_raised) == ("done", 7, 7)
    assert Demand.objects.filter(pourashava=town["pourashava"]).count() == 7


def test_pourashavas_whose_holdings_interleave_each_raise_only_their_own(town):
    # Holdings are registered all over the country at once, so one pourashava's ids interleave
    # with the others'. Each run walks its own pourashava's live assessments (by the index on
    # pourashava and holding), so batches, progress and demands stay within it.
    other = PourashavaFactory(code="RAJ")
    other_ward = WardFactory(pourashava=other, number=1)
    town_ward = town["holdings"][0].ward
    theirs, ours = [], []
    for n in range(1, 5):
        theirs.append(make_holding(other_ward, str(n)))
        ours.append(make_holding(town_ward, str(100 + n)))
    for holding in theirs + ours:
        assess_holding(holding=holding, fiscal_year=FiscalYear(2024), actor=town["clerk"])
    assert min(h.pk for h in ours) < max(h.pk for h in theirs)  # the ids do interleave

    mine = execute_run(_start(town))
    assert (mine.status, mine.holdings_total, mine.holdings_done) == ("done", 11, 11)
    assert mine.last_holding_id == max(h.pk for h in town["holdings"] + ours)
    raised = set(Demand.objects.filter(pourashava=town["pourashava"]).values_list("object_id"))
    assert raised == {(str(h.pk),) for h in town["holdings"] + ours}
    assert not Demand.objects.filter(pourashava=other).exists()

    clerk = town["clerk"]
    yours = execute_run(start_run(pourashava=other, fiscal_year=FY, quarter=2, actor=clerk))
    assert (yours.holdings_total, yours.holdings_done, yours.demands_raised) == (4, 4, 4)
    assert set(Demand.objects.filter(pourashava=other).values_list("object_id", flat=True)) == {
        str(h.pk) for h in theirs
    }
