"""A licence's life after issue, through the API: renewing twice gives the open application
back; a transfer with the new owner's consent; cancellation asked by the holder; a duplicate
copy; the daily job (expiry on 1 July, reminders from 1 June); staff reports and registers;
the agency dataset and the operator console."""

from datetime import date
from decimal import Decimal

import pytest

from backend.municipality.fiscal_year import FiscalYear
from backend.notifications.backends.memory import clear_outbox
from backend.payments.models import DemandLine
from backend.sharing.registry import shared_dataset
from services.trade_license.models import (
    LicenceStatus,
    LicenceTerm,
    TradeApplication,
    TradeLicence,
)
from services.trade_license.tasks import daily, expire_licences, send_reminders
from tests.backend.notifications.outbox import SmsOutbox
from tests.factories import CitizenFactory
from tests.services.certificates.helpers import sign_with_fresh_key, use_tmp_media
from tests.services.trade_license.helpers import LICENCES, actions_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    use_tmp_media(settings, tmp_path)
    sign_with_fresh_key(settings)
    settings.SMS_BACKEND = "memory"
    clear_outbox()


def _renew(client, licence, years=1):
    return client.post(f"{LICENCES}{licence.licence_no}/renew/", {"years": years}, format="json")


def test_renewing_twice_returns_the_open_application(world, as_citizen):
    first = _renew(as_citizen, world.licence)
    again = _renew(as_citizen, world.licence, years=3)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["number"] == first.json()["number"]
    assert TradeApplication.objects.filter(licence=world.licence, kind="renewal").count() == 1
    # The demand is split by head; the source tax sits in its own NBR head.
    lines = DemandLine.objects.filter(demand_id=first.json()["pay"]["demand_id"])
    heads = {line.head.code: line.amount for line in lines}
    assert heads["trade_source_tax"] == Decimal("500.00")
    assert heads["trade_license_fee"] == Decimal("400.00") and heads["vat"] == Decimal("60.00")


def test_a_transfer_with_the_new_owners_consent(world, as_citizen):
    sms = SmsOutbox()
    buyer = CitizenFactory(mobile="01711000077")
    asked = as_citizen.post(
        f"{LICENCES}{world.licence.licence_no}/transfer/",
        {"new_owner_mobile": buyer.mobile},
        format="json",
    ).json()
    code = sms.code_for(buyer.mobile)
    as_buyer = world.client_for(buyer.user)
    consented = as_buyer.post(
        f"/api/v1/me/trade-transfers/{asked['number']}/consent/", {"code": code}, format="json"
    )
    assert consented.status_code == 200, consented.content
    assert consented.json()["state"] == "with_officer"
    officer = world.client_for(world.officer)
    approved = officer.post(actions_url(asked["number"]), {"action": "approve"}, format="json")
    assert approved.status_code == 200, approved.content
    # No fee for a transfer in this version: approved means issued to the new holder.
    world.licence.refresh_from_db()
    assert world.licence.holder_id == buyer.pk
    assert world.licence.licence_no == asked["licence_no"]


def test_the_holder_cancels_and_a_cancelled_licence_cannot_be_renewed(world, as_citizen):
    asked = as_citizen.post(
        f"{LICENCES}{world.licence.licence_no}/cancel/", {"reason": "Shop closed"}, format="json"
    ).json()
    officer = world.client_for(world.officer)
    approve = officer.post(actions_url(asked["number"]), {"action": "approve"}, format="json")
    assert approve.status_code == 409  # a cancellation is closed, not approved
    closed = officer.post(actions_url(asked["number"]), {"action": "close"}, format="json")
    assert closed.status_code == 200, closed.content
    world.licence.refresh_from_db()
    assert world.licence.status == LicenceStatus.CANCELLED
    assert _renew(as_citizen, world.licence).status_code == 409


def test_a_duplicate_copy_is_issued_at_once(world, as_citizen):
    done = as_citizen.post(f"{LICENCES}{world.licence.licence_no}/duplicate/", format="json")
    assert done.status_code == 201, done.content
    assert done.json()["state"] == "issued" and done.json()["document_number"]


def test_expiry_on_1_july_is_set_based_and_idempotent(world):
    fy = FiscalYear.of()
    # The world's licence was paid for last year only; a second one is paid for this year.
    other = TradeLicence.objects.get(pk=world.licence.pk)
    other.pk, other.licence_no = None, "TLA-TL-X-1"
    other.save()
    LicenceTerm.objects.create(
        licence=other,
        pourashava=world.pourashava,
        fiscal_year=fy.label,
        application=TradeApplication.objects.first(),
        paid_at="2026-07-01T00:00:00Z",
    )
    cancelled = TradeLicence.objects.get(pk=world.licence.pk)
    cancelled.pk, cancelled.licence_no, cancelled.status = None, "TLA-TL-X-2", "cancelled"
    cancelled.save()
    assert expire_licences(fy.start) == 1
    assert expire_licences(fy.start) == 0  # a rerun changes nothing
    statuses = dict(TradeLicence.objects.values_list("licence_no", "status"))
    assert statuses[world.licence.licence_no] == "expired"
    assert statuses["TLA-TL-X-1"] == "active"
    assert statuses["TLA-TL-X-2"] == "cancelled"
    assert daily()["expired"] == 0


def test_reminders_from_1_june_once(world):
    sms = SmsOutbox()
    fy = FiscalYear.of()
    TradeLicence.objects.filter(pk=world.licence.pk).update(status="active")
    assert send_reminders(date(fy.end.year, 5, 31)) == 0
    assert send_reminders(date(fy.end.year, 6, 1)) == 1
    assert send_reminders(date(fy.end.year, 6, 2)) == 0
    assert world.licence.licence_no in sms.last_to(world.citizen.mobile).body


def test_staff_reports_and_registers(world):
    officer = world.client_for(world.officer)
    TradeLicence.objects.filter(pk=world.licence.pk).update(
        status="expired", valid_to=date(2020, 6, 30)
    )
    defaulters = officer.get("/api/v1/staff/trade-reports/defaulters/").json()["results"]
    assert [d["licence_no"] for d in defaulters] == [world.licence.licence_no]
    csv = officer.get("/api/v1/staff/trade-register/", {"export": "csv"})
    assert csv.status_code == 200
    assert world.licence.licence_no in b"".join(csv.streaming_content).decode()
    xlsx = officer.get("/api/v1/staff/trade-reports/defaulters/", {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    vat = officer.get("/api/v1/staff/trade-reports/vat/", {"month": "2026-07"})
    assert vat.status_code == 200 and vat.json()["head"] == "vat"
    assert (
        officer.get("/api/v1/staff/trade-reports/source-tax/", {"month": "2026-07"}).json()["head"]
        == "trade_source_tax"
    )
    # Another pourashava's staff see nothing of it.
    from backend.identity.models import Role
    from tests.factories import PourashavaFactory, staff_member

    stranger = world.client_for(staff_member(Role.LICENCE_OFFICER, PourashavaFactory(code="ZZZ")))
    assert stranger.get("/api/v1/staff/trade-reports/defaulters/").json()["results"] == []


def test_the_agency_dataset_shows_validity_and_holder_only_when_personal(world):
    dataset = shared_dataset("trade_licence.validity")
    record = dataset.lookup(world.licence.licence_no)
    assert record.fields["business_name_en"] == "Karim Store"
    assert "holder_name_en" not in record.fields
    personal = dataset.lookup(world.licence.licence_no, include_personal=True)
    assert personal.fields["holder_name_en"] == world.citizen.name_en
    assert dataset.lookup("NO-SUCH") is None


def test_quote_endpoint_writes_nothing_and_itemises(world, api):
    response = api.post(
        "/api/v1/trade/quote/",
        {
            "pourashava": "TLA",
            "category": "FOOD.RESTAURANT",
            "kind": "renewal",
            "years": 2,
            "area": "800",
            "arrears_years": 1,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["fiscal_years"]) == 3
    assert Decimal(body["arrears"]) > 0
    assert sum(Decimal(line["amount"]) for line in body["lines"]) == Decimal(body["total"])
