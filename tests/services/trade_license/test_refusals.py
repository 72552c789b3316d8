"""Each refusal the issue names: a clear bilingual 4xx, and nothing written."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from backend.payments.models import Demand
from backend.workflow.models import ActionLog, Application
from services.trade_license.models import (
    FeeSlab,
    LicenceStatus,
    TradeApplication,
    TradeLicence,
)
from tests.factories import PourashavaFactory, WardFactory
from tests.services.property.helpers import make_holding
from tests.services.trade_license.helpers import APPLICATIONS, LICENCES, actions_url

pytestmark = pytest.mark.django_db


def _counts() -> tuple:
    return (
        Application.objects.count(),
        ActionLog.objects.count(),
        TradeApplication.objects.count(),
        TradeLicence.objects.count(),
        Demand.objects.count(),
        FeeSlab.objects.count(),
    )


def _refused(client, method, url, body, *, code, status, fmt="json"):
    before = _counts()
    response = getattr(client, method)(url, body, format=fmt)
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code
    in_bangla = getattr(client, method)(url, body, format=fmt, HTTP_ACCEPT_LANGUAGE="bn")
    assert in_bangla.json()["error"]["code"] == code
    assert in_bangla.json()["error"]["message"] != response.json()["error"]["message"]
    assert any("\u0980" <= ch <= "\u09ff" for ch in in_bangla.json()["error"]["message"])
    assert _counts() == before, "a refused request wrote something"
    return response


def test_renewing_a_cancelled_licence(world, as_citizen):
    TradeLicence.objects.filter(pk=world.licence.pk).update(status=LicenceStatus.CANCELLED)
    _refused(
        as_citizen,
        "post",
        f"{LICENCES}{world.licence.licence_no}/renew/",
        {"years": 1},
        code="licence_cancelled",
        status=409,
    )


def test_an_expired_licence_stays_renewable(world, as_citizen):
    TradeLicence.objects.filter(pk=world.licence.pk).update(status=LicenceStatus.EXPIRED)
    response = as_citizen.post(
        f"{LICENCES}{world.licence.licence_no}/renew/", {"years": 1}, format="json"
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("years", [0, 6, "x"])
def test_years_outside_one_to_five(world, as_citizen, years):
    _refused(
        as_citizen,
        "post",
        f"{LICENCES}{world.licence.licence_no}/renew/",
        {"years": years},
        code="years_out_of_range",
        status=400,
    )
    _refused(
        as_citizen,
        "post",
        "/api/v1/trade/quote/",
        {"pourashava": "TLA", "category": "RETAIL.GROCERY", "kind": "new", "years": years},
        code="years_out_of_range",
        status=400,
    )


def test_a_fee_schedule_with_a_gap(world):
    officer = world.client_for(world.officer)
    csv = (
        "category,fy_from,lower,upper,new_fee,renewal_fee\n"
        "FOOD.RESTAURANT,2030-31,0,500,1000,800\n"
        "FOOD.RESTAURANT,2030-31,600,,2000,1600\n"
    )

    def body():
        return {"file": SimpleUploadedFile("fees.csv", csv.encode())}

    before = _counts()
    response = officer.post("/api/v1/staff/trade-fee-schedules/", body(), format="multipart")
    assert response.status_code == 400 and response.json()["error"]["code"] == "fee_schedule_gap"
    assert (
        "500" in response.json()["error"]["message"]
        and "600" in response.json()["error"]["message"]
    )
    bangla = officer.post(
        "/api/v1/staff/trade-fee-schedules/", body(), format="multipart", HTTP_ACCEPT_LANGUAGE="bn"
    )
    assert "ফাঁক" in bangla.json()["error"]["message"]
    assert _counts() == before


def test_a_fee_schedule_with_an_overlap_and_a_good_one(world):
    officer = world.client_for(world.officer)
    overlap = (
        "category,fy_from,lower,upper,new_fee,renewal_fee\n"
        "FOOD.RESTAURANT,2030-31,0,500,1000,800\n"
        "FOOD.RESTAURANT,2030-31,400,,2000,1600\n"
    )
    response = officer.post(
        "/api/v1/staff/trade-fee-schedules/",
        {"file": SimpleUploadedFile("fees.csv", overlap.encode())},
        format="multipart",
    )
    assert response.json()["error"]["code"] == "fee_schedule_overlap"
    good = overlap.replace(",400,", ",500,") + (
        "SHOP.NEW,2030-31,0,,300,250,,New shop,নতুন দোকান,flat,no\n"
    )
    good = good.replace(
        "renewal_fee\n", "renewal_fee,gazette_ref,name_en,name_bn,fee_basis,requires_inspection\n"
    )
    response = officer.post(
        "/api/v1/staff/trade-fee-schedules/",
        {"file": SimpleUploadedFile("fees.csv", good.encode())},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json() == {"slabs": 3}
    assert FeeSlab.objects.filter(fy_from="2030-31", category__code="SHOP.NEW").count() == 1


def test_premises_in_another_pourashava(world, as_citizen):
    elsewhere = WardFactory(pourashava=PourashavaFactory(code="OTH"), number=1)
    holding = make_holding(elsewhere, number="77")
    _refused(
        as_citizen,
        "post",
        APPLICATIONS,
        {
            "pourashava": "TLA",
            "category": "RETAIL.GROCERY",
            "business_name_en": "Shop",
            "business_name_bn": "দোকান",
            "premises": {"holding": holding.pk},
        },
        code="premises_other_pourashava",
        status=400,
    )


def test_issue_before_the_payment_is_confirmed(world, as_citizen):
    renewed = as_citizen.post(
        f"{LICENCES}{world.licence.licence_no}/renew/", {"years": 1}, format="json"
    ).json()
    assert renewed["state"] == "payment_due"
    # The applicant (or anyone) asking the engine to move on as "paid" is refused: the
    # demand is checked on the server.
    _refused(
        as_citizen,
        "post",
        actions_url(renewed["number"]),
        {"action": "paid"},
        code="not_paid",
        status=409,
    )
    assert Application.objects.get(number=renewed["number"]).state == "payment_due"


def test_a_transfer_without_the_new_owners_consent(world, as_citizen):
    from tests.factories import CitizenFactory

    buyer = CitizenFactory(mobile="01711000099")
    asked = as_citizen.post(
        f"{LICENCES}{world.licence.licence_no}/transfer/",
        {"new_owner_mobile": buyer.mobile},
        format="json",
    )
    assert asked.status_code == 201, asked.content
    number = asked.json()["number"]
    assert asked.json()["state"] == "awaiting_consent"
    # The holder cannot consent for the buyer through the engine...
    _refused(
        as_citizen,
        "post",
        actions_url(number),
        {"action": "consent"},
        code="consent_required",
        status=409,
    )
    # ...and the buyer with a wrong code is refused too.
    as_buyer = world.client_for(buyer.user)
    _refused(
        as_buyer,
        "post",
        f"/api/v1/me/trade-transfers/{number}/consent/",
        {"code": "000000x"},
        code="consent_code_wrong",
        status=400,
    )
    world.licence.refresh_from_db()
    assert world.licence.holder_id == world.citizen.pk


def test_a_pourashava_cancellation_needs_a_hearing(world):
    officer = world.client_for(world.officer)
    url = f"/api/v1/staff/trade-licences/{world.licence.licence_no}/cancel/"
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    _refused(
        officer,
        "post",
        url,
        {"reasons": "Unsafe", "hearing_on": future},
        code="hearing_required",
        status=400,
    )
    done = officer.post(
        url,
        {"reasons": "Unsafe storage", "hearing_on": timezone.localdate().isoformat()},
        format="json",
    )
    assert done.status_code == 200 and done.json()["status"] == "cancelled"


def test_the_import_command_refuses_a_gap_and_takes_a_good_file(world, tmp_path):
    from django.core.management import CommandError, call_command

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "category,fy_from,lower,upper,new_fee,renewal_fee\n"
        "FOOD.RESTAURANT,2031-32,0,100,1,1\nFOOD.RESTAURANT,2031-32,200,,2,2\n"
    )
    with pytest.raises(CommandError, match="gap"):
        call_command("import_trade_fees", "TLA", str(bad))
    assert not FeeSlab.objects.filter(fy_from="2031-32").exists()
    good = tmp_path / "good.csv"
    good.write_text(bad.read_text().replace(",200,", ",100,"))
    call_command("import_trade_fees", "TLA", str(good))
    assert FeeSlab.objects.filter(fy_from="2031-32").count() == 2
