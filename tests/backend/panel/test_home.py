"""The panel's home page per role: each clerk sees the counts of their own work, scoped to their
pourashava (a councillor: their ward), in Bangla digits in Bangla mode, and every count links to
a list of exactly that many rows. The page's queries do not grow with the data."""

import html
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backend.common.digits import to_ascii_digits
from backend.common.text import Text
from backend.identity.models import Role
from backend.payments.models import Channel, Payment, PaymentStatus
from backend.payments.services.counter import close_day, collect_cash
from backend.workflow.definitions import APPLICANT, State, WorkflowDefinition, register_workflow
from backend.workflow.models import Application
from backend.workflow.services import start_application
from services.property.models import ClaimStatus, HoldingClaim
from tests.backend.payments.factories import demand_for
from tests.factories import CitizenFactory, staff_member
from tests.services.certificates.admin_helpers import application_in, make_town
from tests.services.property.helpers import make_holding

pytestmark = pytest.mark.django_db

COUNT = re.compile(
    r'<td class="home-count[^"]*" data-count-key="([^"]+)"><a href="([^"]+)">([^<]+)</a></td>'
)
AMOUNT = re.compile(r'<td class="home-amount" data-amount-key="([^"]+)">([^<]+)</td>')
BANGLA_DIGIT = re.compile("[০-৯]")


def counts_on(page: str) -> dict[str, tuple[int, str]]:
    """key -> (number, link) of every count on the home page (Bangla digits read back), but
    those of kinds other tests register for the workflow engine (test_permit...)."""
    return {
        key: (int(to_ascii_digits(number)), html.unescape(url))
        for key, url, number in COUNT.findall(page)
        if not key.startswith("workflow.test_")
    }


def home(client, user, language: str = "en") -> str:
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def assert_links_list_exactly(client, counts: dict[str, tuple[int, str]]) -> None:
    for key, (number, url) in counts.items():
        response = client.get(url)
        assert response.status_code == 200, (key, url)
        assert "?e=1" not in response.get("Location", ""), (key, url)
        assert response.context["cl"].result_count == number, (key, url, number)


def at(hours: float):
    return timezone.now() + timedelta(hours=hours)


@pytest.fixture
def natore():
    return make_town("NAT")


@pytest.fixture
def gopalganj():
    return make_town("GOP")


@pytest.fixture
def certificates(natore, gopalganj):
    """Natore: with the ward 1 councillor one late, one due soon, one on time; with the ward 2
    councillor one late; with the officer one due soon and one on time; one waiting for its
    fee (not staff's). Gopalganj: one late with its ward 1 councillor."""
    town = natore
    application_in(town, town.ward1, "with_councillor", due_at=at(-2))
    application_in(town, town.ward1, "with_councillor", due_at=at(10))
    application_in(town, town.ward1, "with_councillor", due_at=at(24 * 5))
    application_in(town, town.ward2, "with_councillor", due_at=at(-30))
    application_in(town, town.ward1, "with_officer", due_at=at(20))
    # On time by its state clock, but the citizen's promise is due in 3 hours: due soon.
    application_in(town, town.ward2, "with_officer", due_at=at(24 * 3), due_by=at(3))
    application_in(town, town.ward2, "with_officer", due_at=at(24 * 3))
    application_in(town, town.ward1, "payment_due")
    application_in(gopalganj, gopalganj.ward1, "with_councillor", due_at=at(-5))


def workflow_application(town, kind: str, state: str, due_at, ward=None) -> Application:
    application = start_application(
        kind=kind,
        series="PA",
        pourashava=town.pourashava,
        actor=town.officer,
        applicant=CitizenFactory(),
        ward=ward,
    )
    Application.objects.filter(pk=application.pk).update(state=state, due_at=due_at)
    return application


def test_councillor_sees_only_their_wards_certificates(client, natore, certificates):
    counts = counts_on(home(client, natore.councillor1))
    assert {k: v[0] for k, v in counts.items()} == {
        "certificates.with_councillor.red": 1,
        "certificates.with_councillor.amber": 1,
        "certificates.with_councillor.green": 1,
    }
    assert_links_list_exactly(client, counts)

    counts = counts_on(home(client, natore.councillor2))
    assert {k: v[0] for k, v in counts.items()} == {
        "certificates.with_councillor.red": 1,
        "certificates.with_councillor.amber": 0,
        "certificates.with_councillor.green": 0,
    }
    assert_links_list_exactly(client, counts)


def test_certificate_officer_sees_what_waits_on_them_with_both_clocks(client, natore, certificates):
    page = home(client, natore.officer)
    counts = counts_on(page)
    assert {k: v[0] for k, v in counts.items()} == {
        "certificates.with_officer.red": 0,
        "certificates.with_officer.amber": 2,
        "certificates.with_officer.green": 1,
    }
    assert_links_list_exactly(client, counts)
    # The list a count links to shows that colour's badge on every row.
    listing = client.get(counts["certificates.with_officer.amber"][1]).content.decode()
    assert listing.count('data-sla="amber"') == 2 and 'data-sla="green"' not in listing
    # The app list stays below the counts: the clerk still reaches every list from here.
    assert page.index('id="home-counts"') < page.index('id="content-main"')


def test_secretary_sees_every_queue_and_todays_collection(client, natore, gopalganj, certificates):
    secretary = staff_member(Role.SECRETARY, natore.pourashava)
    # A register application for approval (late) and one at the clerk's desk (not hers).
    mine = workflow_application(natore, "property_mutation", "for_approval", at(-1))
    workflow_application(natore, "property_mutation", "submitted", at(-1))
    theirs = workflow_application(gopalganj, "property_mutation", "for_approval", at(-1))
    # An objection to an assessment waiting for the committee, due in 20 days.
    workflow_application(natore, "assessment_review", "filed", at(24 * 20))

    counts = counts_on(home(client, secretary))
    numbers = {k: v[0] for k, v in counts.items()}
    assert numbers["certificates.with_councillor.red"] == 2
    assert numbers["certificates.with_councillor.amber"] == 1
    assert numbers["certificates.with_officer.amber"] == 2
    assert numbers["workflow.property_mutation.for_approval.red"] == 1
    assert "workflow.property_mutation.submitted.red" not in numbers  # the clerk's, not hers
    assert numbers["workflow.assessment_review.filed.green"] == 1
    assert numbers["payments.today.all"] == 0
    assert numbers["property.claims.pending"] == 0
    assert_links_list_exactly(client, counts)
    # The applications list opens one of hers (read-only, with its history), not Gopalganj's.
    page = client.get(f"/admin/workflow/application/{mine.pk}/change/")
    assert page.status_code == 200 and mine.number in page.content.decode()
    assert client.get(f"/admin/workflow/application/{theirs.pk}/change/").status_code != 200


def test_revenue_clerk_sees_register_applications_and_claims(client, natore, gopalganj):
    clerk = staff_member(Role.REVENUE_CLERK, natore.pourashava)
    workflow_application(natore, "property_new_holding", "submitted", at(-3))
    workflow_application(natore, "property_mutation", "submitted", at(12))
    workflow_application(natore, "property_mutation", "submitted", at(24 * 2))
    workflow_application(natore, "property_mutation", "inspection", at(-3))  # the assessor's
    workflow_application(gopalganj, "property_mutation", "submitted", at(-3))
    holding = make_holding(natore.ward1)
    other = make_holding(gopalganj.ward1)
    for claimed, status in ((holding, ClaimStatus.PENDING), (other, ClaimStatus.PENDING)):
        HoldingClaim.objects.create(
            holding=claimed,
            pourashava=claimed.pourashava,
            citizen=CitizenFactory(),
            status=status,
            proof="clerk",
        )
    HoldingClaim.objects.create(
        holding=holding,
        pourashava=holding.pourashava,
        citizen=CitizenFactory(),
        status=ClaimStatus.APPROVED,
        proof="nid_match",
    )

    counts = counts_on(home(client, clerk))
    numbers = {k: v[0] for k, v in counts.items()}
    assert numbers["workflow.property_new_holding.submitted.red"] == 1
    assert numbers["workflow.property_mutation.submitted.amber"] == 1
    assert numbers["workflow.property_mutation.submitted.green"] == 1
    assert numbers["workflow.property_mutation.submitted.red"] == 0
    assert not any("inspection" in key for key in numbers)
    assert numbers["property.claims.pending"] == 1
    assert not any(key.startswith(("certificates.", "payments.")) for key in numbers)
    assert_links_list_exactly(client, counts)


@pytest.fixture
def collection(natore, gopalganj):
    """Today in Natore: two online payments (one bKash, one Nagad), one at the counter by the
    cashier, one at a UDC, one still pending; yesterday one more; Gopalganj one today."""
    now = timezone.now()
    cashier = staff_member(Role.CASHIER, natore.pourashava)
    citizen = CitizenFactory()
    demand_for(citizen, natore.pourashava, {"holding_tax": "250.00"})
    collect_cash(collector=cashier, pourashava=natore.pourashava, payer=citizen, amount="250")

    def paid(pourashava, channel, amount, status=PaymentStatus.SETTLED, when=now):
        return Payment.objects.create(
            pourashava=pourashava,
            channel=channel,
            reference=f"T{Payment.objects.count() + 1:06d}",
            amount=Decimal(amount),
            status=status,
            settled_at=when if status != PaymentStatus.PENDING else None,
        )

    paid(natore.pourashava, Channel.BKASH, "100.00")
    paid(natore.pourashava, Channel.NAGAD, "1500.50", status=PaymentStatus.CREDITED)
    paid(natore.pourashava, Channel.UDC, "75.00")
    paid(natore.pourashava, Channel.BKASH, "999.00", status=PaymentStatus.PENDING)
    paid(natore.pourashava, Channel.SSLCOMMERZ, "40.00", status=PaymentStatus.FLAGGED)
    paid(natore.pourashava, Channel.BKASH, "300.00", when=now - timedelta(days=1))
    paid(gopalganj.pourashava, Channel.BKASH, "800.00")
    return cashier


def test_cashier_sees_todays_collection_by_channel(client, natore, collection):
    page = home(client, collection)
    counts = counts_on(page)
    numbers = {k: v[0] for k, v in counts.items()}
    assert numbers == {
        "payments.today.online": 2,
        "payments.today.counter": 1,
        "payments.today.udc": 1,
        "payments.today.all": 4,
        "payments.day_close.today": 0,
        "payments.day_close.today_flagged": 0,
        "payments.flagged": 1,
    }
    amounts = {key: to_ascii_digits(text) for key, text in AMOUNT.findall(page)}
    assert amounts["payments.today.online"] == "1,600.50"
    assert amounts["payments.today.all"] == "1,925.50"
    assert_links_list_exactly(client, counts)

    # The cashier closes the day short of cash: the day-close counts show it.
    close_day(
        collector=collection,
        pourashava=natore.pourashava,
        day=timezone.localdate(),
        declared_cash=Decimal("200"),
    )
    counts = counts_on(home(client, collection))
    assert counts["payments.day_close.today"][0] == 1
    assert counts["payments.day_close.today_flagged"][0] == 1
    assert_links_list_exactly(client, counts)


def test_other_pourashava_sees_none_of_it(client, gopalganj, certificates, collection):
    secretary = staff_member(Role.SECRETARY, gopalganj.pourashava)
    numbers = {k: v[0] for k, v in counts_on(home(client, secretary)).items()}
    assert numbers["certificates.with_councillor.red"] == 1  # Gopalganj's own
    assert numbers["certificates.with_officer.amber"] == 0
    assert numbers["payments.today.all"] == 1
    assert numbers["payments.today.counter"] == 0


def test_bangla_mode_writes_the_numbers_in_bangla_digits(client, natore, certificates):
    page = home(client, natore.councillor1, language="bn")
    cells = dict((key, number) for key, _url, number in COUNT.findall(page))
    assert cells["certificates.with_councillor.red"] == "১"
    assert "Late" not in page.split('id="home-counts"')[1].split('id="content-main"')[0]
    for _key, url, _number in COUNT.findall(page):
        assert not BANGLA_DIGIT.search(url)  # links keep ASCII: they are read by Django


def test_a_kind_no_service_placed_still_shows_under_other_applications(client, natore):
    register_workflow(
        WorkflowDefinition(
            kind="test_home_licence",
            title=Text(en="Test licence", bn="পরীক্ষার লাইসেন্স"),
            initial="checking",
            returned_state="returned",
            rejected_state="refused",
            states=(
                State(
                    "checking", Text(en="Checking", bn="যাচাই"), frozenset({Role.REVENUE_CLERK}), 3
                ),
                State("returned", Text(en="Returned", bn="ফেরত"), frozenset({APPLICANT})),
                State("refused", Text(en="Refused", bn="নামঞ্জুর"), terminal=True),
            ),
            transitions=(),
        )
    )
    clerk = staff_member(Role.REVENUE_CLERK, natore.pourashava)
    workflow_application(natore, "test_home_licence", "checking", at(-1))
    page = home(client, clerk)
    found = {key: int(number) for key, _url, number in COUNT.findall(page)}
    assert found["workflow.test_home_licence.checking.red"] == 1
    assert 'data-section-key="workflow.other"' in page


def test_staff_without_a_counted_role_get_the_plain_app_list(client, natore):
    reader = staff_member(Role.METER_READER, natore.pourashava)
    page = home(client, reader)
    assert 'id="home-counts"' not in page and 'id="content-main"' in page


def test_the_home_page_costs_the_same_queries_however_much_waits(
    client, natore, gopalganj, certificates, collection
):
    secretary = staff_member(Role.SECRETARY, natore.pourashava)
    workflow_application(natore, "assessment_review", "filed", at(1))
    home(client, secretary)  # warm: sessions, content types

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/").status_code == 200
        return len(captured)

    before = queries()
    for hours in (-5, 5, 50):
        application_in(natore, natore.ward1, "with_councillor", due_at=at(hours))
        application_in(natore, natore.ward2, "with_officer", due_at=at(hours))
        workflow_application(natore, "property_mutation", "for_approval", at(hours))
        workflow_application(natore, "assessment_review", "hearing", at(hours))
    for channel in (Channel.BKASH, Channel.UDC):
        Payment.objects.create(
            pourashava=natore.pourashava,
            channel=channel,
            reference=f"MORE{channel}",
            amount=Decimal("10.00"),
            status=PaymentStatus.SETTLED,
            settled_at=timezone.now(),
        )
    after = queries()
    assert after == before
    # Session and user, roles, the sections' grouped counts (certificates 1, workflow queues 1,
    # claims 1, payments 3), the app list and recent actions: a fixed, small number.
    assert after <= 12, after
