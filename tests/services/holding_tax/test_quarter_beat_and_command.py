"""The quarter on beat (every active pourashava, on the quarter's first day, idempotent) and the
operators' `raise_quarter_demands` command."""

from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from backend.identity.models import AuditEntry
from backend.payments.models import Demand
from services.holding_tax.models import DemandRun
from services.holding_tax.tasks import start_quarter_everywhere
from tests.factories import PourashavaFactory, UserFactory
from tests.services.holding_tax.jobs_helpers import (
    expected_demands,
    make_town,
    raised_demands,
    this_quarter,
)

pytestmark = pytest.mark.django_db


def test_the_beat_entry_starts_the_quarter_on_its_first_day():
    entry = settings.CELERY_BEAT_SCHEDULE["holding-tax-start-quarter"]
    assert entry["task"] == "holding_tax.start_quarter_everywhere"
    schedule = entry["schedule"]
    assert schedule.month_of_year == {1, 4, 7, 10} and schedule.day_of_month == {1}
    firsts = {date(2026, m, 1) for m in (1, 4, 7, 10)}
    assert all(d.month in schedule.month_of_year and d.day in schedule.day_of_month for d in firsts)


def test_the_beat_task_raises_every_active_pourashavas_quarter_once(
    monkeypatch, django_capture_on_commit_callbacks
):
    natore = make_town(monkeypatch, "NAT")
    gopalganj = make_town(monkeypatch, "GOP")
    PourashavaFactory(code="OLD", is_active=False)
    fiscal_year, quarter = this_quarter()
    expected = {
        town["pourashava"].code: expected_demands(town["pourashava"], fiscal_year, quarter)
        for town in (natore, gopalganj)
    }

    with django_capture_on_commit_callbacks(execute=True):
        start_quarter_everywhere.delay()
    runs = DemandRun.objects.select_related("pourashava")
    assert {r.pourashava.code: r.status for r in runs} == {"NAT": "done", "GOP": "done"}
    assert all(r.started_by is None for r in runs)  # started by the schedule
    for town in (natore, gopalganj):
        code = town["pourashava"].code
        assert raised_demands(town["pourashava"], fiscal_year, quarter) == expected[code]
    entries = AuditEntry.objects.filter(action="holding_tax.demand_run_started")
    assert entries.count() == 2 and {e.actor for e in entries} == {None}

    with django_capture_on_commit_callbacks(execute=True):
        start_quarter_everywhere.delay()  # a repeated or late beat changes nothing
    assert DemandRun.objects.count() == 2 and Demand.objects.count() == 10
    assert entries.count() == 2


def test_the_command_dry_runs_then_raises_a_quarter_once(
    monkeypatch, django_capture_on_commit_callbacks
):
    town = make_town(monkeypatch, "NAT")
    clerk = UserFactory(username="nat.revenue_clerk")
    fiscal_year, quarter = this_quarter()
    expected = expected_demands(town["pourashava"], fiscal_year, quarter)
    args = ["--pourashava", "NAT", "--fiscal-year", fiscal_year.label, "--quarter", str(quarter)]

    out = StringIO()
    call_command("raise_quarter_demands", *args, "--dry-run", stdout=out)
    assert "5 holdings, 5 demands" in out.getvalue() and "ward 2:" in out.getvalue()
    assert not DemandRun.objects.exists() and not Demand.objects.exists()

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("raise_quarter_demands", *args, "--actor", "nat.revenue_clerk", stdout=out)
    run = DemandRun.objects.get()
    assert (run.status, run.started_by, run.demands_raised) == ("done", clerk, 5)
    assert "sent to a worker" in out.getvalue()
    assert raised_demands(town["pourashava"], fiscal_year, quarter) == expected

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("raise_quarter_demands", *args, stdout=out)
    assert callbacks == [] and "nothing started" in out.getvalue()
    assert Demand.objects.count() == 5

    with pytest.raises(CommandError):
        call_command(
            "raise_quarter_demands",
            "--pourashava",
            "XXX",
            "--fiscal-year",
            fiscal_year.label,
            "--quarter",
            "1",
        )
