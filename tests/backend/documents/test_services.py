"""Issuing, superseding and revoking: the register's rules, the stored PDF, and the audit log."""

from decimal import Decimal

import pytest
from django.core.files.storage import default_storage

from backend.common.errors import AppError, Conflict
from backend.common.text import Text
from backend.documents.kinds import get_document_kind, register_document_kind
from backend.documents.models import DocumentStatus, IssuedDocument
from backend.documents.services import ensure_pdf, issue_document, revoke_document
from backend.documents.signing import fields_digest
from backend.identity.models import AuditEntry
from tests.backend.documents.helpers import issue_sample
from tests.factories import CitizenFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_issue_stores_signed_normalised_fields(signing_key, pourashava):
    holder = CitizenFactory()
    document = issue_sample(
        pourashava,
        {"amount": Decimal("1234.50"), "holder_name_bn": "রহিমা"},
        holder=holder,
        actor=UserFactory(),
    )
    document.refresh_from_db()
    assert document.fields == {"amount": "1234.50", "holder_name_bn": "রহিমা"}
    assert document.digest == fields_digest(document.fields).hex()
    assert document.kid == "test1"
    assert document.status == DocumentStatus.VALID
    assert document.holder == holder


def test_number_is_unique_per_pourashava_and_kind(
    signing_key, pourashava, other_pourashava, sample_fields
):
    issue_sample(pourashava, sample_fields, number="X-1")
    with pytest.raises(Conflict) as caught:
        issue_sample(pourashava, sample_fields, number="X-1")
    assert caught.value.code == "document_number_taken"
    assert IssuedDocument.objects.filter(number="X-1").count() == 1
    issue_sample(other_pourashava, sample_fields, number="X-1")  # another tenant's own series


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"kind": "no_such_kind"}, "unknown_document_kind"),
        ({"number": "  "}, "invalid_document_number"),
        ({"language": "fr"}, "invalid_language"),
        ({"fields": {"amount": 12.5}}, "invalid_document_fields"),
    ],
)
def test_bad_issue_requests_are_refused(signing_key, pourashava, sample_fields, kwargs, code):
    arguments = dict(
        kind="sample",
        number="N-1",
        pourashava=pourashava,
        fields=sample_fields,
        language="bn",
        render=False,
    )
    with pytest.raises(AppError) as caught:
        issue_document(**{**arguments, **kwargs})
    assert caught.value.code == code
    assert not IssuedDocument.objects.exists()


def test_supersede_rules(signing_key, pourashava, other_pourashava, sample_fields):
    old = issue_sample(pourashava, sample_fields, number="S-1")
    new = issue_sample(pourashava, sample_fields, number="S-2", supersedes=old)
    old.refresh_from_db()
    assert old.status == DocumentStatus.SUPERSEDED
    assert old.superseded_by == new
    with pytest.raises(Conflict) as caught:  # already replaced
        issue_sample(pourashava, sample_fields, number="S-3", supersedes=old)
    assert caught.value.code == "document_not_supersedable"
    with pytest.raises(AppError) as caught:  # another pourashava's document
        issue_sample(other_pourashava, sample_fields, number="S-4", supersedes=new)
    assert caught.value.code == "supersede_mismatch"
    assert not IssuedDocument.objects.filter(number__in=["S-3", "S-4"]).exists()


def test_revoke_needs_a_reason_and_happens_once(signing_key, pourashava, sample_fields):
    clerk = UserFactory()
    document = issue_sample(pourashava, sample_fields)
    with pytest.raises(AppError) as caught:
        revoke_document(document=document, reason="  ", actor=clerk)
    assert caught.value.code == "revoke_reason_required"
    revoked = revoke_document(document=document, reason="wrong holder", actor=clerk)
    assert (revoked.status, revoked.revoked_by, revoked.revoked_reason) == (
        DocumentStatus.REVOKED,
        clerk,
        "wrong holder",
    )
    assert revoked.revoked_at is not None
    with pytest.raises(Conflict) as caught:
        revoke_document(document=document, reason="again", actor=clerk)
    assert caught.value.code == "document_already_revoked"


def test_issue_supersede_and_revoke_are_audited(signing_key, pourashava, sample_fields):
    clerk = UserFactory()
    old = issue_sample(pourashava, sample_fields, number="A-1", actor=clerk)
    new = issue_sample(pourashava, sample_fields, number="A-2", supersedes=old, actor=clerk)
    revoke_document(document=new, reason="error", actor=clerk)
    entries = AuditEntry.objects.filter(object_type="documents.issueddocument").order_by("id")
    assert [(e.action, e.object_id) for e in entries] == [
        ("document.issued", str(old.pk)),
        ("document.superseded", str(old.pk)),
        ("document.issued", str(new.pk)),
        ("document.revoked", str(new.pk)),
    ]
    assert all(e.actor == clerk and e.pourashava_id == pourashava.pk for e in entries)
    assert entries[3].before["status"] == "valid" and entries[3].after["status"] == "revoked"


def test_pdf_is_rendered_after_commit_and_stored_once(
    signing_key, media, pourashava, sample_fields, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = issue_sample(pourashava, sample_fields, number="P/1", render=True)
    document.refresh_from_db()
    assert document.pdf.name.startswith("documents/NAT/sample/")
    assert default_storage.exists(document.pdf.name)
    stored = document.pdf.read()
    document.pdf.close()
    assert stored.startswith(b"%PDF")
    name = document.pdf.name
    again = ensure_pdf(document=document)  # idempotent: the stored copy, not a new render
    assert again == stored
    document.refresh_from_db()
    assert document.pdf.name == name


def test_kinds_register_once(signing_key):
    title = Text(en="Receipt (test)", bn="রসিদ (পরীক্ষা)")
    kind = register_document_kind("test_receipt", title=title)
    assert get_document_kind("test_receipt") is kind
    register_document_kind("test_receipt", title=title)  # re-import is harmless
    with pytest.raises(ValueError):
        register_document_kind("test_receipt", title=Text(en="Other", bn="অন্য"))
    with pytest.raises(ValueError):
        register_document_kind("Bad Code", title=title)
