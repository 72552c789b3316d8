"""Printing at the desk: the receipt's signed PDF and a document handed over to the citizen,
each recorded for them as an assisted action; both only inside the citizen's live session."""

import pytest

from backend.common.text import Text
from backend.documents.kinds import find_document_kind, register_document_kind
from backend.documents.services import issue_document
from backend.identity.models import AssistedAction
from backend.payments.models import Payment
from tests.backend.operator_console.conftest import console, open_session, session_url
from tests.services.certificates.helpers import sign_with_fresh_key

pytestmark = pytest.mark.django_db

KIND = "console_test_certificate"


@pytest.fixture(autouse=True)
def _signing(settings):
    sign_with_fresh_key(settings)
    if find_document_kind(KIND) is None:
        register_document_kind(KIND, title=Text(en="Test certificate", bn="পরীক্ষার সনদ"))


def test_receipt_pdf_and_a_document_handed_over(world):
    document = issue_document(
        kind=KIND,
        number="NAT-T-000001",
        pourashava=world.natore,
        fields={"name": "Abdul Karim"},
        language="bn",
        holder=world.citizen,
        render=False,
    )
    client = console(world.operator)
    session = open_session(client, world.citizen, world.centre, world.natore)
    page = client.get(session_url("session", session)).content.decode()
    assert "NAT-T-000001" in page and "পরীক্ষার সনদ" in page

    handed = client.post(session_url("hand-over", session, document.pk))
    assert handed.status_code == 200 and handed["Content-Type"] == "application/pdf"
    assert handed.content.startswith(b"%PDF")

    client.post(session_url("pay", session), {"demand": world.demand.pk})
    number = Payment.objects.get().receipt.number
    pdf = client.post(session_url("receipt-pdf", session, number))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    done = set(AssistedAction.objects.filter(session=session).values_list("action", flat=True))
    assert {"console.document_handed_over", "console.receipt_printed"} <= done

    # Once the session is over, nothing more is printed for the citizen.
    client.post(session_url("end", session))
    assert client.post(session_url("hand-over", session, document.pk)).status_code == 403
    assert client.post(session_url("receipt-pdf", session, number)).status_code == 403
    assert client.get(session_url("receipt", session, number)).status_code == 403
