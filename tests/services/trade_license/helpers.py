"""Test data (rates, an issued licence made directly) and logging in over the API, as the
certificate tests do."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from rest_framework.test import APIClient

from backend.identity.demo import DEMO_PASSWORD
from backend.municipality.fiscal_year import FiscalYear
from services.trade_license.models import (
    ApplicationKind,
    BusinessCategory,
    FeeBasis,
    FeeSlab,
    LateMode,
    LatePolicy,
    LicenceOwner,
    LicenceStatus,
    LicenceTerm,
    SignboardRule,
    TradeApplication,
    TradeLicence,
)
from services.trade_license.services.applying import start
from tests.backend.notifications.outbox import SmsOutbox

D = Decimal
DEMO_CITIZEN = "01711000001"
APPLICATIONS = "/api/v1/me/trade-applications/"
LICENCES = "/api/v1/me/trade-licences/"


def actions_url(number: str) -> str:
    return f"/api/v1/applications/{number}/actions/"


def citizen_logs_in(sms: SmsOutbox, mobile: str = DEMO_CITIZEN) -> APIClient:
    client = APIClient()
    assert client.post("/api/v1/auth/otp/", {"mobile": mobile}, format="json").status_code
    code = sms.code_for(mobile)
    token = client.post("/api/v1/auth/token/", {"mobile": mobile, "code": code}, format="json")
    assert token.status_code == 200, token.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token.json()['access']}")
    return client


def staff_logs_in(username: str) -> APIClient:
    client = APIClient()
    token = client.post(
        "/api/v1/auth/staff-token/",
        {"username": username, "password": DEMO_PASSWORD},
        format="json",
    )
    assert token.status_code == 200, token.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token.json()['access']}")
    return client


def rates_for(pourashava) -> tuple[BusinessCategory, BusinessCategory]:
    grocery = BusinessCategory.objects.create(
        pourashava=pourashava,
        code="RETAIL.GROCERY",
        name_en="Grocery",
        name_bn="মুদি",
        fee_basis=FeeBasis.FLAT,
        requires_inspection=True,
    )
    restaurant = BusinessCategory.objects.create(
        pourashava=pourashava,
        code="FOOD.RESTAURANT",
        name_en="Restaurant",
        name_bn="রেস্তোরাঁ",
        fee_basis=FeeBasis.AREA_SLAB,
        requires_inspection=False,
    )
    FeeSlab.objects.create(
        pourashava=pourashava,
        category=grocery,
        fy_from="2023-24",
        new_fee=D(500),
        renewal_fee=D(400),
    )
    FeeSlab.objects.create(
        pourashava=pourashava,
        category=restaurant,
        fy_from="2023-24",
        upper=D(500),
        new_fee=D(1000),
        renewal_fee=D(800),
    )
    FeeSlab.objects.create(
        pourashava=pourashava,
        category=restaurant,
        fy_from="2023-24",
        lower=D(500),
        new_fee=D(2000),
        renewal_fee=D(1600),
    )
    SignboardRule.objects.create(
        pourashava=pourashava, fy_from="2023-24", basis="per_sqft", value=D(10)
    )
    fy = FiscalYear.of()
    LatePolicy.objects.create(
        pourashava=pourashava,
        fiscal_year=fy.label,
        grace_end_date=date(fy.start_year, 9, 30),
        mode=LateMode.PCT_PER_MONTH,
        rate_pct=D(10),
        cap_pct=D(100),
    )
    return grocery, restaurant


def issued_licence(pourashava, ward, citizen, category, holding, *, fy: FiscalYear) -> TradeLicence:
    """A licence issued for `fy` (one paid term), made directly."""
    licence = TradeLicence.objects.create(
        pourashava=pourashava,
        ward=ward,
        licence_no=f"{pourashava.code}-TL-{fy.label}-{citizen.pk:06d}",
        holder=citizen,
        business_name_en="Karim Store",
        business_name_bn="করিম স্টোর",
        category=category,
        ownership_kind="proprietor",
        premises_holding=holding,
        first_fy=fy.label,
        status=LicenceStatus.ACTIVE,
        valid_from=fy.start,
        valid_to=fy.end,
    )
    LicenceOwner.objects.create(licence=licence, citizen=citizen, share=1)
    detail = start(
        kind=ApplicationKind.NEW,
        licence=licence,
        citizen=citizen,
        actor=citizen.user,
        fy=fy.label,
        years=1,
    )
    TradeApplication.objects.filter(pk=detail.pk).update(open_key=None)
    LicenceTerm.objects.create(
        licence=licence,
        pourashava=pourashava,
        fiscal_year=fy.label,
        application=detail,
        fee=D(500),
        paid_at=timezone.now(),
    )
    return licence
