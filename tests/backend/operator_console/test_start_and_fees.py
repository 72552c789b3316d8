"""Starting: a citizen new to the platform is registered at the desk and must still consent;
the centre's fees in force are shown before the code is read out (and kept with the session);
fees are kept per pourashava in the clerk panel by its secretary."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from backend.identity.models import AssistedSession, AuditEntry, Citizen, Role
from backend.operator_console.fees import fees_for
from backend.operator_console.models import ConsoleSession, ServiceFee
from tests.backend.operator_console.conftest import console, place, session_url
from tests.factories import staff_member

pytestmark = pytest.mark.django_db


def fee(pourashava, amount: str, effective_from: date, code: str = "session") -> ServiceFee:
    return ServiceFee.objects.create(
        pourashava=pourashava,
        code=code,
        name_en="Help at the centre",
        name_bn="কেন্দ্রে সহায়তা",
        amount=Decimal(amount),
        effective_from=effective_from,
        source="test value",
    )


def test_the_fee_in_force_is_the_latest_dated_one(world):
    fee(world.natore, "10.00", date(2025, 7, 1))
    fee(world.natore, "15.00", date(2026, 7, 1))
    fee(world.gopalganj, "99.00", date(2025, 7, 1))
    assert [f.amount for f in fees_for(world.natore, date(2026, 1, 1))] == [Decimal("10.00")]
    assert [f.amount for f in fees_for(world.natore, date(2026, 7, 1))] == [Decimal("15.00")]


def test_fees_are_shown_before_consent_and_kept_with_the_session(world):
    fee(world.natore, "10.00", date(2025, 7, 1))
    client = console(world.operator)
    response = client.post(
        reverse("operator_console:start"),
        {"mobile": world.citizen.mobile, "place": place(world.centre, world.natore)},
    )
    session = AssistedSession.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "কেন্দ্রে সহায়তা" in page and "১০.০০" in page
    assert ConsoleSession.objects.get(session=session).fees_shown[0]["amount"] == "10.00"
    assert not ConsoleSession.objects.get(session=session).by_phone


def test_a_new_citizen_is_registered_and_must_still_consent(world):
    client = console(world.operator)
    response = client.post(
        reverse("operator_console:register"),
        {
            "new-mobile": "০১৮১২৩৪৫৬৭৮",  # typed on a Bangla keyboard
            "new-place": place(world.centre, world.natore),
            "new-name_bn": "নতুন নাগরিক",
            "new-name_en": "New Citizen",
        },
    )
    assert response.status_code == 302
    citizen = Citizen.objects.get(mobile="01812345678")
    assert citizen.name_bn == "নতুন নাগরিক" and not citizen.user.has_usable_password()
    assert AuditEntry.objects.filter(action="citizen.register_assisted", actor=world.operator)
    session = AssistedSession.objects.get(citizen=citizen)
    assert client.get(session_url("session", session)).status_code == 403  # no consent yet
    again = client.post(
        reverse("operator_console:register"),
        {
            "new-mobile": "01812345678",
            "new-place": place(world.centre, world.natore),
            "new-name_bn": "আবার",
        },
    )
    assert again.status_code == 409


def test_a_wrong_code_opens_nothing(world):
    client = console(world.operator)
    response = client.post(
        reverse("operator_console:start"),
        {"mobile": world.citizen.mobile, "place": place(world.centre, world.natore)},
    )
    wrong = client.post(response["Location"], {"code": "000000"})
    assert wrong.status_code == 400
    assert not AssistedSession.objects.get().confirmed_at


def test_the_console_speaks_english_when_chosen(world):
    world.operator.preferred_language = "en"
    world.operator.save()
    html = console(world.operator).get(reverse("operator_console:home")).content.decode()
    assert "Serve a citizen" in html and 'lang="en"' in html


def test_a_secretary_keeps_the_fees_of_their_own_pourashava(world):
    fee(world.natore, "10.00", date(2025, 7, 1))
    fee(world.gopalganj, "20.00", date(2025, 7, 1))
    url = reverse("admin:operator_console_servicefee_changelist")
    natore = console(staff_member(Role.SECRETARY, world.natore)).get(url)
    assert natore.status_code == 200
    assert "১০.০০" in natore.content.decode() and "২০.০০" not in natore.content.decode()
    gopalganj_secretary = console(staff_member(Role.SECRETARY, world.gopalganj))
    add = gopalganj_secretary.post(
        reverse("admin:operator_console_servicefee_add"),
        {
            "pourashava": world.gopalganj.pk,
            "code": "print",
            "name_en": "Printing",
            "name_bn": "প্রিন্ট",
            "amount": "5.00",
            "effective_from": "2026-07-01",
            "source": "Gopalganj order",
        },
    )
    assert add.status_code == 302, add.content.decode()[-2000:]
    assert ServiceFee.objects.filter(pourashava=world.gopalganj, code="print").exists()


def test_the_fee_pages_of_the_panel_read_in_bangla(world):
    from tests.backend.panel.english import data_words, english_left

    fee(world.natore, "10.00", date(2025, 7, 1))
    client = console(staff_member(Role.SECRETARY, world.natore))
    found = ServiceFee.objects.get()
    allowed = data_words()
    for url in (
        reverse("admin:operator_console_servicefee_changelist"),
        reverse("admin:operator_console_servicefee_add"),
        reverse("admin:operator_console_servicefee_change", args=[found.pk]),
    ):
        html = client.get(url).content.decode()
        # Our pages' own content (the sidebar lists other apps, checked by the panel's tests).
        content = html[html.index('<div id="content"') : html.index('<footer id="footer"')]
        assert english_left(content, allowed) == [], url
