"""A quarter's holding-tax demand run whose database connection is killed midway (from another
connection, with `pg_terminate_backend`), then run again: it resumes and ends with exactly the
demands an uninterrupted run raises, none lost, none twice."""

import pytest
from django.db import OperationalError, connection

from backend.municipality.fiscal_year import FiscalYear
from backend.payments.models import Demand
from services.holding_tax.models import DemandRun, RunStatus
from services.holding_tax.services import generation
from services.holding_tax.services import generation_sql as bulk_sql
from services.holding_tax.services.assessment import assess_holding
from services.holding_tax.services.generation import execute_run, start_run
from tests.factories import PourashavaFactory, UserFactory, WardFactory
from tests.faults.conftest import kill_my_connection, needs_postgres
from tests.services.property.helpers import make_holding

pytestmark = needs_postgres
FY = FiscalYear(2025)
HOLDINGS = 11  # batches of 2: six batches, three waves of two side by side


@pytest.fixture
def towns(monkeypatch):
    """Two pourashavas with the same holdings and assessments: one runs undisturbed, the
    other has its connection killed."""
    monkeypatch.setattr(generation, "SQL_BATCH", 2)
    monkeypatch.setattr(generation, "SQL_WORKERS", 2)
    clerk = UserFactory()
    built = {}
    for code in ("NAT", "GOP"):
        pourashava = PourashavaFactory(code=code)
        ward = WardFactory(pourashava=pourashava, number=1)
        for n in range(1, HOLDINGS + 1):
            holding = make_holding(ward, str(n))
            assess_holding(holding=holding, fiscal_year=FiscalYear(2024), actor=clerk)
        built[code] = pourashava
    return built, clerk


def _run(pourashava, clerk):
    return execute_run(start_run(pourashava=pourashava, fiscal_year=FY, quarter=3, actor=clerk))


def _raised(pourashava) -> list[tuple]:
    """What was raised, comparable across the two towns: holding reference, heads, amounts."""
    rows = []
    for demand in Demand.objects.filter(pourashava=pourashava).prefetch_related("lines"):
        lines = tuple(sorted((line.head_id, line.amount) for line in demand.lines.all()))
        holding = demand.object_label.split("-", 1)[1]  # "NAT-1-1": the town code aside
        rows.append((holding, demand.fiscal_year, demand.due_date, lines))
    return sorted(rows)


def test_a_killed_run_resumes_to_what_an_undisturbed_run_raises(towns, monkeypatch):
    built, clerk = towns
    undisturbed = _run(built["GOP"], clerk)
    assert (undisturbed.status, undisturbed.demands_raised) == (RunStatus.DONE, HOLDINGS)

    real, calls = bulk_sql.raise_batch, []

    def killed_in_the_fourth_batch(**kwargs):
        calls.append(kwargs["after"])
        raised = real(**kwargs)  # its demands are written, in its open transaction...
        if len(calls) == 4:
            kill_my_connection()  # ...when the connection dies, before the commit
        return raised

    monkeypatch.setattr(bulk_sql, "raise_batch", killed_in_the_fourth_batch)
    with pytest.raises(OperationalError):
        _run(built["NAT"], clerk)
    connection.close()  # the test's own connection is untouched; start clean anyway

    stopped = DemandRun.objects.get(pourashava=built["NAT"])
    assert stopped.status != RunStatus.DONE
    # What the run reports done is exactly what is in the database: a prefix of whole batches.
    on_file = Demand.objects.filter(pourashava=built["NAT"]).count()
    assert 0 < stopped.demands_raised == on_file < HOLDINGS

    monkeypatch.setattr(bulk_sql, "raise_batch", real)
    resumed = _run(built["NAT"], clerk)  # the operator runs it again
    assert (resumed.pk, resumed.status) == (stopped.pk, RunStatus.DONE)
    assert (resumed.holdings_done, resumed.demands_raised) == (HOLDINGS, HOLDINGS)
    assert _raised(built["NAT"]) == _raised(built["GOP"])
    assert Demand.objects.filter(pourashava=built["NAT"]).count() == HOLDINGS
