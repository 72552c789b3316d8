"""Services reach the console through the registry: an heir certificate applied for at the
desk with a scanned death certificate (the platform's upload checks), its fee taken in cash;
and the citizen's app then shows the application and, in words, what was done for them, where
and by whom (by phone for a 333 call)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from backend.identity.models import AssistedAction
from backend.payments.models import Payment
from services.certificates.models import CertificateApplication
from services.certificates.services.catalogue import install_default_types
from tests.backend.operator_console.conftest import console, open_session, session_url
from tests.services.certificates.helpers import tiny_pdf

pytestmark = pytest.mark.django_db


def heir_form(**overrides) -> dict:
    form = {
        "type": "heir",
        "language": "bn",
        "relation": "self",
        "ward": "1",
        "address_bn": "কানাইখালী, নাটোর",
        "deceased_name_bn": "আব্দুল জলিল",
        "deceased_name_en": "Abdul Jalil",
        "deceased_date_of_death": "2025-03-14",
        "heir1_name_bn": "আয়েশা বেগম",
        "heir1_name_en": "Ayesha Begum",
        "heir1_relation": "wife",
        "heir1_nid": "1987654321",
        "heir1_age": "52",
        "doc_death_certificate": SimpleUploadedFile("death.pdf", tiny_pdf(), "application/pdf"),
    }
    form.update(overrides)
    return form


@pytest.fixture
def natore_types(world):
    install_default_types(world.natore)
    world.citizen.nid = "19786912345600001"
    world.citizen.save()
    return world


def citizen_api(citizen) -> APIClient:
    api = APIClient()
    api.force_authenticate(citizen.user)
    return api


def test_heir_certificate_at_the_desk_then_the_fee_in_cash(natore_types):
    world = natore_types
    client = console(world.operator)
    session = open_session(client, world.citizen, world.centre, world.natore)
    page = client.get(session_url("session", session))
    assert "certificates.apply" in page.content.decode()
    form_page = client.get(session_url("action", session, "certificates.apply") + "?type=heir")
    assert form_page.status_code == 200 and "doc_death_certificate" in form_page.content.decode()

    response = client.post(session_url("action", session, "certificates.apply"), heir_form())
    assert response.status_code == 302, response.content.decode()[-3000:]
    detail = CertificateApplication.objects.select_related("application").get()
    assert detail.application.applicant == world.citizen
    assert detail.attachments.count() == 1
    assert f"fee={detail.fee_demand_id}" in response["Location"]
    done = set(AssistedAction.objects.filter(session=session).values_list("action", flat=True))
    assert {"certificates.apply", "upload.certificate_document"} <= done

    paid = client.post(session_url("pay", session), {"demand": detail.fee_demand_id})
    assert paid.status_code == 302
    assert Payment.objects.get().amount == detail.fee

    api = citizen_api(world.citizen)
    applications = api.get("/api/v1/me/applications/", HTTP_ACCEPT_LANGUAGE="en").json()
    rows = applications.get("results", applications)
    assert detail.application.number in [row["number"] for row in rows]
    actions = api.get("/api/v1/me/assisted-actions/", HTTP_ACCEPT_LANGUAGE="en").json()
    rows = actions.get("results", actions)
    descriptions = [row["description"] for row in rows]
    assert any(
        d.startswith("Done for you at Natore UDC by Rafiqul Islam: applied for a certificate")
        for d in descriptions
    ), descriptions
    assert any("took a payment in cash" in d for d in descriptions)
    bangla = api.get("/api/v1/me/assisted-actions/", HTTP_ACCEPT_LANGUAGE="bn").json()
    rows = bangla.get("results", bangla)
    assert any("নাটোর ইউডিসি-এ" in row["description"] for row in rows)


def test_a_missing_scan_is_refused_and_nothing_is_written(natore_types):
    world = natore_types
    client = console(world.operator)
    session = open_session(client, world.citizen, world.centre, world.natore)
    form = heir_form()
    form.pop("doc_death_certificate")
    response = client.post(session_url("action", session, "certificates.apply"), form)
    assert response.status_code == 400
    not_a_pdf = heir_form(
        doc_death_certificate=SimpleUploadedFile("death.pdf", b"MZ not a pdf", "application/pdf")
    )
    response = client.post(session_url("action", session, "certificates.apply"), not_a_pdf)
    assert response.status_code == 400
    assert not CertificateApplication.objects.exists()


def test_by_phone_the_citizen_reads_that_it_was_done_on_a_333_call(natore_types):
    world = natore_types
    client = console(world.agent)
    session = open_session(client, world.citizen, world.call_centre, world.natore)
    response = client.post(
        session_url("action", session, "certificates.apply"),
        {
            "type": "landless",
            "language": "bn",
            "relation": "self",
            "ward": "1",
            "address_bn": "কানাইখালী, নাটোর",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert "fee=" not in response["Location"]  # no cash on a call: pay online or at a desk
    actions = (
        citizen_api(world.citizen)
        .get("/api/v1/me/assisted-actions/", HTTP_ACCEPT_LANGUAGE="en")
        .json()
    )
    rows = actions.get("results", actions)
    assert rows and all(row["description"].startswith("Done for you by phone") for row in rows)


def test_what_a_service_registers_appears_without_the_console_knowing_it(world):
    from django import forms

    from backend.operator_console import registry
    from backend.operator_console.registry import (
        ConsoleAction,
        ConsoleResult,
        ConsoleRow,
        ConsoleSection,
    )

    class NoteForm(forms.Form):
        note = forms.CharField()

        def __init__(self, data=None, files=None, *, context, **kwargs):
            super().__init__(data, files, **kwargs)

    done = []

    def perform(context, data):
        done.append((context.citizen.pk, data["note"], context.by_phone))
        return ConsoleResult(message_en="Noted.", message_bn="লেখা হয়েছে।")

    section = ConsoleSection(
        code="test.things",
        title_en="Things",
        title_bn="জিনিসপত্র",
        columns=(("Thing", "জিনিস"),),
        rows=lambda context: [ConsoleRow(cells=(f"জিনিস-{context.citizen.pk}",))],
    )
    action = ConsoleAction(
        code="test.note",
        title_en="Write a note",
        title_bn="নোট লিখুন",
        form_class=NoteForm,
        perform=perform,
    )
    registry.register_console_section(section)
    registry.register_console_action(action)
    try:
        client = console(world.operator)
        session = open_session(client, world.citizen, world.centre, world.natore)
        html = client.get(session_url("session", session)).content.decode()
        assert "জিনিসপত্র" in html and "নোট লিখুন" in html
        response = client.post(session_url("action", session, "test.note"), {"note": "hello"})
        assert response.status_code == 302
        assert done == [(world.citizen.pk, "hello", False)]
    finally:
        registry._registry.sections.pop("test.things", None)
        registry._registry.actions.pop("test.note", None)
