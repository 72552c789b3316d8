"""What the holding-tax background jobs (a quarter's demand run, a general reassessment) share:
one worker at a time, and telling a stopped job from a live one.

A task claims its job under a row lock and leaves a sign (`worker_seen_at`) after every batch;
it clears the sign when it stops. A job left unfinished with no recent sign was stopped (its
worker died, was stopped after some batches, or it failed) and may be resumed; a second task
finding a recent sign does nothing.

On PostgreSQL the claim is also a session advisory lock on the worker's connection. The
database drops it the moment that connection dies (a worker killed with SIGKILL, its machine
lost), so a redelivered task (acks_late) takes over a job at once instead of trusting a sign the
dead worker left minutes ago; and while the worker lives, a duplicate delivery cannot get in."""

import zlib
from datetime import timedelta

from django.db import connection, models, transaction
from django.utils import timezone

from services.holding_tax.models import RunStatus

# A worker leaves a sign after every batch (at most a few minutes apart); none for this long
# means it stopped.
STALE_AFTER = timedelta(minutes=15)


def is_stopped(job: models.Model) -> bool:
    """Unfinished with no worker on it: failed, stopped halfway, or lost in the queue."""
    if job.status == RunStatus.DONE:
        return False
    if job.status == RunStatus.FAILED:
        return True
    now = timezone.now()
    if job.worker_seen_at is not None:
        return job.worker_seen_at < now - STALE_AFTER
    if job.status == RunStatus.PENDING:
        return job.started_at < now - STALE_AFTER  # waiting for a worker, or lost in the queue
    return True  # running, and its worker let go of it before finishing


def requeue(job: models.Model) -> None:
    """Mark a stopped job as waiting for a worker again (in the caller's transaction)."""
    job.status = RunStatus.PENDING
    job.save(update_fields=["status"])


def claim(model: type[models.Model], job_id: int) -> models.Model | None:
    """The job, now this worker's; None when it is done or another worker has it."""
    held = _lock(model, job_id)
    if held is False:
        return None  # a live worker's connection holds it
    try:
        with transaction.atomic():
            job = model.objects.select_for_update().select_related("pourashava").get(pk=job_id)
            # Without the lock (SQLite), a recent sign is the only sign of a live worker.
            alive = held is None and job.worker_seen_at is not None and not is_stopped(job)
            if job.status == RunStatus.DONE or alive:
                _unlock(model, job_id, held)
                return None
            job.status = RunStatus.RUNNING
            job.error = ""
            job.worker_seen_at = timezone.now()
            job.save(update_fields=["status", "error", "worker_seen_at"])
    except BaseException:
        _unlock(model, job_id, held)
        raise
    job._advisory_lock_held = held
    return job


def seen(job: models.Model) -> None:
    type(job).objects.filter(pk=job.pk).update(worker_seen_at=timezone.now())


def fail(job: models.Model, error: BaseException) -> None:
    type(job).objects.filter(pk=job.pk).update(
        status=RunStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
    )
    job.refresh_from_db()


def release(job: models.Model) -> None:
    try:
        type(job).objects.filter(pk=job.pk).update(worker_seen_at=None)
    finally:
        _unlock(type(job), job.pk, getattr(job, "_advisory_lock_held", None))


def _lock_keys(model: type[models.Model], job_id: int) -> tuple[int, int]:
    # Two int4 keys: one per job table, then the job's id.
    return zlib.crc32(model._meta.label_lower.encode()) & 0x7FFFFFFF, int(job_id)


def _lock(model: type[models.Model], job_id: int) -> bool | None:
    """PostgreSQL: whether this connection got the job's advisory lock (session-level, so it
    outlives the claim's transaction). Elsewhere None: no such lock."""
    if connection.vendor != "postgresql":
        return None
    keys = _lock_keys(model, job_id)
    with connection.cursor() as cursor:
        # Advisory locks stack within one session: a claim this connection already holds (an
        # unfinished job in this very process) counts as held by another worker.
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND pid = pg_backend_pid() AND classid = %s AND objid = %s AND objsubid = 2)",
            keys,
        )
        if cursor.fetchone()[0]:
            return False
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", keys)
        return bool(cursor.fetchone()[0])


def _unlock(model: type[models.Model], job_id: int, held: bool | None) -> None:
    if not held:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", _lock_keys(model, job_id))
