"""Photos and documents of a holding: a citizen uploads, then attaches their own uploads to a
holding they hold or hands them in with a register application."""

from decimal import Decimal

import pytest
from django.utils import timezone

from backend.identity.models import Role
from services.property.models import Holding, HoldingAttachment, PropertyApplication
from services.property.services.holdings import OwnerInput

# media_root (autouse): uploaded files go to a temporary directory, as in the uploads tests.
from tests.backend.uploads.conftest import media_root, pdf_bytes, png_bytes, uploaded  # noqa: F401
from tests.factories import CitizenFactory, WardFactory, staff_member
from tests.services.property.helpers import make_holding


@pytest.fixture(autouse=True)
def _english_panel(settings):
    """These tests read the panel's English wording (its Bangla is tests/backend/panel's)."""
    settings.PANEL_DEFAULT_LANGUAGE = "en"


pytestmark = pytest.mark.django_db
OWNER_MOBILE = "01711000001"  # the owner make_holding records


@pytest.fixture
def office():
    ward = WardFactory(number=5)
    p = ward.pourashava
    return {
        "ward": ward,
        "holding": make_holding(ward, number="33"),
        "owner": CitizenFactory(mobile=OWNER_MOBILE),
        "clerk": staff_member(Role.REVENUE_CLERK, p),
        "assessor": staff_member(Role.ASSESSOR, p),
        "secretary": staff_member(Role.SECRETARY, p),
    }


def _upload(api, citizen, name, content, purpose) -> str:
    api.force_authenticate(citizen.user)
    response = api.post(
        "/api/v1/me/uploads/",
        {"file": uploaded(name, content), "purpose": purpose},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


def _attach(api, citizen, holding, items):
    api.force_authenticate(citizen.user)
    return api.post(
        f"/api/v1/me/holdings/{holding.pk}/attachments/", {"attachments": items}, format="json"
    )


def _approve(api, office, number):
    for actor, action in (("clerk", "verify"), ("assessor", "inspect"), ("secretary", "approve")):
        api.force_authenticate(office[actor])
        response = api.post(
            f"/api/v1/applications/{number}/actions/", {"action": action}, format="json"
        )
        assert response.status_code == 200, response.json()


def test_owner_attaches_a_photo_and_a_deed_and_downloads_them(api, office):
    owner, holding = office["owner"], office["holding"]
    photo = _upload(api, owner, "front.png", png_bytes(), "holding_photo")
    deed_pdf = pdf_bytes()
    deed = _upload(api, owner, "Deed 1234.pdf", deed_pdf, "holding_document")

    response = _attach(
        api, owner, holding, [photo, {"upload": deed, "kind": "deed", "caption": "Sale deed"}]
    )
    assert response.status_code == 201, response.json()

    shown = api.get(f"/api/v1/me/holdings/{holding.pk}/").json()["attachments"]
    assert [(a["kind"], a["name"], a["content_type"]) for a in shown] == [
        ("photo", "front.png", "image/png"),
        ("deed", "Deed 1234.pdf", "application/pdf"),
    ]
    assert shown[1]["caption"] == "Sale deed" and shown[1]["size"] == len(deed_pdf)
    download = api.get(shown[1]["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == deed_pdf

    # Attaching the same upload again adds nothing.
    assert len(_attach(api, owner, holding, [photo]).json()["attachments"]) == 2


def test_co_owner_sees_the_attachment_but_not_a_link_to_someone_elses_file(api, office):
    holding = office["holding"]
    photo = _upload(api, office["owner"], "front.png", png_bytes(), "holding_photo")
    _attach(api, office["owner"], holding, [photo])
    co_owner = CitizenFactory(nid="1234567890", nid_verified_at=timezone.now())
    api.force_authenticate(co_owner.user)
    claim = {"pourashava": holding.pourashava.code, "ward": 5, "number": "33"}
    assert api.post("/api/v1/me/holdings/claims/", claim, format="json").status_code == 201
    shown = api.get(f"/api/v1/me/holdings/{holding.pk}/").json()["attachments"]
    assert [(a["kind"], a["url"]) for a in shown] == [("photo", None)]


def test_another_citizens_upload_cannot_be_attached_and_nothing_is_written(api, office):
    owner, holding = office["owner"], office["holding"]
    mine = _upload(api, owner, "front.png", png_bytes(), "holding_photo")
    theirs = _upload(api, CitizenFactory(), "their.png", png_bytes(), "holding_photo")

    response = _attach(api, owner, holding, [mine, theirs])
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "upload_not_found"
    assert not HoldingAttachment.objects.exists()


def test_cannot_attach_to_a_holding_that_is_not_mine(api, office):
    stranger = CitizenFactory()
    upload = _upload(api, stranger, "front.png", png_bytes(), "holding_photo")
    assert _attach(api, stranger, office["holding"], [upload]).status_code == 404
    assert not HoldingAttachment.objects.exists()


@pytest.mark.parametrize(
    ("purpose", "name", "content", "kind"),
    [
        ("holding_document", "deed.pdf", pdf_bytes(), "photo"),  # a document is not a photo
        ("holding_photo", "front.png", png_bytes(), "deed"),
        ("other", "note.pdf", pdf_bytes(), None),  # not uploaded for a holding
    ],
)
def test_attachment_kind_must_match_what_was_uploaded(api, office, purpose, name, content, kind):
    upload = _upload(api, office["owner"], name, content, purpose)
    response = _attach(api, office["owner"], office["holding"], [{"upload": upload, "kind": kind}])
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "attachment_kind_mismatch"
    assert not HoldingAttachment.objects.exists()


def test_documents_handed_in_with_a_correction_join_the_holding_on_approval(api, office):
    owner, holding = office["owner"], office["holding"]
    plan = _upload(api, owner, "plan.pdf", pdf_bytes(), "holding_document")
    response = api.post(
        "/api/v1/me/property-applications/",
        {
            "kind": "correction",
            "pourashava": holding.pourashava.code,
            "ward": 5,
            "holding": holding.pk,
            "changes": {"floors": 3},
            "attachments": [{"upload": plan, "kind": "other", "caption": "Approved plan"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    number = response.json()["number"]
    # Not the holding's until the office agrees.
    assert api.get(f"/api/v1/me/holdings/{holding.pk}/").json()["attachments"] == []

    _approve(api, office, number)
    api.force_authenticate(owner.user)
    shown = api.get(f"/api/v1/me/holdings/{holding.pk}/").json()["attachments"]
    assert [(a["name"], a["caption"]) for a in shown] == [("plan.pdf", "Approved plan")]
    attachment = HoldingAttachment.objects.get()
    assert attachment.application == PropertyApplication.objects.get(application__number=number)


def test_photo_handed_in_for_a_new_holding_number_is_on_the_new_holding(api, office):
    applicant = CitizenFactory(mobile="01819000000")
    photo = _upload(api, applicant, "house.png", png_bytes(), "holding_photo")
    response = api.post(
        "/api/v1/me/property-applications/",
        {
            "kind": "new_holding",
            "pourashava": office["ward"].pourashava.code,
            "ward": 5,
            "number": "90",
            "particulars": {
                "land_area_sqft": "1200",
                "structure_type": "tin_shed",
                "floors": 1,
                "floor_area_sqft": "600",
                "use": "residential",
                "occupancy": "owner_occupied",
            },
            "owners": [
                {"name_en": "Nasima", "name_bn": "নাসিমা", "share": "1", "mobile": "01819000000"}
            ],
            "attachments": [photo],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    _approve(api, office, response.json()["number"])
    new = Holding.objects.get(ward=office["ward"], number="90")
    api.force_authenticate(applicant.user)
    shown = api.get(f"/api/v1/me/holdings/{new.pk}/").json()["attachments"]
    assert [(a["kind"], a["name"]) for a in shown] == [("photo", "house.png")]
    assert api.get(shown[0]["url"]).status_code == 200


def test_application_with_someone_elses_upload_is_refused_whole(api, office):
    theirs = _upload(api, CitizenFactory(), "their.pdf", pdf_bytes(), "holding_document")
    api.force_authenticate(office["owner"].user)
    response = api.post(
        "/api/v1/me/property-applications/",
        {
            "kind": "correction",
            "pourashava": office["ward"].pourashava.code,
            "ward": 5,
            "holding": office["holding"].pk,
            "changes": {"floors": 3},
            "attachments": [theirs],
        },
        format="json",
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "upload_not_found"
    assert not PropertyApplication.objects.exists()
    assert not HoldingAttachment.objects.exists()


def test_clerk_sees_attachments_on_the_holding_page_read_only(api, client, office):
    holding = office["holding"]
    deed = _upload(api, office["owner"], "Khatian 77.pdf", pdf_bytes(), "holding_document")
    _attach(api, office["owner"], holding, [{"upload": deed, "kind": "khatian"}])
    other = make_holding(
        WardFactory(number=5),
        number="33",
        owners=[OwnerInput(name_en="Karim Mia", name_bn="করিম মিয়া", share=Decimal(1))],
    )

    client.force_login(office["clerk"])
    page = client.get(f"/admin/property/holding/{holding.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Khatian 77.pdf" in html and "Khatian (record of rights)" in html
    assert "Rahim Uddin" in html  # the owners' history is on the same page
    assert 'name="attachments-0-caption"' not in html  # shown, not editable
    outsider = staff_member(Role.REVENUE_CLERK, other.pourashava)
    client.force_login(outsider)
    assert client.get(f"/admin/property/holding/{holding.pk}/change/").status_code in (
        302,
        403,
        404,
    )
