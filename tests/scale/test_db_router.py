"""Reads routed to the read replica never serve a write path.

The `replica` alias here is a second database alias mirroring the test database (as
REPLICA_DATABASE_URL + TEST MIRROR set it up in settings); which alias served a query is seen on
each alias's own connection."""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from backend.common.db_router import REPLICA, ReplicaRouter, replica_reads
from backend.municipality.models import Pourashava
from tests.factories import PourashavaFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture(autouse=True)
def _replica_alias():
    assert REPLICA in connections.settings, "tests/scale/conftest.py declares the replica alias"


def _served(call):
    """(queries on default, queries on the replica) while `call()` runs."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        result = call()
    return result, len(primary.captured_queries), len(replica.captured_queries)


def test_reads_go_to_the_replica_only_when_asked_for():
    PourashavaFactory.create_batch(2)
    count, primary, replica = _served(lambda: Pourashava.objects.count())
    assert (count, primary, replica) == (2, 1, 0)

    def asked():
        with replica_reads():
            return Pourashava.objects.count()

    count, primary, replica = _served(asked)
    assert (count, primary, replica) == (2, 0, 1)


def test_inside_a_transaction_reads_stay_with_the_writes():
    def write_path():
        with replica_reads(), transaction.atomic():
            pourashava = PourashavaFactory()
            seen = Pourashava.objects.filter(pk=pourashava.pk).exists()  # its own uncommitted row
            locked = Pourashava.objects.select_for_update().get(pk=pourashava.pk)
            locked.name_en = "Changed"
            locked.save()
            return seen

    seen, primary, replica = _served(write_path)
    assert seen is True
    assert replica == 0 and primary >= 4


def test_writes_after_a_replica_read_go_to_the_primary():
    pourashava = PourashavaFactory(name_en="Before")

    def read_then_write():
        with replica_reads():
            found = Pourashava.objects.get(pk=pourashava.pk)  # served by the replica
            found.name_en = "After"
            found.save()  # a write: the primary, whatever the instance was read from
            Pourashava.objects.filter(pk=pourashava.pk).update(description="x")
            return found

    _, primary, replica = _served(read_then_write)
    assert replica == 1 and primary == 2
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT name_en, description FROM municipality_pourashava WHERE id = %s",
            [pourashava.pk],
        )
        assert cursor.fetchone() == ("After", "x")


def test_locking_reads_never_go_to_the_replica():
    pourashava = PourashavaFactory()

    def lock():
        with replica_reads(), transaction.atomic():
            return Pourashava.objects.select_for_update().get(pk=pourashava.pk)

    _, primary, replica = _served(lock)
    assert replica == 0 and primary >= 1


def test_the_replica_is_never_migrated_and_writes_always_go_to_the_primary():
    router = ReplicaRouter()
    assert router.allow_migrate(REPLICA, "payments") is False
    assert router.allow_migrate("default", "payments") is None
    with replica_reads():
        assert router.db_for_write(Pourashava) == "default"
