from decimal import Decimal

import pytest

from backend.identity.models import Role
from backend.municipality.fiscal_year import FiscalYear
from backend.payments.services.counter import collect_cash
from services.holding_tax.services.assessment import assess_holding
from services.holding_tax.services.generation import execute_run, start_run
from tests.backend.documents.helpers import pdf_text, qr_texts
from tests.factories import CitizenFactory, UserFactory, WardFactory, staff_member
from tests.services.property.helpers import make_holding

pytestmark = pytest.mark.django_db


def test_clearance_only_when_nothing_is_due_and_its_qr_verifies(
    api, django_capture_on_commit_callbacks
):
    holding = make_holding(WardFactory())
    owner = CitizenFactory(mobile="01711000001")
    fiscal_year = FiscalYear.of(None)
    assess_holding(holding=holding, fiscal_year=fiscal_year, actor=UserFactory())
    execute_run(
        start_run(
            pourashava=holding.pourashava, fiscal_year=fiscal_year, quarter=1, actor=UserFactory()
        )
    )
    api.force_authenticate(owner.user)
    url = f"/api/v1/me/holdings/{holding.pk}/clearance/"
    refused = api.post(url, {"language": "bn"}, format="json", HTTP_ACCEPT_LANGUAGE="bn")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "holding_has_dues"

    cashier = staff_member(Role.CASHIER, holding.pourashava)
    collect_cash(
        collector=cashier, pourashava=holding.pourashava, payer=owner, amount=Decimal("5850.00")
    )
    with django_capture_on_commit_callbacks(execute=True):
        issued = api.post(url, {"language": "bn"}, format="json").json()
    assert issued["valid_until"] == str(fiscal_year.end)

    pdf = api.get(issued["pdf"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    # Vowel signs drawn before their letter do not survive text extraction (see
    # tests/backend/documents/test_rendering.py), so check words without them.
    assert holding.reference in text and "প্রত্যয়নপত্র" in text
    assert fiscal_year.label in text
    [token_url] = qr_texts(pdf.content)
    assert token_url == issued["verify_url"]
    token = token_url.rsplit("/", 1)[-1]
    verdict = api.get(f"/api/v1/verify/{token}/").json()
    assert verdict["genuine"] is True and verdict["status"] == "valid"
    assert verdict["fields"]["holding"] == holding.reference

    api.force_authenticate(CitizenFactory().user)  # someone else cannot download it
    assert api.get(issued["pdf"]).status_code == 404
