"""A Natore UDC desk, the 333 call line, a citizen with dues in Natore, and Gopalganj (which
the desk does not serve); helpers that log in to the console and open a session the way an
operator does (the consent code read from the SMS outbox)."""

import pytest
from django.test import Client
from django.urls import reverse

from backend.identity.models import AssistedSession, Role
from backend.notifications.backends.memory import clear_outbox
from tests.backend.identity.factories import consent_code_for
from tests.backend.notifications.outbox import SmsOutbox
from tests.backend.payments.factories import demand_for
from tests.factories import (
    CitizenFactory,
    PourashavaFactory,
    UdcCentreFactory,
    WardFactory,
    staff_member,
)


@pytest.fixture(autouse=True)
def _console_setup(settings, tmp_path):
    settings.SMS_BACKEND = "memory"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    clear_outbox()
    yield
    clear_outbox()


class World:
    def __init__(self) -> None:
        self.natore = PourashavaFactory(code="NAT", name_en="Natore", name_bn="নাটোর")
        self.gopalganj = PourashavaFactory(code="GOP", name_en="Gopalganj", name_bn="গোপালগঞ্জ")
        for p in (self.natore, self.gopalganj):
            WardFactory(pourashava=p, number=1)
        self.centre = UdcCentreFactory(
            code="UDC-NAT-T",
            name_en="Natore UDC",
            name_bn="নাটোর ইউডিসি",
            pourashavas=[self.natore],
        )
        self.call_centre = UdcCentreFactory(
            code="CALL-T",
            name_en="333 call centre",
            name_bn="৩৩৩ কল সেন্টার",
            pourashavas=[self.natore, self.gopalganj],
        )
        self.operator = staff_member(Role.UDC_OPERATOR, None, udc_centre=self.centre)
        self.operator.full_name = "Rafiqul Islam"
        self.operator.save()
        self.agent = staff_member(Role.CALL_AGENT, None, udc_centre=self.call_centre)
        self.cashier = staff_member(Role.CASHIER, self.natore)
        self.citizen = CitizenFactory(name_en="Abdul Karim", name_bn="আব্দুল করিম")
        self.other = CitizenFactory(name_en="Rahima Begum", name_bn="রহিমা বেগম")
        self.demand = demand_for(self.citizen, self.natore)


@pytest.fixture
def world(db) -> World:
    return World()


def console(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def place(centre, pourashava) -> str:
    return f"{centre.pk}:{pourashava.pk}"


def start(client: Client, citizen, centre, pourashava):
    return client.post(
        reverse("operator_console:start"),
        {"mobile": citizen.mobile, "place": place(centre, pourashava)},
    )


def open_session(client: Client, citizen, centre, pourashava) -> AssistedSession:
    """Send the code, read it from the citizen's SMS, type it in: a live session."""
    response = start(client, citizen, centre, pourashava)
    assert response.status_code == 302, response.content.decode()[:500]
    session = AssistedSession.objects.filter(citizen=citizen).latest("created_at")
    SmsOutbox().flush()  # the SMS goes out on commit, which a test transaction never makes
    code = consent_code_for(citizen.mobile)
    response = client.post(reverse("operator_console:consent", args=[session.pk]), {"code": code})
    assert response.status_code == 302, response.content.decode()[:800]
    session.refresh_from_db()
    assert session.is_live()
    return session


def session_url(name: str, session, *args) -> str:
    return reverse(f"operator_console:{name}", args=[session.pk, *args])
