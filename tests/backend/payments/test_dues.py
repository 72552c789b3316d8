"""GET /api/v1/me/dues/: what a citizen owes, grouped and summed exactly, never anyone else's,
and never stale: a demand paid a moment ago is not shown as due."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from backend.identity.models import Role
from backend.municipality.fiscal_year import FiscalYear
from backend.payments.models import Demand
from backend.payments.services.counter import collect_cash
from backend.payments.services.demands import cancel_demand, raise_demand
from tests.backend.payments.factories import demand_for, today
from tests.factories import CitizenFactory, PourashavaFactory, staff_member

pytestmark = pytest.mark.django_db

DUES = "/api/v1/me/dues/"


def logged_in(user) -> APIClient:
    """A client sending a real access token (the production authentication path)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


def cash(pourashava, citizen, amount: str) -> None:
    cashier = staff_member(Role.CASHIER, pourashava)
    collect_cash(collector=cashier, pourashava=pourashava, amount=Decimal(amount), payer=citizen)


def test_dues_grouped_by_pourashava_then_service_in_order_with_exact_amounts(pourashava, citizen):
    gop = PourashavaFactory(code="GOP", name_en="Gopalganj", name_bn="গোপালগঞ্জ")
    year = FiscalYear.of(timezone.localdate()).label
    paid_off = demand_for(
        citizen, pourashava, {"holding_tax": "200"}, due_date=today() - timedelta(300)
    )
    older = demand_for(
        citizen,
        pourashava,
        {"holding_tax": "300.50", "conservancy": "100"},
        due_date=today() - timedelta(200),
        label="Holding 4-12",
    )
    newer = raise_demand(
        pourashava=pourashava,
        service_code="test_service",
        natural_key="newer",
        lines={"holding_tax": "75.25"},
        due_date=today() + timedelta(10),
        fiscal_year=year,
        citizen=citizen,
        object_type="holding",
        object_id="7",
        object_label="Holding 4-13",
        quarter=2,
    )
    water = demand_for(
        citizen,
        pourashava,
        {"water": "120"},
        service_code="water",
        due_date=today() - timedelta(100),
    )
    elsewhere = demand_for(citizen, gop, {"holding_tax": "10"}, due_date=today())
    cancelled = demand_for(citizen, pourashava, {"holding_tax": "999"})
    cancel_demand(demand=cancelled)
    demand_for(CitizenFactory(), pourashava, {"holding_tax": "555"})  # someone else's
    cash(pourashava, citizen, "230")  # oldest first: all of `paid_off`, then 30 of `older`
    assert Demand.objects.get(pk=paid_off.pk).status == "paid"

    answer = logged_in(citizen.user).get(DUES)

    assert answer.status_code == 200, answer.content

    def row(demand, outstanding, status="open", period=year):
        return {
            "id": demand.pk,
            "service_code": demand.service_code,
            "object_type": "holding",
            "object_id": demand.object_id,
            "object_label": demand.object_label,
            "fiscal_year": year,
            "period": period,
            "due_date": demand.due_date.isoformat(),
            "status": status,
            "outstanding": outstanding,
        }

    body = answer.json()
    assert (body["credits"], body["credit_total"]) == ([], "0.00")
    nat_tax = body["pourashavas"][1]["services"][0]
    assert nat_tax["demands"][1]["outstanding_display"] == "Tk 75.25"
    assert nat_tax["demands"][1]["period_display"] == f"{year}, instalment 2"
    assert program_values(body) == {
        "total": "575.75",
        "pourashavas": [
            {
                "pourashava": {
                    "id": gop.pk,
                    "code": "GOP",
                    "name_en": "Gopalganj",
                    "name_bn": "গোপালগঞ্জ",
                },
                "total": "10.00",
                "services": [
                    {
                        "service_code": "test_service",
                        "total": "10.00",
                        "demands": [row(elsewhere, "10.00")],
                    }
                ],
            },
            {
                "pourashava": {
                    "id": pourashava.pk,
                    "code": "NAT",
                    "name_en": "Natore",
                    "name_bn": "নাটোর",
                },
                "total": "565.75",
                "services": [
                    {
                        "service_code": "test_service",
                        "total": "445.75",
                        "demands": [
                            row(older, "370.50", status="partially_paid"),
                            row(newer, "75.25", period=f"{year} Q2"),
                        ],
                    },
                    {"service_code": "water", "total": "120.00", "demands": [row(water, "120.00")]},
                ],
            },
        ],
    }


# What is for people beside each raw value (display forms, names in the request's language) and
# the credits: left out where a test pins the raw values programs compute with.
_FOR_PEOPLE = {"name", "service_name", "status_label", "head_name", "credits", "credit_total"}


def program_values(value):
    if isinstance(value, dict):
        return {
            key: program_values(item)
            for key, item in value.items()
            if not key.endswith("_display") and key not in _FOR_PEOPLE
        }
    if isinstance(value, list):
        return [program_values(item) for item in value]
    return value


def test_lines_on_request_by_head_with_paid_and_outstanding(pourashava, citizen):
    demand = demand_for(citizen, pourashava, {"conservancy": "100", "holding_tax": "300"})
    cash(pourashava, citizen, "50")

    body = logged_in(citizen.user).get(DUES, {"lines": "1"}).json()

    [row] = body["pourashavas"][0]["services"][0]["demands"]
    assert row["id"] == demand.pk and row["outstanding"] == "350.00"
    paid = {line["head"]: line["paid"] for line in row["lines"]}
    assert [line["head"] for line in row["lines"]] == ["holding_tax", "conservancy"]  # head order
    assert paid == {"holding_tax": "50.00", "conservancy": "0.00"}
    for line in row["lines"]:
        assert Decimal(line["outstanding"]) == Decimal(line["amount"]) - Decimal(line["paid"])
    assert (
        "lines"
        not in logged_in(citizen.user)
        .get(DUES)
        .json()["pourashavas"][0]["services"][0]["demands"][0]
    )


def test_a_paid_demand_is_gone_from_the_very_next_answer(pourashava, citizen):
    client = logged_in(citizen.user)
    first = demand_for(citizen, pourashava, {"holding_tax": "100"}, due_date=today() - timedelta(9))
    second = demand_for(citizen, pourashava, {"holding_tax": "40"})
    assert client.get(DUES).json()["total"] == "140.00"

    cash(pourashava, citizen, "100")  # pays `first` in full

    after = client.get(DUES).json()
    ids = [d["id"] for d in after["pourashavas"][0]["services"][0]["demands"]]
    assert ids == [second.pk] and first.pk not in ids
    assert after["total"] == "40.00"

    cash(pourashava, citizen, "15")  # part of `second`: shown with what is left, at once
    [row] = client.get(DUES).json()["pourashavas"][0]["services"][0]["demands"]
    assert (row["status"], row["outstanding"]) == ("partially_paid", "25.00")

    cash(pourashava, citizen, "25")
    assert program_values(client.get(DUES).json()) == {"total": "0.00", "pourashavas": []}


def test_each_citizen_sees_only_their_own_dues(pourashava):
    alice, bob = CitizenFactory(), CitizenFactory()
    mine = demand_for(alice, pourashava, {"holding_tax": "100"})
    theirs = demand_for(bob, pourashava, {"holding_tax": "7"})
    alice_client, bob_client = logged_in(alice.user), logged_in(bob.user)

    for _ in range(2):  # and asking again, in turn, changes nothing
        a = alice_client.get(DUES).json()
        b = bob_client.get(DUES).json()
        assert [d["id"] for d in a["pourashavas"][0]["services"][0]["demands"]] == [mine.pk]
        assert [d["id"] for d in b["pourashavas"][0]["services"][0]["demands"]] == [theirs.pk]
        assert (a["total"], b["total"]) == ("100.00", "7.00")


def test_staff_without_a_citizen_record_is_refused(pourashava, citizen):
    demand_for(citizen, pourashava)
    clerk = staff_member(Role.REVENUE_CLERK, pourashava)
    answer = logged_in(clerk).get(DUES)
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "permission_denied"


def test_query_count_does_not_grow_with_demands(pourashava, citizen):
    """Three queries (the user with their citizen, the dues, the credits) for a citizen with
    years of quarterly demands as for one with a single demand."""
    client = logged_in(citizen.user)
    demand_for(citizen, pourashava)
    with CaptureQueriesContext(connection) as one:
        assert client.get(DUES).status_code == 200
    for n in range(40):
        demand_for(citizen, pourashava, due_date=today() - timedelta(days=90 * n))
    with CaptureQueriesContext(connection) as many:
        body = client.get(DUES).json()
    assert len(body["pourashavas"][0]["services"][0]["demands"]) == 41
    assert len(many) == len(one) == 3
