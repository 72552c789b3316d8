"""Staff login throttling (issue 10, item 2): held back by username *and* address with a growing
delay, and by address across usernames; the clerk keeps signing in from their own address; the
pourashava's secretary and mayor are told; the admin login form is guarded the same way."""

import pytest
from django.test import Client

from backend.identity.models import AuditEntry, Role, SecurityNotice
from tests.factories import TEST_PASSWORD, PourashavaFactory, RoleAssignmentFactory, staff_member

pytestmark = pytest.mark.django_db

STAFF_TOKEN = "/api/v1/auth/staff-token/"
ATTACKER = "203.0.113.9"
CLERK_DESK = "10.20.30.40"


@pytest.fixture
def limits(settings):
    settings.STAFF_LOGIN_MAX_FAILURES = 5
    settings.STAFF_LOGIN_LOCK_SECONDS = 900
    settings.STAFF_LOGIN_DELAY_AFTER = 2
    settings.STAFF_LOGIN_DELAY_BASE_SECONDS = 2
    settings.STAFF_LOGIN_DELAY_MAX_SECONDS = 3600
    settings.STAFF_LOGIN_ADDRESS_MAX_FAILURES = 20
    settings.STAFF_LOGIN_ADDRESS_WINDOW_SECONDS = 900
    return settings


@pytest.fixture
def natore():
    return PourashavaFactory(code="NAT")


@pytest.fixture
def cashier(natore):
    return RoleAssignmentFactory(
        role=Role.CASHIER, pourashava=natore, user__username="nat.cashier"
    ).user


def login(api, username, password, address, **extra):
    return api.post(
        STAFF_TOKEN,
        {"username": username, "password": password},
        format="json",
        REMOTE_ADDR=address,
        **extra,
    )


def fail_until_locked(api, clock, username, address, times):
    """Wrong passwords, waiting out each growing delay (as a patient attacker would)."""
    for _ in range(times):
        answer = login(api, username, "guess", address)
        assert answer.status_code == 401, answer.content
        clock.advance(hours=2)  # past any delay, but axes's own clock does not move


def test_locking_a_username_from_one_address_leaves_the_clerk_signing_in(
    api, cashier, limits, clock
):
    fail_until_locked(api, clock, "nat.cashier", ATTACKER, 5)
    # The attacker's address is refused, even with the right password, with Retry-After.
    refused = login(api, "nat.cashier", TEST_PASSWORD, ATTACKER)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "login_locked"
    assert 890 <= int(refused["Retry-After"]) <= 901
    # The clerk, at their own desk, signs in as usual.
    assert login(api, "nat.cashier", TEST_PASSWORD, CLERK_DESK).status_code == 200


def test_the_delay_grows_with_each_wrong_password(api, cashier, limits, clock):
    limits.STAFF_LOGIN_MAX_FAILURES = 50  # this test is about the delay before any lock
    for _ in range(2):
        assert login(api, "nat.cashier", "guess", ATTACKER).status_code == 401
    waits = []
    for _ in range(4):
        assert login(api, "nat.cashier", "guess", ATTACKER).status_code == 401
        held = login(api, "nat.cashier", TEST_PASSWORD, ATTACKER)  # at once: held back
        assert held.status_code == 429
        assert held.json()["error"]["code"] == "login_delayed"
        waits.append(int(held["Retry-After"]))
        clock.advance(seconds=waits[-1])
    assert waits == [2, 4, 8, 16]
    # Once the delay is over, the right password gets in; and that clears the delay.
    assert login(api, "nat.cashier", TEST_PASSWORD, ATTACKER).status_code == 200
    assert login(api, "nat.cashier", "guess", ATTACKER).status_code == 401
    assert login(api, "nat.cashier", TEST_PASSWORD, ATTACKER).status_code == 200


def test_one_address_trying_many_usernames_is_refused(api, cashier, limits, clock):
    """The attack the fault tests found: 40 wrong passwords over 10 usernames, all 401."""
    answers = []
    for attempt in range(40):
        answers.append(login(api, f"clerk{attempt % 10}", "guess", ATTACKER))
        clock.advance(seconds=30)  # slow enough that no single username's delay applies
    statuses = [a.status_code for a in answers]
    assert statuses[:20] == [401] * 20
    assert statuses[20:] == [429] * 20
    assert {a.json()["error"]["code"] for a in answers[20:]} == {"login_address_locked"}
    assert 0 < int(answers[-1]["Retry-After"]) <= 900
    # Every username is refused from there, the right password too; not from elsewhere.
    assert login(api, "nat.cashier", TEST_PASSWORD, ATTACKER).status_code == 429
    assert login(api, "nat.cashier", TEST_PASSWORD, CLERK_DESK).status_code == 200
    # National administrators hear of it (none of those usernames is a pourashava's staff).
    entry = AuditEntry.objects.get(action="identity.login_address_locked")
    assert entry.client_address == ATTACKER
    assert entry.pourashava_id is None
    assert len(entry.after["usernames"]) == 10


def test_the_pourashava_is_told_once_in_both_languages(api, cashier, natore, limits, clock):
    other = PourashavaFactory(code="GOP")
    fail_until_locked(api, clock, "NAT.Cashier", ATTACKER, 5)
    for _ in range(3):  # refused tries while locked raise no new alert
        assert login(api, "nat.cashier", "guess", ATTACKER).status_code == 429

    entry = AuditEntry.objects.get(action="identity.login_locked")
    assert entry.pourashava == natore
    assert entry.client_address == ATTACKER
    assert entry.after["username"] == "nat.cashier"
    notice = SecurityNotice.objects.get()
    assert notice.pourashava == natore
    assert "nat.cashier" in notice.message_en and ATTACKER in notice.message_en
    assert "nat.cashier" in notice.message_bn and "১৫ মিনিট" in notice.message_bn

    # The secretary sees it in the panel; another pourashava's secretary does not.
    secretary = Client()
    secretary.force_login(staff_member(Role.SECRETARY, natore))
    page = secretary.get("/admin/identity/securitynotice/")
    assert page.status_code == 200
    assert "nat.cashier" in page.content.decode()
    outsider = Client()
    outsider.force_login(staff_member(Role.SECRETARY, other))
    assert "nat.cashier" not in outsider.get("/admin/identity/securitynotice/").content.decode()


def test_refusal_in_bangla(api, cashier, limits, clock):
    for _ in range(3):
        login(api, "nat.cashier", "guess", ATTACKER)
    held = login(api, "nat.cashier", "guess", ATTACKER, HTTP_ACCEPT_LANGUAGE="bn")
    assert held.status_code == 429
    message = held.json()["error"]["message"]
    assert "সেকেন্ড অপেক্ষা করুন" in message
    assert "২" in message  # Bangla digits in Bangla text


def test_admin_login_form_is_guarded_the_same_way(cashier, limits, clock):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(5):
        page = attacker.post("/admin/login/", {"username": "nat.cashier", "password": "guess"})
        assert page.status_code in (200, 429)  # the form again (or refused on the 5th)
        clock.advance(hours=2)
    refused = attacker.post(
        "/admin/login/?next=/admin/",
        {"username": "nat.cashier", "password": TEST_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="bn",
    )
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "সেকেন্ড পরে" in refused.content.decode()
    assert "_auth_user_id" not in attacker.session
    # From the clerk's own desk the form logs in.
    desk = Client(REMOTE_ADDR=CLERK_DESK)
    page = desk.post("/admin/login/", {"username": "nat.cashier", "password": TEST_PASSWORD})
    assert page.status_code == 302
    assert desk.session["_auth_user_id"] == str(cashier.pk)
