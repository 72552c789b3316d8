"""Celery tasks for uploads."""

from datetime import timedelta

from celery import shared_task


@shared_task(acks_late=True, name="uploads.purge_orphan_files")
def purge_orphan_files_task(older_than_hours: int = 24) -> int:
    """Daily from beat: files whose upload row never committed (see orphans.py)."""
    from backend.uploads.orphans import purge_orphan_files

    return len(purge_orphan_files(older_than=timedelta(hours=older_than_hours)))
