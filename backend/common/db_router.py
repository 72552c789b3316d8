"""Read replicas: reads the monitor and exports make may go to a PostgreSQL replica, and nothing
else ever does.

A replica lags its primary, so a read from it must never decide a write. Hence reads go there
only when asked for, around code that only reads (`with replica_reads():` in the monitor's and
the exports' read paths), and even then not:
- inside a transaction on the primary (a use-case's reads in transaction.atomic stay with its
  writes and locks);
- for select_for_update (Django sends locking reads to db_for_write: always the primary);
and every write goes to the primary. With no `replica` database configured
(REPLICA_DATABASE_URL unset) the router changes nothing."""

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections

REPLICA = "replica"
PRIMARY = "default"

_reads_from_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "reads_from_replica", default=False
)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads in this block (this thread or task only) may be served by the replica."""
    token = _reads_from_replica.set(True)
    try:
        yield
    finally:
        _reads_from_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        if not _reads_from_replica.get() or not replica_configured():
            return None  # Django's default: the primary
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY  # a write path: its reads stay with its writes
        return REPLICA

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica mirrors the primary: an object read from one relates to the other's.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        # The replica gets its schema by replication, never by migrate.
        return False if db == REPLICA else None
