"""The audit log: what record_audit stores, snapshot's JSON-safe copies, and that entries can be
neither changed nor deleted (in Python everywhere; on PostgreSQL by a trigger, even in raw SQL)."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from backend.identity.audit import client_address_of, record_audit, snapshot
from backend.identity.models import AssistedAction, AuditEntry, Role
from tests.backend.identity.factories import (  # noqa: F401 (fast_passwords: a fixture)
    AssistedActionFactory,
    AssistedSessionFactory,
    AuditEntryFactory,
    PourashavaFactory,
    UserFactory,
    fast_passwords,
    member,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


def test_record_audit_takes_object_pourashava_request_and_session():
    natore = PourashavaFactory(code="NAT")
    clerk = member(Role.SECRETARY, natore)
    assignment = clerk.roles.get()
    session = AssistedSessionFactory(pourashava=natore)
    request = RequestFactory().post("/x", REMOTE_ADDR="10.1.2.3")
    request.user = clerk
    request.assisted_session = session

    entry = record_audit(
        actor=None,
        action="role.grant",
        obj=assignment,
        before=None,
        after=snapshot(assignment),
        request=request,
    )

    entry.refresh_from_db()
    assert entry.actor == clerk  # taken from the request
    assert entry.object_type == "identity.roleassignment"
    assert entry.object_id == str(assignment.pk)
    assert entry.pourashava == natore  # taken from the object
    assert entry.client_address == "10.1.2.3"
    assert entry.assisted_session == session
    assert entry.after["role"] == Role.SECRETARY
    assert entry.after["pourashava_id"] == natore.pk


def test_record_audit_needs_an_object():
    with pytest.raises(ValueError, match="needs an object"):
        record_audit(actor=None, action="x.y")
    entry = record_audit(actor=None, action="x.y", object_type="payments.bill", object_id=7)
    assert entry.object_id == "7" and entry.pourashava is None


def test_snapshot_is_json_safe_and_leaves_secrets_out():
    user = UserFactory(username="snap")
    data = snapshot(user)
    assert "password" not in data
    assert data["username"] == "snap"
    assert isinstance(data["date_joined"], str)
    json.dumps(data)  # no Decimal, date or UUID left in it

    session = AssistedSessionFactory()
    data = snapshot(session, fields=["id", "expires_at", "citizen"])
    assert set(data) == {"id", "expires_at", "citizen_id"}
    assert data["id"] == str(session.pk)
    assert data["expires_at"] == session.expires_at.isoformat()


def test_jsonable_values_in_before_and_after():
    entry = record_audit(
        actor=None,
        action="bill.adjust",
        object_type="payments.bill",
        object_id="1",
        before={"amount": Decimal("1250.50"), "due": datetime.date(2025, 7, 1)},
        after={"amount": Decimal("1300.00"), "due": datetime.date(2025, 7, 31)},
    )
    entry.refresh_from_db()
    assert entry.before == {"amount": "1250.50", "due": "2025-07-01"}
    assert entry.after == {"amount": "1300.00", "due": "2025-07-31"}


def test_entries_cannot_be_changed_or_deleted_in_python():
    entry = AuditEntryFactory()
    entry.after = {"amount": "0.00"}
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    entry.refresh_from_db()
    assert entry.after == {"amount": "120.00"}


def _refused(sql: str, params: list) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as error:
        assert "append-only" in str(error)
        return True
    return False


@pytest.mark.postgres
def test_postgres_trigger_refuses_update_and_delete_in_raw_sql():
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only (set DATABASE_URL)")
    entry = AuditEntryFactory()
    action = AssistedActionFactory()
    for table, pk in (("identity_auditentry", entry.pk), ("identity_assistedaction", action.pk)):
        assert _refused(f"UPDATE {table} SET action = 'forged' WHERE id = %s", [pk])
        assert _refused(f"DELETE FROM {table} WHERE id = %s", [pk])
    # Bulk queryset calls go the same way.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AssistedAction.objects.filter(pk=action.pk).delete()
    entry.refresh_from_db()
    assert entry.action == "thing.change"
    # Inserting is still allowed.
    assert AuditEntryFactory().pk


def test_client_address_trusts_only_the_configured_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_address_of(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_address_of(request) == "203.0.113.9"  # not the spoofable left-hand entry
    assert client_address_of(RequestFactory().get("/", REMOTE_ADDR="not-an-ip")) is None
