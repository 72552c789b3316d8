"""The tender run from the clerk panel: the estate officer makes and publishes a call and
records the bids (a short earnest refused on the form), the committee awards after the deadline
(refused before it), the mayor approves; another pourashava's staff see none of it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from services.estate_leases.models import Bid, Lease, LeaseStatus, TenderCall
from tests.services.estate_leases.helpers import (
    YEAR,
    clock,
    make_place,
    ready_property,
)

pytestmark = pytest.mark.django_db

ADMIN = "/admin/estate_leases/"


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _when(value):
    local = timezone.localtime(value)
    return {"0": local.strftime("%Y-%m-%d"), "1": local.strftime("%H:%M:%S")}


def _split(name, value):
    parts = _when(value)
    return {f"{name}_0": parts["0"], f"{name}_1": parts["1"]}


def _bid(client, call, mobile, name, amount, earnest=None):
    return client.post(
        f"{ADMIN}bid/add/",
        {
            "call": call.pk,
            "property_code": "H1",
            "mobile": mobile,
            "bidder_name": name,
            "amount": amount,
            "earnest_amount": earnest if earnest is not None else amount / 4,
            "security_amount": amount / 20,
            "instrument_ref": "PO-1",
        },
    )


def test_a_tender_run_from_the_panel():
    pourashava, staff = make_place()
    prop = ready_property(pourashava, staff)  # reserve 649,500
    officer = _as(staff.officer)
    assert officer.get(f"{ADMIN}property/").status_code == 200
    page = officer.get(f"{ADMIN}property/{prop.pk}/change/")
    assert page.status_code == 200 and "৬৪৯৫০০.০০" in page.content.decode()  # Bangla panel

    now = timezone.now()
    added = officer.post(
        f"{ADMIN}tendercall/add/",
        {
            "pourashava": pourashava.pk,
            "year": YEAR,
            "schedule_price": "500",
            "properties": [prop.pk],
            **_split("sale_until", now + timedelta(hours=1)),
            **_split("deadline", now + timedelta(hours=2)),
            **_split("opening_at", now + timedelta(hours=3)),
        },
    )
    assert added.status_code == 302, added.content.decode()[:3000]
    call = TenderCall.objects.get()
    changelist = f"{ADMIN}tendercall/"
    officer.post(changelist, {"action": "publish", "_selected_action": [call.pk]})
    call.refresh_from_db()
    assert call.status == "published" and "দরপত্র বিজ্ঞপ্তি" in call.notice_bn

    assert _bid(officer, call, "01711000101", "Winner", 700000).status_code == 302
    assert _bid(officer, call, "01711000102", "Low", 600000).status_code == 302
    short = _bid(officer, call, "01711000103", "Short", 800000, earnest=100000)
    assert short.status_code == 200 and "২৫%" in short.content.decode()  # the panel speaks Bangla
    assert Bid.objects.count() == 2
    listed = officer.get(f"{ADMIN}bid/").content.decode()
    assert "Winner" in listed and "700000" not in listed and "৭০০০০০" not in listed  # sealed

    committee = _as(staff.committee)
    early = committee.post(
        changelist, {"action": "award_winners", "_selected_action": [call.pk]}, follow=True
    )
    assert "সময়সীমার" in early.content.decode() and not Lease.objects.exists()
    with clock(call.deadline + timedelta(minutes=1)):
        committee.post(changelist, {"action": "award_winners", "_selected_action": [call.pk]})
    lease = Lease.objects.get()
    assert lease.bid.bidder_name == "Winner"
    page = committee.get(f"{changelist}{call.pk}/change/").content.decode()
    assert "#১ Winner ৭০০০০০.০০" in page and "#২ Low ৬০০০০০.০০" in page

    _as(staff.mayor).post(f"{ADMIN}lease/", {"action": "approve", "_selected_action": [lease.pk]})
    lease.refresh_from_db()
    assert lease.status == LeaseStatus.APPROVED and lease.demand is not None


def test_another_pourashavas_estate_officer_sees_nothing():
    pourashava, staff = make_place("NAT")
    prop = ready_property(pourashava, staff)
    _, other = make_place("FRD")
    client = _as(other.officer)
    assert prop.name_en not in client.get(f"{ADMIN}property/").content.decode()
    assert client.get(f"{ADMIN}property/{prop.pk}/change/").status_code in (302, 403, 404)


def test_a_hat_bazar_without_the_dc_reference_is_refused_on_the_form():
    pourashava, staff = make_place()
    response = _as(staff.officer).post(
        f"{ADMIN}property/add/",
        {
            "pourashava": pourashava.pk,
            "code": "H7",
            "name_en": "New hat",
            "name_bn": "নতুন হাট",
            "kind": "hat_bazar",
            "status": "active",
            "dc_approval_ref": "",
            "outcomes-TOTAL_FORMS": 0,
            "outcomes-INITIAL_FORMS": 0,
            "reserves-TOTAL_FORMS": 0,
            "reserves-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "জেলা প্রশাসকের অনুমোদনের সূত্র আবশ্যক" in response.content.decode()
