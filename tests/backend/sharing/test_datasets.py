"""The datasets services register (certificate validity) and the platform's revenue aggregates,
through the same API."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from backend.documents.services import issue_document, revoke_document
from backend.identity.models import Role
from backend.monitor.services.facts import rebuild_day
from backend.municipality.fiscal_year import FiscalYear
from backend.payments.services.counter import collect_cash
from backend.sharing.models import Disclosure
from services.certificates.services.issuing import KIND
from tests.backend.sharing.helpers import agency_api, lookup, make_agency
from tests.factories import CitizenFactory, PourashavaFactory, UserFactory, staff_member
from tests.services.certificates.helpers import sign_with_fresh_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(settings):
    sign_with_fresh_key(settings)
    holder = CitizenFactory()
    with transaction.atomic():
        document = issue_document(
            kind=KIND,
            number="NAT-CC-2026-27-000012",
            pourashava=PourashavaFactory(code="NAT"),
            fields={
                "type_code": "heir",
                "type_name_en": "Heir certificate",
                "type_name_bn": "ওয়ারিশ সনদ",
                "holder_name_en": "Karim Mia",
                "holder_name_bn": "করিম মিয়া",
                "ward": 2,
            },
            language="bn",
            holder=holder,
            valid_until=timezone.localdate() + timedelta(days=90),
            actor=UserFactory(),
            render=False,
        )
    return document


def test_certificate_validity_by_number_without_the_holders_name(certificate):
    bank = make_agency(scopes=("certificates",))
    api = agency_api(bank)
    response = lookup(api, "certificate.validity", certificate.number, "account_opening")
    assert response.status_code == 200
    fields = response.json()["fields"]
    assert fields["status"] == "valid" and fields["type_name_en"] == "Heir certificate"
    assert fields["verification_url"].endswith(certificate.token)
    assert "holder_name_en" not in fields and "Karim" not in response.content.decode()
    assert Disclosure.objects.get().citizen == certificate.holder

    revoke_document(document=certificate, reason="forged copy", actor=UserFactory())
    again = lookup(api, "certificate.validity", certificate.number, "account_opening")
    assert again.json()["fields"]["status"] == "revoked"


def test_revenue_aggregates_by_sector_from_the_revenue_monitor(holding_with_dues, owner):
    pourashava = holding_with_dues.pourashava
    collect_cash(
        collector=staff_member(Role.CASHIER, pourashava),
        pourashava=pourashava,
        payer=owner,
        amount=Decimal("1462.50"),
    )
    rebuild_day(pourashava.pk, timezone.localdate())  # the monitor's beat job, for today
    lgd = make_agency("lgd", scopes=("revenue",), purposes=("revenue_monitoring",))
    api = agency_api(lgd)
    subject = f"NAT:{FiscalYear.of(None).label}"
    response = lookup(api, "revenue.aggregates", subject, "revenue_monitoring")
    assert response.status_code == 200, response.content
    fields = response.json()["fields"]
    assert fields["by_sector"]["holding_tax"]["collected"] == "1462.50"
    assert fields["by_sector"]["water"]["collected"] == "0.00"
    assert fields["own_revenue_collected"] == "1462.50"
    assert fields["source"] == "revenue_monitor"
    assert Disclosure.objects.get().citizen is None  # sums only: nobody's record
    assert lookup(api, "revenue.aggregates", "NAT:2025", "revenue_monitoring").status_code == 404
