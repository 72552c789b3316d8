"""Verification reads the register row with a SELECT compiled once per thread: it must answer
exactly as the ORM would, read the row afresh on every scan (a revocation shows at once), and
treat a signed id that names no row, up to the largest a token can carry, as unknown."""

import pytest

from backend.documents.models import IssuedDocument
from backend.documents.services import revoke_document
from backend.documents.signing import make_short_token
from backend.documents.verification import verify_token
from tests.backend.documents.helpers import issue_sample
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_reads_the_row_as_the_orm_does_and_afresh_each_time(signing_key, pourashava, sample_fields):
    document = issue_sample(pourashava, sample_fields)
    first = verify_token(document.token)
    stored = IssuedDocument.objects.select_related("pourashava").get(pk=document.pk)
    assert (first.genuine, first.status) == (True, "valid")
    for name in ("pk", "kind", "number", "fields", "digest", "kid", "issued_at", "status"):
        assert getattr(first.document, name) == getattr(stored, name), name
    assert first.document.pourashava.name_bn == "নাটোর পৌরসভা"

    revoke_document(document=document, reason="wrong data", actor=UserFactory())
    again = verify_token(document.token)
    assert (again.genuine, again.status) == (True, "revoked")


@pytest.mark.parametrize("document_id", [10**9, 2**63 - 1])
def test_a_signed_id_with_no_row_is_unknown(signing_key, sample_fields, document_id):
    token, _ = make_short_token(document_id=document_id, fields=sample_fields)
    result = verify_token(token)
    assert (result.genuine, result.code) == (False, "unknown_document")
