"""Market shops: let to a tenant at a monthly rent; the monthly run raises each month's rent
demand once (again: nothing new); overdue rent shows as arrears and the tenant gets a bilingual
notice by SMS."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from backend.notifications.backends.memory import clear_outbox
from backend.payments.models import Demand
from services.estate_leases.services.tenancies import raise_rent
from tests.backend.notifications.outbox import SmsOutbox
from tests.services.estate_leases.api_helpers import BASE, client_for, refused
from tests.services.estate_leases.helpers import make_place, make_property

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sms(settings):
    settings.SMS_BACKEND = "memory"
    clear_outbox()
    yield
    clear_outbox()


def test_a_shop_let_rent_raised_monthly_once_arrears_and_notice():
    pourashava, staff = make_place()
    shop = make_property(pourashava, staff.officer, code="S-12", kind="market_shop")
    officer = client_for(staff.officer)
    let = officer.post(
        f"{BASE}tenancies/",
        {
            "property": shop.pk,
            "mobile": "01755000012",
            "name": "Salam Store",
            "monthly_rent": "2500",
            "starts_on": "2026-01-01",
        },
        format="json",
    )
    assert let.status_code == 201, let.content
    refused(
        officer,
        "post",
        f"{BASE}tenancies/",
        {
            "property": shop.pk,
            "mobile": "01755000013",
            "name": "Second",
            "monthly_rent": "2500",
            "starts_on": "2026-01-01",
        },
        code="shop_taken",
        status=409,
    )

    call_command("raise_shop_rent", "--month", "2026-10")
    call_command("raise_shop_rent", "--month", "2026-10")  # again: nothing new
    assert raise_rent(pourashava=pourashava, year=2026, month=11).raised == 1
    demands = Demand.objects.filter(object_type="estate_shop_rent").order_by("due_date")
    assert [(d.due_date, d.lines.get().amount) for d in demands] == [
        (date(2026, 10, 7), Decimal("2500.00")),
        (date(2026, 11, 7), Decimal("2500.00")),
    ]

    arrears = client_for(staff.mayor).get(f"{BASE}tenancies/arrears/").json()["results"]
    assert arrears == [
        {
            "tenancy": let.json()["id"],
            "shop": "S-12",
            "tenant_name": "Salam Store",
            "mobile": "01755000012",
            "arrears": "5000.00",
        }
    ]
    sent = officer.post(
        f"{BASE}tenancies/arrears-notices/", {"pourashava": pourashava.code}, format="json"
    )
    assert sent.json() == {"sent": 1}
    body = SmsOutbox().last_to("01755000012").body
    assert "৫০০০.০০" in body or "5000.00" in body
    assert "বকেয়া" in body and "overdue" in body


def test_only_a_market_shop_is_let():
    pourashava, staff = make_place()
    hat = make_property(pourashava, staff.officer)
    refused(
        client_for(staff.officer),
        "post",
        f"{BASE}tenancies/",
        {
            "property": hat.pk,
            "mobile": "01755000014",
            "name": "X",
            "monthly_rent": "100",
            "starts_on": "2026-01-01",
        },
        code="not_a_shop",
        status=400,
    )
