"""Raising a quarter's demands from the clerk panel, as a revenue clerk does it: the dry run by
ward and head, the run (a task dispatched on commit), its progress page, a second start, and a
run stopped halfway resumed. Amounts are compared with what the code path computes."""

from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from backend.identity.models import AuditEntry, Role
from backend.payments.models import Demand
from services.holding_tax.models import DemandRun
from services.holding_tax.services import generation, quarter_runs
from services.holding_tax.services.generation import start_run
from tests.factories import UserFactory
from tests.services.holding_tax.jobs_helpers import (
    attribute,
    expected_demands,
    login,
    make_town,
    raised_demands,
    this_quarter,
)

pytestmark = pytest.mark.django_db
START = "/admin/holding_tax/demandrun/start/"


@pytest.fixture
def town(monkeypatch):
    return make_town(monkeypatch)


def _form(town, **extra) -> dict:
    fiscal_year, quarter = this_quarter()
    return {
        "pourashava": town["pourashava"].pk,
        "fiscal_year": fiscal_year.label,
        "quarter": quarter,
        **extra,
    }


def _progress(client, run_id: int) -> str:
    page = client.get(f"/admin/holding_tax/demandrun/{run_id}/progress/")
    assert page.status_code == 200
    return page.content.decode()


def test_the_page_is_linked_from_the_runs_list_and_named(client, town):
    login(client, Role.REVENUE_CLERK, town["pourashava"])
    assert reverse("admin:holding_tax_demandrun_start") == START
    listing = client.get("/admin/holding_tax/demandrun/").content.decode()
    assert f'href="{START}"' in listing
    page = client.get(START).content.decode()
    assert 'name="dry_run"' in page and 'name="run"' in page


def test_dry_run_shows_by_ward_and_head_what_the_run_raises_and_writes_nothing(client, town):
    login(client, Role.REVENUE_CLERK, town["pourashava"])
    fiscal_year, quarter = this_quarter()
    expected = expected_demands(town["pourashava"], fiscal_year, quarter)
    total = sum((sum(lines.values()) for lines in expected.values()), Decimal("0.00"))

    page = client.post(START, _form(town, dry_run="1")).content.decode()
    assert attribute(page, "dry-run-results", "data-demands") == "5"
    assert Decimal(attribute(page, "dry-run-results", "data-total")) == total
    assert 'data-ward="1"' in page and 'data-ward="2"' in page
    assert not DemandRun.objects.exists() and not Demand.objects.exists()

    # Restricted to ward 2: its three holdings only.
    only_two = client.post(START, _form(town, dry_run="1", wards=[town["wards"][1].pk]))
    html = only_two.content.decode()
    assert attribute(html, "dry-run-results", "data-demands") == "3"
    assert 'data-ward="1"' not in html


def test_the_run_raises_exactly_what_the_code_path_raises_and_a_second_start_is_a_no_op(
    client, town, django_capture_on_commit_callbacks
):
    clerk = login(client, Role.REVENUE_CLERK, town["pourashava"])
    fiscal_year, quarter = this_quarter()
    expected = expected_demands(town["pourashava"], fiscal_year, quarter)
    assert len(expected) == 5

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(START, _form(town, run="1"))
    assert len(callbacks) == 1  # the task is sent once the start has committed
    run = DemandRun.objects.get(pourashava=town["pourashava"])
    assert response.status_code == 302
    assert response["Location"] == f"/admin/holding_tax/demandrun/{run.pk}/progress/"
    assert raised_demands(town["pourashava"], fiscal_year, quarter) == expected

    page = _progress(client, run.pk)
    assert attribute(page, "run-status", "data-status") == "done"
    assert attribute(page, "run-status", "data-holdings-done") == "5"
    assert attribute(page, "run-status", "data-holdings-total") == "5"
    assert attribute(page, "run-status", "data-demands-raised") == "5"
    assert 'http-equiv="refresh"' not in page  # done: it stops refreshing
    started = AuditEntry.objects.get(action="holding_tax.demand_run_started")
    assert (started.actor, started.object_id) == (clerk, str(run.pk))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = client.post(START, _form(town, run="1"))
    assert callbacks == []
    assert again["Location"] == f"/admin/holding_tax/demandrun/{run.pk}/progress/"
    assert DemandRun.objects.count() == 1
    assert raised_demands(town["pourashava"], fiscal_year, quarter) == expected
    assert AuditEntry.objects.filter(action__startswith="holding_tax.demand_run_").count() == 1


def test_a_run_in_progress_refreshes_and_a_second_start_leaves_it_to_its_worker(
    client, town, django_capture_on_commit_callbacks
):
    login(client, Role.REVENUE_CLERK, town["pourashava"])
    fiscal_year, quarter = this_quarter()
    run = start_run(
        pourashava=town["pourashava"], fiscal_year=fiscal_year, quarter=quarter, actor=UserFactory()
    )
    page = _progress(client, run.pk)
    assert attribute(page, "run-status", "data-status") == "pending"
    assert 'http-equiv="refresh"' in page

    # A worker has it (a recent sign): starting again sends nothing.
    DemandRun.objects.filter(pk=run.pk).update(status="running", worker_seen_at=run.started_at)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(START, _form(town, run="1"))
    assert callbacks == [] and not Demand.objects.exists()
    assert 'name="resume"' not in _progress(client, run.pk)


def test_a_run_stopped_halfway_resumes_from_where_it_stopped_when_started_again(
    client, town, django_capture_on_commit_callbacks
):
    login(client, Role.REVENUE_CLERK, town["pourashava"])
    fiscal_year, quarter = this_quarter()
    expected = expected_demands(town["pourashava"], fiscal_year, quarter)
    run = start_run(
        pourashava=town["pourashava"], fiscal_year=fiscal_year, quarter=quarter, actor=UserFactory()
    )
    quarter_runs.work_run(run_id=run.pk, stop_after=1)  # the worker stops after one batch
    run.refresh_from_db()
    assert (run.status, run.holdings_done, run.worker_seen_at) == ("running", 2, None)
    first_batch = set(raised_demands(town["pourashava"], fiscal_year, quarter))
    assert len(first_batch) == 2

    page = _progress(client, run.pk)
    assert attribute(page, "run-status", "data-stopped") == "true"
    assert 'name="resume"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(START, _form(town, run="1"))
    assert response["Location"].endswith(f"/{run.pk}/progress/")
    run.refresh_from_db()
    assert (run.status, run.holdings_done, run.demands_raised) == ("done", 5, 5)
    assert raised_demands(town["pourashava"], fiscal_year, quarter) == expected
    assert AuditEntry.objects.filter(action="holding_tax.demand_run_resumed").count() == 1


def test_a_failed_run_shows_its_error_and_resumes_with_the_resume_button(
    client, town, monkeypatch, django_capture_on_commit_callbacks
):
    login(client, Role.SECRETARY, town["pourashava"])
    fiscal_year, quarter = this_quarter()
    expected = expected_demands(town["pourashava"], fiscal_year, quarter)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    real = quarter_runs.execute_run
    monkeypatch.setattr(quarter_runs, "execute_run", broken)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(START, _form(town, run="1"))
    run = DemandRun.objects.get()
    page = _progress(client, run.pk)
    assert attribute(page, "run-status", "data-status") == "failed"
    assert "database went away" in page and 'name="resume"' in page

    monkeypatch.setattr(quarter_runs, "execute_run", real)
    with django_capture_on_commit_callbacks(execute=True):
        resumed = client.post(f"/admin/holding_tax/demandrun/{run.pk}/resume/")
    assert resumed.status_code == 302
    assert attribute(_progress(client, run.pk), "run-status", "data-status") == "done"
    assert raised_demands(town["pourashava"], fiscal_year, quarter) == expected


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.CASHIER])
def test_assessor_and_cashier_may_look_but_not_start(client, town, role):
    login(client, role, town["pourashava"])
    page = client.get(START).content.decode()
    assert 'name="dry_run"' in page and 'name="run"' not in page
    assert client.post(START, _form(town, run="1")).status_code == 403
    assert not DemandRun.objects.exists()


def test_a_clerk_of_another_pourashava_cannot_start_see_or_resume_natores_run(
    client, town, monkeypatch, django_capture_on_commit_callbacks
):
    fiscal_year, quarter = this_quarter()
    run = start_run(
        pourashava=town["pourashava"], fiscal_year=fiscal_year, quarter=quarter, actor=UserFactory()
    )
    gopalganj = make_town(monkeypatch, code="GOP")
    login(client, Role.REVENUE_CLERK, gopalganj["pourashava"])

    assert client.get(f"/admin/holding_tax/demandrun/{run.pk}/progress/").status_code == 404
    assert client.post(f"/admin/holding_tax/demandrun/{run.pk}/resume/").status_code == 404
    assert client.get(f"/admin/holding_tax/demandrun/{run.pk}/change/").status_code in (302, 404)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refused = client.post(START, _form(town, run="1"))  # Natore's id, typed in
    assert refused.status_code == 200 and callbacks == []
    assert "NAT" not in client.get(START).content.decode()
    assert DemandRun.objects.get().status == "pending" and not Demand.objects.exists()


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the set-based path runs on PostgreSQL only"
)
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_panels_run_commits_batches_side_by_side_as_a_real_job(
    client, monkeypatch
):
    # Real transactions: the task is sent when the start commits, and the run works outside any
    # transaction, two batches at a time on their own connections.
    town = make_town(monkeypatch)
    monkeypatch.setattr(generation, "SQL_WORKERS", 2)
    waves, real = [], generation._side_by_side
    monkeypatch.setattr(generation, "_side_by_side", lambda *a: waves.append(len(a[3])) or real(*a))
    login(client, Role.REVENUE_CLERK, town["pourashava"])
    fiscal_year, quarter = this_quarter()
    expected = expected_demands(town["pourashava"], fiscal_year, quarter)

    response = client.post(START, _form(town, run="1"))
    run = DemandRun.objects.get()
    assert response["Location"].endswith(f"/{run.pk}/progress/")
    assert (run.status, run.holdings_done, run.demands_raised) == ("done", 5, 5)
    assert waves == [2]  # batches of 2, 2 side by side, then 1
    assert raised_demands(town["pourashava"], fiscal_year, quarter) == expected
