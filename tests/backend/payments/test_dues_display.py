"""The dues answer's display forms, made once per value and language (serializers._Shown) and its
credits read by hand (selectors.credits_of): each form is still exactly what backend.common
.display gives for that value in the request's language, and the credits are the ORM's, in
its order."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from backend.common import display
from backend.payments import selectors
from backend.payments.api import labels
from backend.payments.models import Credit, Payment, period_label
from tests.backend.payments.factories import arrear_year, demand_for, today
from tests.factories import CitizenFactory, PourashavaFactory

pytestmark = pytest.mark.django_db

DUES = "/api/v1/me/dues/"


def _logged_in(user, language: str) -> APIClient:
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    return client


def _credit(pourashava, citizen, reference: str, amount: str, refunded: str, at) -> Credit:
    payment = Payment.objects.create(
        pourashava=pourashava,
        citizen=citizen,
        channel="nagad",
        reference=reference,
        amount=Decimal(amount),
        status="credited",
    )
    return Credit.objects.create(
        pourashava=pourashava,
        citizen=citizen,
        payment=payment,
        amount=Decimal(amount),
        amount_refunded=Decimal(refunded),
        reason="bill already paid",
        status="open",
        created_at=at,
    )


@pytest.mark.parametrize("language", ["bn", "en"])
def test_every_display_form_is_the_one_display_gives_in_the_request_language(
    citizen, pourashava, language
):
    # Several demands sharing due dates, amounts and periods (what the memo reuses), and not.
    for _ in range(3):
        demand_for(citizen, pourashava, {"holding_tax": "400.00", "conservancy": "100.00"})
    demand_for(
        citizen,
        pourashava,
        {"holding_tax": "1234567.50"},
        fiscal_year=arrear_year(),
        due_date=today() - timedelta(days=400),
    )
    _credit(pourashava, citizen, "NATPDISP1", "150.00", "50.00", timezone.now())
    body = _logged_in(citizen.user, language).get(DUES, {"lines": "1"}).json()

    with translation.override(language):
        assert body["total_display"] == display.amount(Decimal(body["total"]), language)
        demands = [d for p in body["pourashavas"] for s in p["services"] for d in s["demands"]]
        assert len(demands) == 4
        for d in demands:
            due = date.fromisoformat(d["due_date"])
            quarter, month = None, None
            assert d["period"] == period_label(d["fiscal_year"], quarter, month)
            assert d["period_display"] == display.period(d["fiscal_year"], quarter, month)
            assert d["due_date_display"] == display.day(due)
            assert d["outstanding_display"] == display.amount(Decimal(d["outstanding"]))
            assert d["status_label"] == labels.demand_status(d["status"])
            assert d["service_name"] == labels.service_name(d["service_code"])
            assert d["object_display"] == labels.object_display(
                d["object_type"], d["object_id"], d["object_label"], d["service_code"]
            )
            for line in d["lines"]:
                assert line["amount_display"] == display.amount(Decimal(line["amount"]))
                assert line["paid_display"] == display.amount(Decimal(line["paid"]))
        (credit,) = body["credits"]
        assert credit["remaining"] == "100.00"
        assert credit["remaining_display"] == display.amount(Decimal("100.00"))
        assert body["credit_total_display"] == display.amount(Decimal("100.00"))
    if language == "bn":
        assert "৳ ১২,৩৪,৫৬৭.৫০" in {d["outstanding_display"] for d in demands}
    else:
        assert "Tk 12,34,567.50" in {d["outstanding_display"] for d in demands}


def test_credits_read_by_hand_are_the_orms_in_its_order(citizen, pourashava):
    other_town = PourashavaFactory(code="GOP", name_en="Gopalganj", name_bn="গোপালগঞ্জ")
    now = timezone.now()
    _credit(pourashava, citizen, "NATPCR1", "100.00", "0.00", now - timedelta(days=2))
    _credit(other_town, citizen, "GOPPCR2", "75.50", "25.50", now)
    _credit(pourashava, citizen, "NATPCR3", "10.00", "0.00", now)  # same time: by id, newest
    _credit(pourashava, CitizenFactory(), "NATPCR4", "99.00", "0.00", now)  # someone else's

    by_hand = selectors.credits_of(citizen)
    orm = list(
        Credit.objects.filter(citizen=citizen)
        .select_related("pourashava", "payment")
        .order_by("-created_at", "-pk")
    )
    assert [c.pk for c in by_hand] == [c.pk for c in orm]
    for mine, theirs in zip(by_hand, orm, strict=True):
        for field in Credit._meta.concrete_fields:
            assert getattr(mine, field.attname) == getattr(theirs, field.attname), field.name
        assert mine.remaining == theirs.remaining
        assert (mine.pourashava.code, mine.pourashava.name_bn) == (
            theirs.pourashava.code,
            theirs.pourashava.name_bn,
        )
        assert mine.payment.reference == theirs.payment.reference
    assert [c.payment.reference for c in by_hand] == ["NATPCR3", "GOPPCR2", "NATPCR1"]
