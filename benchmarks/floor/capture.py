"""Record what SQL an endpoint runs, in the benchmark process, for the floor view to replay."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

# Transaction control is the ORM's bookkeeping, not the endpoint's reads: the floor replays
# reads in autocommit, as the endpoints (ATOMIC_REQUESTS off) run them.
_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT")


def capture(call: Callable[[], object]) -> list[str]:
    """The statements `call()` runs, with their parameters inlined by the driver."""
    with CaptureQueriesContext(connection) as captured:
        call()
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(_CONTROL)]
