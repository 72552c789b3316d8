"""The pourashava revokes a certificate (its QR then says revoked) or corrects it (a new
certificate that supersedes the old one); staff elsewhere cannot touch it."""

import pytest

from backend.common.errors import Forbidden
from backend.documents.models import DocumentStatus, IssuedDocument
from backend.documents.services import ensure_pdf
from backend.identity.models import AuditEntry, Role
from services.certificates.models import CertificateApplication, Heir
from services.certificates.services.issuing import KIND, application_of, revoke_certificate
from tests.backend.documents.helpers import pdf_text, qr_texts
from tests.factories import staff_member
from tests.services.certificates.doc_helpers import (
    issued_certificate,
    make_office,
    token_of,
    use_fresh_signing_key,
)

pytestmark = pytest.mark.django_db

CORRECTED_HEIRS = [
    {"name_en": "Ayesha Siddika", "name_bn": "আয়েশা সিদ্দিকা", "relation": "wife", "age_years": 52},
    {
        "name_en": "Karim Uddin",
        "name_bn": "করিম উদ্দিন",
        "relation": "son",
        "birth_registration_number": "20051234567890123",
        "date_of_birth": "2006-02-11",
    },
    {"name_en": "Shirin Akter", "name_bn": "শিরিন আক্তার", "relation": "daughter", "age_years": 14},
]


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    use_fresh_signing_key(settings)


@pytest.fixture
def office():
    return make_office()


@pytest.fixture
def certificate(office) -> IssuedDocument:
    return issued_certificate(office, language="en").certificate


def _revoke(api, user, number, reason="Issued on a forged death certificate."):
    api.force_authenticate(user=user)
    return api.post(
        f"/api/v1/staff/certificates/{number}/revoke/", {"reason": reason}, format="json"
    )


def _correct(api, user, number, changes, reason="Wife's name misspelt by the applicant."):
    api.force_authenticate(user=user)
    return api.post(
        f"/api/v1/staff/certificates/{number}/correct/",
        {"changes": changes, "reason": reason},
        format="json",
    )


def test_after_revoking_the_same_qr_says_revoked(api, office, certificate):
    [scanned] = qr_texts(ensure_pdf(document=certificate))
    token = token_of(scanned)
    assert api.get(f"/api/v1/verify/{token}/").json()["status"] == "valid"

    response = _revoke(api, office.officer, certificate.number)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "revoked"

    api.force_authenticate(user=None)
    verdict = api.get(f"/api/v1/verify/{token}/").json()
    assert verdict["genuine"] is True and verdict["status"] == "revoked"
    assert verdict["revoked_at"] is not None
    page = api.get(f"/verify/{token}").content.decode()
    assert "Revoked" in page and "বাতিল" in page
    assert "Issued on a forged death certificate." in page
    entry = AuditEntry.objects.get(action="document.revoked", object_id=str(certificate.pk))
    assert entry.actor == office.officer

    # The holder can no longer download it as if it were in force.
    api.force_authenticate(user=office.citizen.user)
    answer = api.get(f"/api/v1/me/certificates/{certificate.number}/pdf")
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "certificate_revoked"


def test_the_secretary_and_mayor_of_the_pourashava_may_revoke(api, office):
    for role in (Role.SECRETARY, Role.MAYOR):
        document = issued_certificate(office).certificate
        assert (
            _revoke(api, staff_member(role, office.pourashava), document.number).status_code == 200
        )


def test_staff_of_another_pourashava_get_404_and_the_certificate_stays_valid(api, certificate):
    elsewhere = make_office("FRD")
    for user in (
        elsewhere.officer,
        staff_member(Role.SECRETARY, elsewhere.pourashava),
        staff_member(Role.MAYOR, elsewhere.pourashava),
    ):
        assert _revoke(api, user, certificate.number).status_code == 404
        assert _correct(api, user, certificate.number, {"name_en": "X"}).status_code == 404
    certificate.refresh_from_db()
    assert certificate.status == DocumentStatus.VALID
    assert IssuedDocument.objects.filter(kind=KIND).count() == 1


def test_other_roles_of_the_pourashava_and_citizens_may_not_revoke(api, office, certificate):
    for user in (
        office.councillor,
        staff_member(Role.CASHIER, office.pourashava),
        office.citizen.user,
    ):
        assert _revoke(api, user, certificate.number).status_code == 403
    with pytest.raises(Forbidden):
        revoke_certificate(certificate, "no", office.councillor)
    certificate.refresh_from_db()
    assert certificate.status == DocumentStatus.VALID


def test_revoking_needs_a_reason_and_happens_once(api, office, certificate):
    assert _revoke(api, office.officer, certificate.number, reason="").status_code == 400
    assert _revoke(api, office.officer, certificate.number).status_code == 200
    again = _revoke(api, office.officer, certificate.number)
    assert again.status_code == 409 and again.json()["error"]["code"] == "document_already_revoked"


def test_a_correction_issues_a_new_certificate_that_supersedes_the_old(api, office, certificate):
    old_token = certificate.token
    response = _correct(
        api,
        office.officer,
        certificate.number,
        {"heirs": CORRECTED_HEIRS, "address_en": "Kanaikhali"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["supersedes"] == certificate.number
    assert body["number"] != certificate.number and body["number"].endswith("-000002")
    assert body["status"] == "valid"

    new = IssuedDocument.objects.get(kind=KIND, number=body["number"])
    certificate.refresh_from_db()
    assert certificate.status == DocumentStatus.SUPERSEDED and certificate.superseded_by == new
    detail = CertificateApplication.objects.get(certificate=new)
    assert [h.name_en for h in Heir.objects.filter(application=detail)] == [
        "Ayesha Siddika",
        "Karim Uddin",
        "Shirin Akter",
    ]
    assert new.holder == office.citizen and new.language == "en"

    # The old QR says superseded and names the new certificate, on the API and the page.
    api.force_authenticate(user=None)
    verdict = api.get(f"/api/v1/verify/{old_token}/").json()
    assert verdict["status"] == "superseded" and verdict["superseded_by"] == new.number
    page = api.get(f"/verify/{old_token}").content.decode()
    assert new.number in page
    assert api.get(f"/api/v1/verify/{new.token}/").json()["status"] == "valid"

    # The new paper prints the corrected heirs and the new wording.
    text = pdf_text(ensure_pdf(document=new))
    assert "Ayesha Siddika" in text and "Ayesha Begum" not in text
    assert "of Kanaikhali, died on" in " ".join(text.split())
    assert "11 February 2006" in text

    entry = AuditEntry.objects.get(action="certificate.corrected")
    assert entry.before["certificate"] == certificate.number
    assert entry.after["certificate"] == new.number
    assert entry.after["reason"] == "Wife's name misspelt by the applicant."


def test_a_bad_correction_changes_nothing(api, office, certificate):
    unknown = _correct(api, office.officer, certificate.number, {"fee": "0.00"})
    assert unknown.status_code == 400
    assert unknown.json()["error"]["code"] == "correction_not_allowed"
    no_age = [{"name_en": "A", "name_bn": "এ", "relation": "son"}]
    invalid = _correct(api, office.officer, certificate.number, {"heirs": no_age})
    assert invalid.status_code == 400
    # The same paths as the application's own errors (heirs counted from 0).
    assert "heirs.0.date_of_birth" in invalid.json()["error"]["fields"]
    bad_relation = [{"name_en": "A", "name_bn": "এ", "relation": "cousin", "age_years": 3}]
    assert (
        _correct(api, office.officer, certificate.number, {"heirs": bad_relation}).status_code
        == 400
    )
    assert _correct(api, office.officer, certificate.number, {}).status_code == 400

    assert IssuedDocument.objects.filter(kind=KIND).count() == 1
    certificate.refresh_from_db()
    assert certificate.status == DocumentStatus.VALID
    assert Heir.objects.filter(application__certificate=certificate).count() == 3


def test_a_revoked_certificate_cannot_be_corrected(api, office, certificate):
    _revoke(api, office.officer, certificate.number)
    response = _correct(api, office.officer, certificate.number, {"name_en": "Rahim Uddin Sarkar"})
    assert response.status_code == 409
    detail = application_of(certificate)
    assert detail.name_en == "Rahim Uddin" and detail.certificate == certificate


def test_a_certificate_is_corrected_once_a_second_correction_of_it_is_refused(
    api, office, certificate
):
    # Two officers correcting the same paper (one after the other, as the application's lock
    # orders two at once): the second must not silently supersede the first one's new certificate.
    first = _correct(api, office.officer, certificate.number, {"address_en": "Kanaikhali"})
    assert first.status_code == 201, first.content
    second = _correct(api, office.officer, certificate.number, {"address_en": "Harishpur"})
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "document_not_supersedable"

    new = IssuedDocument.objects.get(number=first.json()["number"])
    assert new.status == DocumentStatus.VALID
    assert IssuedDocument.objects.filter(kind=KIND).count() == 2
    assert application_of(new).address_en == "Kanaikhali"
    assert AuditEntry.objects.filter(action="certificate.corrected").count() == 1


def test_a_correction_is_checked_as_strictly_as_the_application(api, office, certificate):
    # What a citizen could not put on the certificate, a correction cannot either: a malformed
    # NID, a date of death in the future, an heir listed as "self", or a list of 41 heirs.
    heir = {"name_en": "Karim", "name_bn": "করিম", "relation": "son", "age_years": 19}
    refused = {
        "nid": {"nid": "12ab"},
        "deceased.date_of_death": {"deceased": {"date_of_death": "2999-01-01"}},
        "deceased.nid": {"deceased": {"nid": "123"}},
        "heirs.0.nid": {"heirs": [{**heir, "nid": "98765"}]},
        "heirs.0.relation": {"heirs": [{**heir, "relation": "self"}]},
        "heirs": {"heirs": [heir] * 41},
    }
    for path, changes in refused.items():
        response = _correct(api, office.officer, certificate.number, changes)
        assert response.status_code == 400, (path, response.content)
        assert path in response.json()["error"]["fields"], (path, response.json())

    assert IssuedDocument.objects.filter(kind=KIND).count() == 1
    detail = application_of(certificate)
    assert detail.nid != "12ab" and detail.deceased.nid != "123"
    assert Heir.objects.filter(application=detail).count() == 3


def test_a_corrected_number_is_stored_as_the_application_would_store_it(api, office, certificate):
    detail = application_of(certificate)
    response = _correct(
        api,
        office.officer,
        certificate.number,
        {"nid": "১২৩৪৫৬৭৮৯০", "heirs": [{**CORRECTED_HEIRS[1], "nid": " 1987654321 "}]},
    )
    assert response.status_code == 201, response.content
    detail.refresh_from_db()
    assert detail.nid == "1234567890"
    assert [h.nid for h in Heir.objects.filter(application=detail)] == ["1987654321"]
