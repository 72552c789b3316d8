"""A quarter's demand run as a background job: started from the panel, the beat schedule or an
operator's command, worked by a Celery task, resumed when it stopped.

Starting is idempotent by the run's unique key (pourashava, fiscal year, quarter): starting a
quarter that is done, or being worked, changes nothing; starting one that stopped (its worker
died, or it failed) resumes it from the last holding done. One worker at a time (see jobs.py).
"""

import logging

from django.db import transaction
from django.utils import timezone

from backend.identity.audit import record_audit
from backend.identity.models import User
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from services.holding_tax.models import DemandRun
from services.holding_tax.services import jobs
from services.holding_tax.services.generation import execute_run, start_run

logger = logging.getLogger(__name__)


def start_quarter(
    *,
    pourashava: Pourashava,
    fiscal_year: FiscalYear,
    quarter: int,
    actor: User | None,
    request=None,
) -> tuple[DemandRun, bool]:
    """The quarter's run, and whether a task was sent to work it: yes for a new run or one that
    stopped, no for one done or being worked. `actor` None: the beat schedule."""
    with transaction.atomic():
        existed = DemandRun.objects.filter(
            pourashava=pourashava, fiscal_year=fiscal_year.label, quarter=quarter
        ).exists()
        run = start_run(
            pourashava=pourashava, fiscal_year=fiscal_year, quarter=quarter, actor=actor
        )
        if existed and not jobs.is_stopped(run):
            return run, False
        _queue(run, actor=actor, request=request, resumed=existed)
    return run, True


def resume_run(*, run: DemandRun, actor: User, request=None) -> bool:
    """Send a stopped run back to a worker; False when it is done or being worked."""
    with transaction.atomic():
        run = DemandRun.objects.select_for_update().get(pk=run.pk)
        if not jobs.is_stopped(run):
            return False
        _queue(run, actor=actor, request=request, resumed=True)
    return True


def _queue(run: DemandRun, *, actor: User | None, request, resumed: bool) -> None:
    if resumed:
        jobs.requeue(run)
    record_audit(
        actor=actor,
        action="holding_tax.demand_run_resumed" if resumed else "holding_tax.demand_run_started",
        obj=run,
        pourashava=run.pourashava_id,
        after={
            "quarter": f"{run.fiscal_year} Q{run.quarter}",
            "holdings_total": run.holdings_total,
            "holdings_done": run.holdings_done,
            "by": "beat schedule" if actor is None else actor.username,
        },
        request=request,
    )
    run_id = run.pk

    def dispatch() -> None:
        from services.holding_tax.tasks import work_demand_run

        work_demand_run.delay(run_id)

    # robust: a broker outage must not undo the start; the run then shows as stopped (resume).
    transaction.on_commit(dispatch, robust=True)


def work_run(*, run_id: int, stop_after: int | None = None) -> DemandRun | None:
    """Work the run to its end (or `stop_after` batches); None when another worker has it or it
    is done. A failure is recorded on the run (failed, with the error) for a clerk to resume."""
    run = jobs.claim(DemandRun, run_id)
    if run is None:
        return None
    try:
        return execute_run(run, progress=jobs.seen, stop_after=stop_after)
    except Exception as error:
        logger.exception("demand run %s failed", run_id)
        jobs.fail(run, error)
        return run
    finally:
        jobs.release(run)


def start_quarter_everywhere(*, day=None) -> list[int]:
    """The quarter `day` (default today, in Dhaka) falls in, started for every active
    pourashava by the beat schedule: one task per pourashava. Returns their ids."""
    day = day or timezone.localdate()
    fiscal_year = FiscalYear.of(day)
    quarter = fiscal_year.quarter_of(day)
    ids = list(
        Pourashava.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)
    )
    from services.holding_tax.tasks import start_quarter_for

    for pourashava_id in ids:
        start_quarter_for.delay(pourashava_id, fiscal_year.label, quarter)
    return ids
