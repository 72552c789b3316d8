"""Assisted service end to end: an operator opens a session, the citizen consents with the code
sent to their own phone, the operator acts with X-Assisted-Session, and the citizen can see what
was done for them. Every way round the consent is refused."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from backend.identity.acting import acting_citizen
from backend.identity.assisted import record_assisted_action
from backend.identity.models import AssistedAction, AssistedSession, AuditEntry, Role
from backend.identity.permissions import IsCitizen
from backend.notifications.backends.memory import clear_outbox, outbox
from tests.backend.identity.factories import (  # noqa: F401 (fast_passwords: a fixture)
    AssistedSessionFactory,
    CitizenFactory,
    PourashavaFactory,
    consent_code_for,
    fast_passwords,
    member,
    udc_operator,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

OPEN = "/api/v1/assist/sessions/"


# A citizen endpoint that writes, standing in for any app's: it acts for acting_citizen(request)
# and records the write with record_assisted_action.
class _DemoWrite(APIView):
    permission_classes = [IsCitizen]

    def post(self, request):
        citizen = acting_citizen(request)
        recorded = record_assisted_action(
            request, action="demo.apply", object_type="demo.thing", object_id="42"
        )
        return Response({"citizen": citizen.pk, "recorded": recorded is not None})

    def get(self, request):
        citizen = acting_citizen(request)
        return Response({"citizen": citizen.pk, "mobile": citizen.mobile})


def call_as(method: str, user, session_id=None):
    """Call the stand-in citizen endpoint as `user`, in `session_id` if given."""
    headers = {"HTTP_X_ASSISTED_SESSION": str(session_id)} if session_id else {}
    request = getattr(APIRequestFactory(), method)("/demo-write/", **headers)
    force_authenticate(request, user)
    return _DemoWrite.as_view()(request)


@pytest.fixture(autouse=True)
def _memory_sms(settings):
    settings.SMS_BACKEND = "memory"
    clear_outbox()
    yield
    clear_outbox()


@pytest.fixture
def natore():
    return PourashavaFactory(code="NAT", name_en="Natore", name_bn="নাটোর")


@pytest.fixture
def citizen():
    return CitizenFactory(mobile="01711000001", name_en="Abdul Karim", name_bn="আব্দুল করিম")


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def open_session(client, pourashava, mobile, capture, **extra):
    with capture(execute=True):
        return client.post(
            OPEN, {"mobile": mobile, "pourashava": pourashava, **extra}, format="json"
        )


def test_full_assisted_flow(natore, citizen, django_capture_on_commit_callbacks):
    operator, centre = udc_operator(natore, name_en="Natore Sadar UDC", name_bn="নাটোর সদর ইউডিসি")
    operator.full_name = "Rafiqul Islam"
    operator.save()
    client = client_for(operator)

    # Bangla digits in the mobile number are fine.
    opened = open_session(client, "NAT", "০১৭১১০০০০০১", django_capture_on_commit_callbacks)
    assert opened.status_code == 201, opened.content
    body = opened.json()
    assert body["status"] == "awaiting_consent"
    assert body["udc_centre"] == centre.code
    assert "name_en" not in body["citizen"]  # no name before the citizen consents
    assert body["citizen"]["mobile"] == "017*****001"

    # The citizen's phone is told who asks (name and centre), and gets the code.
    to_citizen = [m.body for m in outbox() if m.to == citizen.mobile]
    assert any("Rafiqul Islam" in b and "Natore Sadar UDC" in b for b in to_citizen)
    code = consent_code_for(citizen.mobile)

    # Before consent the header is refused.
    session_id = body["id"]
    refused = call_as("get", operator, session_id)
    assert refused.status_code == 403
    assert refused.data["error"]["code"] == "assisted_session_invalid"

    confirmed = client.post(f"{OPEN}{session_id}/confirm/", {"code": code}, format="json")
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["status"] == "live"
    assert confirmed.json()["citizen"]["name_en"] == "Abdul Karim"
    session = AssistedSession.objects.get(pk=session_id)
    minutes = (session.expires_at - session.confirmed_at).total_seconds() / 60
    assert minutes == pytest.approx(30)

    # Consent is recorded in the audit log.
    actions = set(AuditEntry.objects.filter(object_id=session_id).values_list("action", flat=True))
    assert actions == {"assisted_session.open", "assisted_session.confirm"}
    opened_entry = AuditEntry.objects.get(action="assisted_session.open")
    assert (opened_entry.actor, opened_entry.pourashava) == (operator, natore)
    assert opened_entry.client_address == "127.0.0.1"


def test_operator_acts_for_citizen_and_citizen_sees_it(
    natore, citizen, django_capture_on_commit_callbacks
):
    operator, centre = udc_operator(natore)
    client = client_for(operator)
    session_id = open_session(
        client, "NAT", citizen.mobile, django_capture_on_commit_callbacks
    ).json()["id"]
    code = consent_code_for(citizen.mobile)
    assert client.post(f"{OPEN}{session_id}/confirm/", {"code": code}).status_code == 200

    # The operator acts as the citizen with the header; the write is recorded.
    answer = call_as("post", operator, session_id)
    assert answer.status_code == 200, answer.data
    assert answer.data == {"citizen": citizen.pk, "recorded": True}
    action = AssistedAction.objects.get()
    assert (action.operator, action.udc_centre, action.citizen, action.pourashava) == (
        operator,
        centre,
        citizen,
        natore,
    )

    # The citizen lists what was done on their behalf: who, where, when, what.
    listed = client_for(citizen.user).get("/api/v1/me/assisted-actions/")
    assert listed.status_code == 200
    [row] = listed.json()["results"]
    assert row["action"] == "demo.apply"
    assert row["object_id"] == "42"
    assert row["udc_centre"]["code"] == centre.code
    assert row["operator_name"] == (operator.full_name or operator.username)
    assert row["pourashava"]["code"] == "NAT"

    # Another citizen sees none of it.
    other = CitizenFactory()
    assert client_for(other.user).get("/api/v1/me/assisted-actions/").json()["results"] == []


def test_me_endpoint_with_header(natore, citizen, django_capture_on_commit_callbacks):
    """The operator reads /api/v1/me/ for the citizen (the auth engineer's endpoint)."""
    from django.urls import NoReverseMatch, Resolver404, resolve

    try:
        resolve("/api/v1/me/")
    except (Resolver404, NoReverseMatch):
        pytest.fail("/api/v1/me/ is not mounted yet")
    operator, _ = udc_operator(natore)
    client = client_for(operator)
    session_id = open_session(
        client, "NAT", citizen.mobile, django_capture_on_commit_callbacks
    ).json()["id"]
    client.post(f"{OPEN}{session_id}/confirm/", {"code": consent_code_for(citizen.mobile)})
    me = client.get("/api/v1/me/", HTTP_X_ASSISTED_SESSION=session_id)
    assert me.status_code == 200, me.content
    assert citizen.mobile in me.content.decode()


def live_session(pourashava, citizen, capture, operator=None):
    """Open and confirm a session through the API; returns (operator, client, session id)."""
    if operator is None:
        operator, _ = udc_operator(pourashava)
    client = client_for(operator)
    session_id = open_session(client, pourashava.code, citizen.mobile, capture).json()["id"]
    confirmed = client.post(
        f"{OPEN}{session_id}/confirm/", {"code": consent_code_for(citizen.mobile)}
    )
    assert confirmed.status_code == 200, confirmed.content
    return operator, client, session_id


def test_counter_cashier_of_the_pourashava_may_assist(
    natore, citizen, django_capture_on_commit_callbacks
):
    cashier = member(Role.CASHIER, natore)
    _, _, session_id = live_session(natore, citizen, django_capture_on_commit_callbacks, cashier)
    session = AssistedSession.objects.get(pk=session_id)
    assert session.udc_centre is None and session.operator == cashier
    assert call_as("get", cashier, session_id).data["citizen"] == citizen.pk
    # The note to the citizen names the pourashava counter.
    assert any("Natore Pourashava counter" in m.body for m in outbox())


def test_wrong_operator_cannot_use_confirm_or_end_a_session(
    natore, citizen, django_capture_on_commit_callbacks
):
    _, _, session_id = live_session(natore, citizen, django_capture_on_commit_callbacks)
    intruder, _ = udc_operator(natore)  # same pourashava, different operator
    other = client_for(intruder)
    assert call_as("get", intruder, session_id).status_code == 403
    assert other.post(f"{OPEN}{session_id}/end/").status_code == 404
    assert other.get(f"{OPEN}{session_id}/").status_code == 404
    assert other.post(f"{OPEN}{session_id}/confirm/", {"code": "123456"}).status_code == 404
    assert AssistedSession.objects.get(pk=session_id).ended_at is None
    # The citizen themself with the header is refused too: it is the operator's session.
    assert call_as("get", citizen.user, session_id).status_code == 403


def test_unconfirmed_session_is_refused_and_a_wrong_code_does_not_confirm(
    natore, citizen, django_capture_on_commit_callbacks
):
    operator, _ = udc_operator(natore)
    client = client_for(operator)
    session_id = open_session(
        client, "NAT", citizen.mobile, django_capture_on_commit_callbacks
    ).json()["id"]
    code = consent_code_for(citizen.mobile)
    wrong = "000000" if code != "000000" else "111111"
    answer = client.post(f"{OPEN}{session_id}/confirm/", {"code": wrong})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "otp_invalid"
    assert AssistedSession.objects.get(pk=session_id).confirmed_at is None
    assert call_as("get", operator, session_id).status_code == 403


def test_expired_session_is_refused(natore, citizen, django_capture_on_commit_callbacks):
    operator, client, session_id = live_session(natore, citizen, django_capture_on_commit_callbacks)
    assert call_as("get", operator, session_id).status_code == 200
    AssistedSession.objects.filter(pk=session_id).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert call_as("get", operator, session_id).status_code == 403
    assert client.get(f"{OPEN}{session_id}/").json()["status"] == "expired"


def test_ended_session_is_refused(natore, citizen, django_capture_on_commit_callbacks):
    operator, client, session_id = live_session(natore, citizen, django_capture_on_commit_callbacks)
    ended = client.post(f"{OPEN}{session_id}/end/")
    assert ended.status_code == 200 and ended.json()["status"] == "ended"
    assert call_as("post", operator, session_id).status_code == 403
    assert not AssistedAction.objects.exists()
    # Confirming again after the end is refused.
    again = client.post(f"{OPEN}{session_id}/confirm/", {"code": "123456"})
    assert again.status_code == 409


def test_centre_not_serving_the_pourashava_is_refused(citizen, django_capture_on_commit_callbacks):
    natore = PourashavaFactory(code="NAT")
    faridpur = PourashavaFactory(code="FRD")
    operator, _ = udc_operator(faridpur)
    answer = open_session(
        client_for(operator), "NAT", citizen.mobile, django_capture_on_commit_callbacks
    )
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "assisted_not_allowed"
    assert not AssistedSession.objects.exists()
    assert outbox() == []  # the citizen is not bothered
    # Nor may another pourashava's cashier, nor Natore's secretary (not a counter role).
    for user in (member(Role.CASHIER, faridpur), member(Role.SECRETARY, natore)):
        refused = open_session(
            client_for(user), "NAT", citizen.mobile, django_capture_on_commit_callbacks
        )
        assert refused.status_code == 403


def test_closed_centre_or_withdrawn_role_ends_the_operators_standing(
    natore, citizen, django_capture_on_commit_callbacks
):
    operator, _, session_id = live_session(natore, citizen, django_capture_on_commit_callbacks)
    operator.roles.update(is_active=False)
    operator = type(operator).objects.get(pk=operator.pk)  # fresh: roles are cached per object
    assert call_as("get", operator, session_id).status_code == 403


def test_unknown_mobile_and_self_assist_are_refused(natore, django_capture_on_commit_callbacks):
    operator, _ = udc_operator(natore)
    client = client_for(operator)
    unknown = open_session(client, "NAT", "01799999999", django_capture_on_commit_callbacks)
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "citizen_not_found"
    bad = open_session(client, "NAT", "12345", django_capture_on_commit_callbacks)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_mobile"
    cashier = member(Role.CASHIER, natore)
    own = CitizenFactory(user=cashier, mobile="01711000099")
    refused = open_session(
        client_for(cashier), "NAT", own.mobile, django_capture_on_commit_callbacks
    )
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "assisted_self"


def test_a_newer_session_for_the_same_citizen_takes_the_code(
    natore, citizen, django_capture_on_commit_callbacks
):
    """Two operators ask at once: the older session's code is superseded, and the newer code
    cannot confirm the older session."""
    first, _ = udc_operator(natore)
    second, _ = udc_operator(natore)
    first_id = open_session(
        client_for(first), "NAT", citizen.mobile, django_capture_on_commit_callbacks
    ).json()["id"]
    AssistedSession.objects.filter(pk=first_id).update(created_at=timezone.now())
    from backend.identity.models import OtpChallenge

    OtpChallenge.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    second_id = open_session(
        client_for(second), "NAT", citizen.mobile, django_capture_on_commit_callbacks
    ).json()["id"]
    code = consent_code_for(citizen.mobile)
    stolen = client_for(first).post(f"{OPEN}{first_id}/confirm/", {"code": code})
    assert stolen.status_code == 400
    assert stolen.json()["error"]["code"] == "consent_code_mismatch"
    assert AssistedSession.objects.get(pk=first_id).confirmed_at is None
    assert AssistedSession.objects.get(pk=second_id).confirmed_at is None


def test_record_assisted_action_outside_a_session_records_nothing(citizen):
    answer = call_as("post", citizen.user)
    assert answer.status_code == 200
    assert answer.data == {"citizen": citizen.pk, "recorded": False}
    assert not AssistedAction.objects.exists()


def test_assisted_actions_are_append_only():
    session = AssistedSessionFactory()
    action = AssistedAction.objects.create(
        session=session,
        pourashava=session.pourashava,
        operator=session.operator,
        citizen=session.citizen,
        action="demo.apply",
    )
    action.action = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        action.save()
    with pytest.raises(ValueError, match="append-only"):
        action.delete()


def test_assisted_action_lists_query_count_does_not_grow_with_rows(natore):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.backend.identity.factories import AssistedActionFactory

    citizen = CitizenFactory()
    secretary = member(Role.SECRETARY, natore)
    counts = {}
    for rows in (2, 12):
        AssistedActionFactory.create_batch(
            rows - AssistedAction.objects.count(),
            session__pourashava=natore,
            session__citizen=citizen,
        )
        for name, user, url in (
            ("staff", secretary, "/api/v1/staff/assisted-actions/"),
            ("citizen", citizen.user, "/api/v1/me/assisted-actions/"),
        ):
            client = client_for(user)
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert len(client.get(url).json()["results"]) == rows
            counts.setdefault(name, []).append(len(queries))
    assert counts["staff"][0] == counts["staff"][1]
    assert counts["citizen"][0] == counts["citizen"][1]
