"""Celery tasks of the revenue monitor: thin and idempotent."""

from celery import shared_task

from backend.monitor.services.indicators import compute_recent_quarters
from backend.monitor.services.jobs import build_recent


@shared_task(acks_late=True, name="monitor.build_facts")
def build_facts(snapshot: bool = False) -> dict:
    """Today's and yesterday's facts, plus every day changed late (see services/jobs.py)."""
    return build_recent(snapshot=snapshot)


@shared_task(acks_late=True, name="monitor.compute_indicators")
def compute_indicators() -> int:
    """The computed e-governance indicators of the current and previous quarter."""
    return compute_recent_quarters()
