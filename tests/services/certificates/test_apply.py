"""Applying for a certificate over the API: the form, the documents and the heirs are checked
before anything is written, every problem comes back with a code and a message in the asker's
language, and a good application is one workflow application with its fee demanded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.identity.models import AssistedAction
from backend.payments.models import Demand
from backend.uploads.models import Upload
from backend.workflow.models import ActionLog, Application
from services.certificates.models import (
    CertificateApplication,
    CertificateAttachment,
    Deceased,
    Heir,
)
from tests.backend.identity.factories import consent_code_for, udc_operator
from tests.factories import CitizenFactory
from tests.services.certificates.helpers import (
    APPLICATIONS,
    client_for,
    heir_input,
    make_town,
    tiny_pdf,
    upload_document,
    use_tmp_media,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    use_tmp_media(settings, tmp_path)
    settings.SMS_BACKEND = "memory"


@pytest.fixture
def town():
    return make_town("NAT")


def _counts() -> tuple[int, ...]:
    return (
        Application.objects.count(),
        CertificateApplication.objects.count(),
        Deceased.objects.count(),
        Heir.objects.count(),
        CertificateAttachment.objects.count(),
        Demand.objects.count(),
        ActionLog.objects.count(),
    )


def _post(client, body, language="en"):
    return client.post(APPLICATIONS, body, format="json", HTTP_ACCEPT_LANGUAGE=language)


def test_heir_application_is_recorded_whole_and_its_fee_demanded(town):
    upload = upload_document(town.citizen)
    response = _post(client_for(town.citizen.user), heir_input("NAT", 2, upload.public_id))

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "payment_due"
    assert body["waits_on"] == ["applicant"]
    assert body["ward"] == 2
    assert body["type"]["code"] == "heir"
    # Self: the profile's names and NID are the subject's.
    assert body["subject"]["name_bn"] == "আব্দুল করিম"
    assert body["subject"]["nid"] == town.citizen.nid
    assert [h["name_en"] for h in body["heirs"]] == ["Ayesha Begum", "Karim Uddin", "Shirin Akter"]
    assert body["heirs"][2]["birth_registration_number"] == "20101234567890124"  # from Bangla
    assert body["heirs"][2]["age_years"] == 14
    assert body["deceased"]["date_of_death"] == "2025-03-14"
    assert body["attachments"] == [
        {
            "document_code": "death_certificate",
            "upload": str(upload.public_id),
            "name": "death.pdf",
            "content_type": "application/pdf",
            "size": upload.size,
            "url": f"/api/v1/me/uploads/{upload.public_id}/",
        }
    ]
    assert body["certificate"] is None

    detail = CertificateApplication.objects.get(application__number=body["number"])
    application = detail.application
    assert application.applicant == town.citizen
    assert application.ward == town.wards[2]  # the ward decides the councillor
    demand = detail.fee_demand
    assert body["fee"]["amount"] == "300.00" and body["fee"]["demand_id"] == demand.pk
    assert body["fee"]["pay"]["bill"]["body"] == {"demand_ids": [demand.pk]}
    assert demand.natural_key == f"certificate:{body['number']}"
    assert (demand.service_code, demand.object_type) == ("certificates", "certificate_application")
    assert demand.citizen == town.citizen
    assert [(line.head.code, str(line.amount)) for line in demand.lines.all()] == [
        ("certificate_fee", "300.00")
    ]


def test_a_bad_heir_is_refused_in_bangla_and_nothing_is_written(town):
    upload = upload_document(town.citizen)
    body = heir_input("NAT", 1, upload.public_id)
    body["heirs"][1]["birth_registration_number"] = "2005123456789012"  # old 16-digit form
    before = _counts()

    response = _post(client_for(town.citizen.user), body, language="bn")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_brn"
    assert "১৭ অঙ্কের" in error["message"]
    assert error["fields"]["heirs.1.birth_registration_number"][0]["code"] == "invalid_brn"
    assert _counts() == before


def test_every_problem_is_reported_at_once_with_its_code(town):
    upload = upload_document(town.citizen)
    body = heir_input("NAT", 9, upload.public_id, documents=[])
    body["heirs"][0].pop("age_years")
    body["heirs"][2]["relation"] = "cousin"
    body["deceased"]["date_of_death"] = "2999-01-01"
    before = _counts()

    response = _post(client_for(town.citizen.user), body, language="en")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    codes = {path: [e["code"] for e in problems] for path, problems in error["fields"].items()}
    assert codes == {
        "ward": ["ward_unknown"],
        "documents": ["document_missing"],
        "heirs.0.date_of_birth": ["dob_or_age_required"],
        "heirs.2.relation": ["invalid_relation"],
        "deceased.date_of_death": ["date_in_future"],
    }
    assert error["fields"]["documents"][0]["message"] == (
        "Upload this document: Death certificate of the deceased."
    )
    assert _counts() == before


def test_an_heir_certificate_needs_a_deceased_and_at_least_one_heir(town):
    upload = upload_document(town.citizen)
    body = heir_input("NAT", 1, upload.public_id, heirs=[])
    body.pop("deceased")
    response = _post(client_for(town.citizen.user), body, language="bn")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["heirs"][0] == {
        "code": "heirs_required",
        "message": "অন্তত একজন উত্তরাধিকারীর তথ্য দিন।",
    }
    assert fields["deceased"][0]["code"] == "deceased_required"
    assert Application.objects.count() == 0


def test_someone_elses_upload_or_one_made_for_another_purpose_is_refused(town):
    stranger = CitizenFactory()
    theirs = upload_document(stranger)
    client = client_for(town.citizen.user)
    before = _counts()

    foreign = _post(client, heir_input("NAT", 1, theirs.public_id))
    assert foreign.json()["error"]["code"] == "upload_not_found"

    other_purpose = upload_document(town.citizen, purpose="other")
    wrong = _post(client, heir_input("NAT", 1, other_purpose.public_id))
    assert wrong.json()["error"]["code"] == "upload_purpose_mismatch"
    assert _counts() == before


def test_upload_then_apply_through_the_api(town):
    client = client_for(town.citizen.user)
    uploaded = client.post(
        "/api/v1/me/uploads/",
        {
            "file": SimpleUploadedFile("death-cert.pdf", tiny_pdf()),
            "purpose": "certificate_document",
        },
        format="multipart",
    )
    assert uploaded.status_code == 201, uploaded.content
    response = _post(client, heir_input("NAT", 1, uploaded.json()["id"]))
    assert response.status_code == 201, response.content
    assert response.json()["attachments"][0]["name"] == "death-cert.pdf"


def test_type_form_fields_are_checked_and_bangla_digits_accepted(town):
    client = client_for(town.citizen.user)
    base = {"pourashava": "NAT", "type": "income", "ward": "১", "address_bn": "নাটোর"}

    bad = _post(client, {**base, "answers": {"annual_income": "অনেক", "colour": "blue"}}, "bn")
    assert bad.status_code == 400
    fields = bad.json()["error"]["fields"]
    assert fields["answers.annual_income"][0]["code"] == "invalid_number"
    assert fields["answers.income_source"][0]["code"] == "required"
    assert fields["answers.colour"][0]["code"] == "unknown_field"

    good = _post(client, {**base, "answers": {"annual_income": "১,২০,০০০", "income_source": "কৃষি"}})
    assert good.status_code == 201, good.content
    assert good.json()["answers"] == {"annual_income": "120000", "income_source": "কৃষি"}
    assert good.json()["fee"]["amount"] == "5.00"
    assert good.json()["ward"] == 1


def test_the_language_and_the_type_must_exist(town):
    client = client_for(town.citizen.user)
    response = _post(client, {"pourashava": "NAT", "type": "dog_licence", "language": "fr"}, "bn")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["type"][0]["code"] == "certificate_type_unknown"
    assert fields["language"][0]["code"] == "invalid_language"
    assert fields["type"][0]["message"] == "এই পৌরসভায় এমন কোনো সনদ নেই।"


def test_application_for_a_family_member_is_about_them_not_the_applicant(town):
    client = client_for(town.citizen.user)
    body = {
        "pourashava": "NAT",
        "type": "character",
        "language": "en",
        "relation": "son",
        "ward": 1,
        "name_en": "Karim Uddin",
        "name_bn": "করিম উদ্দিন",
        "father_name_en": "Abdul Karim",
        "birth_registration_number": "20051234567890123",
        "date_of_birth": "2005-06-01",
        "address_en": "Kanaikhali, Natore",
    }
    response = _post(client, body)
    assert response.status_code == 201, response.content
    subject = response.json()["subject"]
    assert (subject["name_en"], subject["nid"]) == ("Karim Uddin", "")
    assert subject["birth_registration_number"] == "20051234567890123"
    detail = CertificateApplication.objects.get()
    assert detail.relation == "son"
    assert detail.application.applicant == town.citizen
    assert detail.fee == town.pourashava.certificate_types.get(code="character").fee_en

    # A family member's names are not taken from the applicant's profile.
    missing = _post(client, {**body, "name_en": "", "birth_registration_number": ""})
    fields = missing.json()["error"]["fields"]
    assert fields["name_en"][0]["code"] == "required"
    assert fields["nid"][0]["code"] == "identity_number_required"


def test_udc_operator_applies_for_a_citizen_with_their_consent(
    town, django_capture_on_commit_callbacks
):
    operator, _centre = udc_operator(town.pourashava)
    client = client_for(operator)
    with django_capture_on_commit_callbacks(execute=True):
        opened = client.post(
            "/api/v1/assist/sessions/",
            {"mobile": town.citizen.mobile, "pourashava": "NAT"},
            format="json",
        )
    assert opened.status_code == 201, opened.content
    session_id = opened.json()["id"]

    # Without the citizen's consent the operator cannot apply for them.
    upload = upload_document(town.citizen)
    refused = client.post(
        APPLICATIONS,
        heir_input("NAT", 1, upload.public_id),
        format="json",
        HTTP_X_ASSISTED_SESSION=session_id,
    )
    assert refused.status_code == 403
    assert Application.objects.count() == 0

    code = consent_code_for(town.citizen.mobile)
    confirmed = client.post(
        f"/api/v1/assist/sessions/{session_id}/confirm/", {"code": code}, format="json"
    )
    assert confirmed.status_code == 200, confirmed.content

    applied = client.post(
        APPLICATIONS,
        heir_input("NAT", 1, upload.public_id),
        format="json",
        HTTP_X_ASSISTED_SESSION=session_id,
    )
    assert applied.status_code == 201, applied.content
    application = Application.objects.get(number=applied.json()["number"])
    assert application.applicant == town.citizen
    submitted = application.log.get(action="submit")
    assert submitted.actor == operator
    assert str(submitted.assisted_session_id) == session_id
    recorded = AssistedAction.objects.get(action="certificates.apply")
    assert (recorded.citizen, recorded.object_id) == (town.citizen, str(application.pk))

    # The citizen sees it among their own applications.
    mine = client_for(town.citizen.user).get(APPLICATIONS)
    assert [a["number"] for a in mine.json()["results"]] == [application.number]


def test_an_operator_session_for_another_pourashava_cannot_apply_here(
    town, django_capture_on_commit_callbacks
):
    other = make_town("SIN", citizen=town.citizen)
    operator, _centre = udc_operator(town.pourashava, other.pourashava)
    client = client_for(operator)
    with django_capture_on_commit_callbacks(execute=True):
        opened = client.post(
            "/api/v1/assist/sessions/",
            {"mobile": town.citizen.mobile, "pourashava": "SIN"},
            format="json",
        )
    session_id = opened.json()["id"]
    client.post(
        f"/api/v1/assist/sessions/{session_id}/confirm/",
        {"code": consent_code_for(town.citizen.mobile)},
        format="json",
    )
    upload = upload_document(town.citizen)
    response = client.post(
        APPLICATIONS,
        heir_input("NAT", 1, upload.public_id),
        format="json",
        HTTP_X_ASSISTED_SESSION=session_id,
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "assisted_other_pourashava"
    assert Application.objects.count() == 0


def test_a_returned_application_is_corrected_and_goes_back_to_the_councillor(town):
    from backend.workflow.services import take_action

    upload = upload_document(town.citizen)
    client = client_for(town.citizen.user)
    number = _post(client, heir_input("NAT", 1, upload.public_id)).json()["number"]
    application = Application.objects.get(number=number)
    Application.objects.filter(pk=application.pk).update(state="with_councillor")
    take_action(
        application=application,
        action="send_back",
        actor=town.councillors[1],
        comment="The second heir's birth registration number is wrong.",
    )
    url = f"{APPLICATIONS}{number}/resubmit/"

    # A bad correction changes nothing.
    heirs = heir_input("NAT", 1, upload.public_id)["heirs"]
    heirs[1]["birth_registration_number"] = "123"
    refused = client.post(url, {"heirs": heirs}, format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["heirs.1.birth_registration_number"]
    assert Heir.objects.get(position=2).birth_registration_number == "20051234567890123"

    heirs[1]["birth_registration_number"] = "20051234567890999"
    heirs.append(
        {"name_en": "Rubina Akter", "name_bn": "রুবিনা আক্তার", "relation": "daughter", "age_years": 9}
    )
    nid_copy = upload_document(town.citizen, name="nids.pdf")
    fixed = client.post(
        url,
        {
            "heirs": heirs,
            "documents": [{"code": "heir_identity_documents", "upload": str(nid_copy.public_id)}],
            "comment": "Corrected.",
        },
        format="json",
    )
    assert fixed.status_code == 200, fixed.content
    body = fixed.json()
    assert body["state"] == "with_councillor"
    assert [h["birth_registration_number"] for h in body["heirs"]][1] == "20051234567890999"
    assert len(body["heirs"]) == 4
    assert {a["document_code"] for a in body["attachments"]} == {
        "death_certificate",
        "heir_identity_documents",
    }
    assert application.log.last().action == "resubmit"

    # Only a returned application can be resubmitted, and only by its applicant.
    again = client.post(url, {}, format="json")
    assert again.status_code == 409
    stranger = client_for(CitizenFactory().user).post(url, {}, format="json")
    assert stranger.status_code == 404
    assert Upload.objects.filter(owner=town.citizen).count() == 2


def test_odd_shapes_are_refused_with_a_code_not_a_server_error(town):
    """A list where a code or relation is due, or a number with a huge exponent, is a 400 at
    the value's path (it was a 500: an unhashable key, a Decimal overflow)."""
    client = client_for(town.citizen.user)
    client.raise_request_exception = False
    upload = upload_document(town.citizen)
    body = heir_input("NAT", 1, upload.public_id)
    body["documents"] = [{"code": ["death_certificate"], "upload": str(upload.public_id)}]
    body["heirs"][0]["relation"] = ["wife"]
    before = _counts()

    response = _post(client, body, language="bn")

    assert response.status_code == 400, response.content
    fields = response.json()["error"]["fields"]
    assert fields["documents.0.code"][0]["code"] == "document_unknown"
    assert fields["heirs.0.relation"][0] == {
        "code": "invalid_relation",
        "message": "তালিকা থেকে সম্পর্ক বেছে নিন।",
    }
    assert _counts() == before


@pytest.mark.parametrize("income", ["1e99999999", "1e999", "1e-999", "123456789012345678901"])
def test_a_number_answer_cannot_be_a_million_digits(town, income):
    client = client_for(town.citizen.user)
    client.raise_request_exception = False
    base = {"pourashava": "NAT", "type": "income", "ward": 1, "address_bn": "নাটোর"}
    answers = {"annual_income": income, "income_source": "কৃষি"}
    response = _post(client, {**base, "answers": answers})
    assert response.status_code == 400, response.content[:200]
    fields = response.json()["error"]["fields"]
    assert fields["answers.annual_income"][0]["code"] == "invalid_number"
    assert Application.objects.count() == 0
    # An ordinary large income with paisa is still a number.
    answers["annual_income"] = "1,20,00,000.50"
    assert _post(client, {**base, "answers": answers}).status_code == 201


def _returned(town, client, **overrides) -> str:
    """An application of `town.citizen`'s, sent back by its ward's councillor; its number."""
    from backend.workflow.services import take_action

    upload = upload_document(town.citizen)
    number = _post(client, heir_input("NAT", 1, upload.public_id, **overrides)).json()["number"]
    application = Application.objects.get(number=number)
    Application.objects.filter(pk=application.pk).update(state="with_councillor")
    take_action(
        application=application,
        action="send_back",
        actor=town.councillors[1],
        comment="This address is in ward 2, not ward 1.",
    )
    return number


def test_a_corrected_ward_moves_the_application_to_that_wards_councillor(town):
    """Fixing the ward is a correction like any other: the councillor of the new ward
    recommends (the first councillor's send-back stays in the history), the first one no
    longer sees it, and a mahalla of the old ward is not carried over."""
    from tests.factories import MahallaFactory
    from tests.services.certificates.helpers import QUEUE, staff_detail_url

    mahalla = MahallaFactory(pourashava=town.pourashava, ward=town.wards[1])
    client = client_for(town.citizen.user)
    number = _returned(town, client, mahalla=mahalla.pk)

    moved = client.post(f"{APPLICATIONS}{number}/resubmit/", {"ward": "২"}, format="json")

    assert moved.status_code == 200, moved.content
    assert (moved.json()["ward"], moved.json()["state"]) == (2, "with_councillor")
    detail = CertificateApplication.objects.get(application__number=number)
    assert (detail.ward, detail.mahalla, detail.application.ward) == (
        town.wards[2],
        None,
        town.wards[2],
    )
    new, old = client_for(town.councillors[2]), client_for(town.councillors[1])
    assert number in [r["number"] for r in new.get(QUEUE).json()["results"]]
    history = new.get(staff_detail_url(number)).json()["history"]
    assert [h["action"] for h in history][-2:] == ["send_back", "resubmit"]
    assert old.get(staff_detail_url(number)).status_code == 404


def test_odd_document_codes_on_resubmit_are_a_400(town):
    client = client_for(town.citizen.user)
    client.raise_request_exception = False
    number = _returned(town, client)
    response = client.post(
        f"{APPLICATIONS}{number}/resubmit/",
        {"documents": [{"code": ["death_certificate"], "upload": "x"}]},
        format="json",
    )
    assert response.status_code == 400, response.content[:200]
    # The stored death certificate stays first; the odd item follows it.
    fields = response.json()["error"]["fields"]
    assert fields["documents.1.code"][0]["code"] == "document_unknown"
    assert Application.objects.get(number=number).state == "returned"


def test_an_operator_session_for_another_pourashava_cannot_resubmit_here(
    town, django_capture_on_commit_callbacks
):
    other = make_town("SIN", citizen=town.citizen)
    number = _returned(town, client_for(town.citizen.user))
    operator, _centre = udc_operator(town.pourashava, other.pourashava)
    client = client_for(operator)
    with django_capture_on_commit_callbacks(execute=True):
        opened = client.post(
            "/api/v1/assist/sessions/",
            {"mobile": town.citizen.mobile, "pourashava": "SIN"},
            format="json",
        )
    session_id = opened.json()["id"]
    client.post(
        f"/api/v1/assist/sessions/{session_id}/confirm/",
        {"code": consent_code_for(town.citizen.mobile)},
        format="json",
    )
    response = client.post(
        f"{APPLICATIONS}{number}/resubmit/",
        {"address_en": "Somewhere else"},
        format="json",
        HTTP_X_ASSISTED_SESSION=session_id,
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "assisted_other_pourashava"
    # Nor through the workflow engine's generic actions endpoint.
    engine = client.post(
        f"/api/v1/applications/{number}/actions/",
        {"action": "resubmit"},
        format="json",
        HTTP_X_ASSISTED_SESSION=session_id,
    )
    assert engine.status_code in (403, 404)
    detail = CertificateApplication.objects.get(application__number=number)
    assert (detail.application.state, detail.address_en) == ("returned", "Kanaikhali, Natore")


def test_an_operator_without_a_live_session_sees_and_changes_nothing(town):
    """No header: the operator is not a citizen. A session of another operator's, or a made-up
    one: refused. Either way the citizen's application is neither shown nor resubmitted."""
    number = _returned(town, client_for(town.citizen.user))
    operator, _centre = udc_operator(town.pourashava)
    client = client_for(operator)
    for headers in ({}, {"HTTP_X_ASSISTED_SESSION": "00000000-0000-0000-0000-000000000000"}):
        assert client.get(APPLICATIONS, **headers).status_code == 403
        assert client.get(f"{APPLICATIONS}{number}/", **headers).status_code == 403
        resubmitted = client.post(f"{APPLICATIONS}{number}/resubmit/", {}, **headers)
        assert resubmitted.status_code == 403
    assert Application.objects.get(number=number).state == "returned"
