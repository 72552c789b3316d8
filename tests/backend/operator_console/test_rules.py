"""The console's rules: who gets in, where a session may be opened, that nothing about a
citizen is shown without their live session, that an ended or expired session refuses every
action, that a 333 agent takes no cash, and that other citizens' ids answer 404."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from backend.identity.models import AssistedAction, AssistedSession
from backend.payments.models import DayClose, Payment
from tests.backend.operator_console.conftest import (
    console,
    open_session,
    place,
    session_url,
    start,
)
from tests.backend.payments.factories import demand_for

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_the_console_login(client):
    response = client.get(reverse("operator_console:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("operator_console:login"))


def test_only_udc_operators_and_call_agents_get_in(world):
    assert console(world.operator).get(reverse("operator_console:home")).status_code == 200
    assert console(world.agent).get(reverse("operator_console:home")).status_code == 200
    refused = console(world.cashier).get(reverse("operator_console:home"))
    assert refused.status_code == 403
    assert "ইউডিসি অপারেটর" in refused.content.decode()  # Bangla by default


def test_login_form_refuses_other_staff_and_admits_an_operator(world, client):
    from tests.factories import TEST_PASSWORD

    url = reverse("operator_console:login")
    refused = client.post(url, {"username": world.cashier.username, "password": TEST_PASSWORD})
    assert refused.status_code == 403
    assert "_auth_user_id" not in client.session
    admitted = client.post(url, {"username": world.operator.username, "password": TEST_PASSWORD})
    assert admitted.status_code == 302 and admitted["Location"] == reverse("operator_console:home")


def test_no_session_in_a_pourashava_the_centre_does_not_serve(world):
    client = console(world.operator)
    response = start(client, world.citizen, world.centre, world.gopalganj)
    assert response.status_code == 403
    # Nor through a centre that is not the operator's (the call centre serves Gopalganj).
    response = client.post(
        reverse("operator_console:start"),
        {"mobile": world.citizen.mobile, "place": place(world.call_centre, world.gopalganj)},
    )
    assert response.status_code in (400, 403)
    assert not AssistedSession.objects.exists()


def test_nothing_about_a_citizen_without_a_live_session(world):
    client = console(world.operator)
    assert client.get(reverse("operator_console:session", args=[uuid.uuid4()])).status_code == 404
    start(client, world.other, world.centre, world.natore)
    pending = AssistedSession.objects.get()  # the code is sent, not yet read out
    response = client.get(session_url("session", pending))
    assert response.status_code == 403
    assert world.other.name_bn not in response.content.decode()
    # Another operator's session is no session at all.
    session = open_session(client, world.citizen, world.centre, world.natore)
    stranger = console(world.agent)
    assert stranger.get(session_url("session", session)).status_code == 404
    assert (
        stranger.post(session_url("pay", session), {"demand": world.demand.pk}).status_code == 404
    )


def test_the_session_shows_whose_it_is_and_when_it_ends(world):
    client = console(world.operator)
    session = open_session(client, world.citizen, world.centre, world.natore)
    html = client.get(session_url("session", session)).content.decode()
    assert "আব্দুল করিম" in html and "session-banner" in html
    ends = timezone.localtime(session.expires_at).strftime("%H:%M")
    from backend.common.digits import to_bangla_digits

    assert to_bangla_digits(ends) in html


def test_after_the_session_ends_every_action_is_refused(world):
    client = console(world.operator)
    session = open_session(client, world.citizen, world.centre, world.natore)
    assert client.post(session_url("end", session)).status_code == 302
    for response in (
        client.get(session_url("session", session)),
        client.post(session_url("pay", session), {"demand": world.demand.pk}),
        client.get(session_url("action", session, "any.action")),
    ):
        assert response.status_code == 403
        assert "সেশনটি শেষ হয়েছে" in response.content.decode()
    assert not Payment.objects.exists()


def test_after_the_session_expires_every_action_is_refused(world):
    client = console(world.operator)
    session = open_session(client, world.citizen, world.centre, world.natore)
    AssistedSession.objects.filter(pk=session.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.post(session_url("pay", session), {"demand": world.demand.pk})
    assert response.status_code == 403
    assert not Payment.objects.exists()
    english = client.get(session_url("session", session), HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 403


def test_cash_at_the_desk_gives_a_receipt_and_counts_in_the_day(world):
    client = console(world.operator)
    session = open_session(client, world.citizen, world.centre, world.natore)
    response = client.post(session_url("pay", session), {"demand": world.demand.pk})
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert payment.channel == "udc" and payment.udc_centre == world.centre
    receipt = payment.receipt
    page = client.get(response["Location"])
    assert page.status_code == 200 and receipt.number in page.content.decode()
    slip = client.get(response["Location"] + "?layout=slip")
    assert 'class="receipt slip"' in slip.content.decode()
    assert AssistedAction.objects.filter(action="payments.cash_collected").exists()

    day = client.get(reverse("operator_console:day"), HTTP_ACCEPT_LANGUAGE="en")
    assert day.status_code == 200
    closed = client.post(
        reverse("operator_console:day-close"),
        {"pourashava": world.natore.pk, "declared_cash": str(receipt.total)},
    )
    assert closed.status_code == 302
    close = DayClose.objects.get(collector=world.operator)
    assert close.declared_cash == receipt.total and not close.flagged
    statement = client.get(reverse("operator_console:statement"))
    assert statement.status_code == 200
    # The day is closed: no more cash today.
    more = demand_for(world.citizen, world.natore)
    refused = client.post(session_url("pay", session), {"demand": more.pk})
    assert refused.status_code == 409
    assert Payment.objects.count() == 1


def test_a_call_agent_takes_no_cash(world):
    client = console(world.agent)
    session = open_session(client, world.citizen, world.call_centre, world.natore)
    html = client.get(session_url("session", session)).content.decode()
    assert 'name="demand"' not in html  # nothing to tick
    response = client.post(session_url("pay", session), {"demand": world.demand.pk})
    assert response.status_code == 403
    assert "৩৩৩ কলে নগদ" in response.content.decode()
    assert not Payment.objects.exists()


def test_other_citizens_ids_answer_404(world):
    client = console(world.operator)
    theirs = demand_for(world.other, world.natore)
    session = open_session(client, world.citizen, world.centre, world.natore)
    assert client.post(session_url("pay", session), {"demand": theirs.pk}).status_code == 404
    # Someone else's receipt, by number, in this citizen's session.
    other_session = open_session(client, world.other, world.centre, world.natore)
    paid = client.post(session_url("pay", other_session), {"demand": theirs.pk})
    number = Payment.objects.get(citizen=world.other).receipt.number
    assert paid.status_code == 302
    assert client.get(session_url("receipt", session, number)).status_code == 404
    assert client.post(session_url("hand-over", session, 999999)).status_code == 404


def test_a_demand_of_another_pourashava_is_not_payable_here(world):
    client = console(world.operator)
    elsewhere = demand_for(world.citizen, world.gopalganj)
    session = open_session(client, world.citizen, world.centre, world.natore)
    response = client.post(session_url("pay", session), {"demand": elsewhere.pk})
    assert response.status_code in (400, 403, 404)
    assert not Payment.objects.exists()
