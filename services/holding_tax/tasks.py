"""Celery tasks of holding tax: thin, idempotent wrappers around services. Each may be delivered
twice (acks_late): the jobs are keyed and claimed, so a second delivery changes nothing."""

from celery import shared_task

from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from services.holding_tax.services import quarter_runs, reassessment


@shared_task(acks_late=True, name="holding_tax.start_quarter_everywhere")
def start_quarter_everywhere() -> list[int]:
    """Beat, on each quarter's first day: start the quarter for every active pourashava."""
    return quarter_runs.start_quarter_everywhere()


@shared_task(acks_late=True, name="holding_tax.start_quarter")
def start_quarter_for(pourashava_id: int, fiscal_year: str, quarter: int) -> int:
    """Start (or leave as it is) one pourashava's quarter; returns the run's id."""
    run, _ = quarter_runs.start_quarter(
        pourashava=Pourashava.objects.get(pk=pourashava_id),
        fiscal_year=FiscalYear.parse(fiscal_year),
        quarter=quarter,
        actor=None,
    )
    return run.pk


@shared_task(acks_late=True, name="holding_tax.work_demand_run")
def work_demand_run(run_id: int, stop_after: int | None = None) -> str | None:
    run = quarter_runs.work_run(run_id=run_id, stop_after=stop_after)
    return run.status if run is not None else None


@shared_task(acks_late=True, name="holding_tax.work_reassessment")
def work_reassessment(job_id: int, stop_after: int | None = None) -> str | None:
    job = reassessment.work_reassessment(job_id=job_id, stop_after=stop_after)
    return job.status if job is not None else None
