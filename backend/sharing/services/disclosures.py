"""Writing the disclosure log. Kept to one function so a failure here is one thing to catch
(and one seam the fault-injection test breaks at the database)."""

from django.db import DatabaseError

from backend.sharing.errors import LOG_FAILED, LogWriteFailed
from backend.sharing.models import Disclosure


def write_disclosures(rows: list[Disclosure]) -> None:
    """Insert the rows in the caller's transaction. A failure raises LogWriteFailed (503), which
    rolls that transaction back: nothing is answered that was not logged."""
    try:
        Disclosure.objects.bulk_create(rows)
    except DatabaseError as exc:
        raise LogWriteFailed("disclosure_log_failed", LOG_FAILED) from exc
