"""A staff correction's answers are checked against the certificate type's form fields, as the
application's are: an unknown field, a wrong number, a choice not listed or a required answer
blanked is refused with the application's own paths, and nothing is reissued; a valid answer is
stored as the application would store it."""

import pytest

from backend.documents.models import DocumentStatus, IssuedDocument
from services.certificates.services.issuing import KIND, application_of
from tests.factories import staff_member  # noqa: F401 - keeps the factories' registry loaded
from tests.services.certificates.doc_helpers import (
    issued_certificate,
    make_office,
    use_fresh_signing_key,
)

pytestmark = pytest.mark.django_db

FORM_FIELDS = [
    {
        "code": "land_area",
        "label_en": "Land (decimal)",
        "label_bn": "জমি (শতাংশ)",
        "type": "number",
        "required": True,
    },
    {
        "code": "purpose",
        "label_en": "Purpose",
        "label_bn": "উদ্দেশ্য",
        "type": "choice",
        "choices": ["bank", "court"],
        "required": False,
    },
]


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    use_fresh_signing_key(settings)


@pytest.fixture
def office():
    office = make_office()
    office.certificate_type.form_fields = FORM_FIELDS
    office.certificate_type.save(update_fields=["form_fields"])
    return office


@pytest.fixture
def certificate(office) -> IssuedDocument:
    detail = issued_certificate(office, language="en")
    type(detail).objects.filter(pk=detail.pk).update(answers={"land_area": "12", "purpose": "bank"})
    return detail.certificate


def _correct(api, user, number, answers):
    api.force_authenticate(user=user)
    return api.post(
        f"/api/v1/staff/certificates/{number}/correct/",
        {"changes": {"answers": answers}, "reason": "Land area misread."},
        format="json",
        HTTP_ACCEPT_LANGUAGE="bn",
    )


@pytest.mark.parametrize(
    ("answers", "path"),
    [
        ({"favourite_colour": "blue"}, "answers.favourite_colour"),  # not a field of the type
        ({"land_area": "twelve"}, "answers.land_area"),
        ({"land_area": "-3"}, "answers.land_area"),
        ({"purpose": "visa"}, "answers.purpose"),  # not one of the listed choices
        ({"land_area": ""}, "answers.land_area"),  # a required answer blanked
    ],
)
def test_answers_the_form_does_not_accept_are_refused_and_nothing_reissued(
    api, office, certificate, answers, path
):
    response = _correct(api, office.officer, certificate.number, answers)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_correction"
    assert path in error["fields"], error
    assert IssuedDocument.objects.filter(kind=KIND).count() == 1
    certificate.refresh_from_db()
    assert certificate.status == DocumentStatus.VALID
    assert application_of(certificate).answers == {"land_area": "12", "purpose": "bank"}


def test_a_valid_answer_is_stored_as_the_application_would_store_it(api, office, certificate):
    response = _correct(api, office.officer, certificate.number, {"land_area": "১৫.৫০"})
    assert response.status_code == 201, response.content
    new = IssuedDocument.objects.get(kind=KIND, number=response.json()["number"])
    assert application_of(new).answers == {"land_area": "15.5", "purpose": "bank"}
