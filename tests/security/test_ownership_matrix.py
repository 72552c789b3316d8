"""The tenant and ownership matrix (tests/security/matrix.py) over every operation of the API
schema that names an object: no actor gets another's data or changes it. And the matrix's own
guarantee: an operation it cannot fill fails, and a view that forgets scoping is caught."""

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from tests.security import matrix
from tests.security.world import build

OPERATIONS = matrix.operations()


def _fresh_signing_key() -> str:
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return f"matrix1:{base64.b64encode(raw).decode()}"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One data set for the whole module, built in a transaction rolled back at the end (each
    test runs in a savepoint inside it, so nothing a test does reaches the next)."""
    overrides = override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("matrix-media")),
        STORAGES={
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        },
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        DOCUMENT_SIGNING_KEYS=_fresh_signing_key(),
        DOCUMENT_VERIFY_KEYS="",
    )
    with django_db_blocker.unblock(), overrides:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_the_schema_is_read_and_every_operation_naming_an_object_can_be_filled():
    assert len(OPERATIONS) >= 80  # the generator sees the whole API, not an empty schema
    unknown = {op.key: matrix.unfillable(op) for op in OPERATIONS if matrix.unfillable(op)}
    assert unknown == {}, "add these to tests/security/matrix.py (FILL_*, QUERY_*, or PUBLIC)"


@pytest.mark.django_db
@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_no_actor_reaches_another_owners_objects(world, op):
    outcome = matrix.probe(op, world)
    assert outcome.leaks == []
    assert outcome.unreachable == []


@pytest.mark.django_db
def test_the_matrix_catches_a_view_that_forgets_scoping(world):
    ops = {op.key: op for op in matrix.operations(urlconf="tests.security.leaky_urls")}
    unknown = ops["GET /api/v1/leaky/entries/{entry_id}/"]
    assert matrix.unfillable(unknown) == ["path parameter 'entry_id'"]
    assert matrix.probe(unknown, world).leaks  # not probed, but failed: never skipped

    leaky = ops["GET /api/v1/leaky/holdings/{holding_id}/"]
    with override_settings(ROOT_URLCONF="tests.security.leaky_urls"):
        leaks = matrix.probe(leaky, world).leaks
    assert any("as citizen2 on x1" in leak for leak in leaks), leaks
    assert any("as cashier@BBB on x1" in leak for leak in leaks), leaks
    assert not any("as anonymous" in leak for leak in leaks)  # 401: no data

    listing = ops["GET /api/v1/leaky/holdings/"]
    with override_settings(ROOT_URLCONF="tests.security.leaky_urls"):
        leaks = matrix.probe(listing, world).leaks
    assert any("as cashier@BBB: x1's ['Matrix-x1']" in leak for leak in leaks), leaks
    assert any("as councillor@AAA-1: x3's ['Matrix-x3']" in leak for leak in leaks), leaks

    sneaky = ops["POST /api/v1/leaky/holdings/{holding_id}/touch/"]
    with override_settings(ROOT_URLCONF="tests.security.leaky_urls"):
        leaks = matrix.probe(sneaky, world).leaks
    # Every answer is a 404, but the write is seen: by the first actor to send it, only.
    assert len(leaks) == 3, leaks  # one per object set (once touched, a holding stays so)
    assert all("changed ['property_holding']" in leak for leak in leaks), leaks
