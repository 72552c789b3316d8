"""The issued certificate rendered for real and read back: number, both dates, the wording, the
deceased and the heirs' table, the recommendation, the signatory with the signature image, and a
QR that decodes to a verification URL saying valid."""

import io
import re

import pypdf
import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from PIL import Image

from backend.common.digits import to_bangla_digits as bn
from backend.documents.bangla import format_both_dates, to_bangla_date
from tests.backend.documents.helpers import pdf_glyph_texts, pdf_text, qr_texts
from tests.services.certificates.doc_helpers import (
    approve,
    issued_certificate,
    make_office,
    recommended_application,
    skeleton,
    token_of,
    use_fresh_signing_key,
)

pytestmark = pytest.mark.django_db

HEIR_ROWS_EN = (
    "1 Ayesha Begum Wife 1987654321 52 years",
    "2 Karim Uddin Son 20051234567890123 19 years",
    "3 Shirin Akter Daughter 20101234567890124 14 years",
)
HEIR_ROWS_BN = (
    "১ আয়েশা বেগম স্ত্রী ১৯৮৭৬৫৪৩২১ ৫২ বছর",
    "২ করিম উদ্দিন পুত্র ২০০৫১২৩৪৫৬৭৮৯০১২৩ ১৯ বছর",
    "৩ শিরিন আক্তার কন্যা ২০১০১২৩৪৫৬৭৮৯০১২৪ ১৪ বছর",
)


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    use_fresh_signing_key(settings)


def _download(api, office, document) -> bytes:
    api.force_authenticate(user=office.citizen.user)
    response = api.get(f"/api/v1/me/certificates/{document.number}/pdf")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def _assert_signature_image_embedded(pdf: bytes, office) -> None:
    with office.signatory.signature.open("rb") as handle:
        signature_size = Image.open(handle).size
    [page] = pypdf.PdfReader(io.BytesIO(pdf)).pages
    sizes = [image.image.size for image in page.images]
    # The signature is the one raster image: the QR is drawn as vector paths (its scan is
    # checked in _assert_qr_verifies).
    assert sizes == [signature_size]


def _assert_qr_verifies(api, pdf: bytes, document) -> None:
    [scanned] = qr_texts(pdf)
    assert scanned == django_settings.DOCUMENT_VERIFY_BASE_URL + document.token
    api.force_authenticate(user=None)
    verdict = api.get(f"/api/v1/verify/{token_of(scanned)}/").json()
    assert verdict["genuine"] is True and verdict["status"] == "valid"
    assert verdict["number"] == document.number and verdict["kind"] == "councillor_certificate"
    page = api.get(f"/verify/{token_of(scanned)}")
    assert page.status_code == 200 and document.number in page.content.decode()


def test_bangla_heir_certificate_reads_back_whole(api):
    office = make_office()
    document = issued_certificate(office, language="bn").certificate
    pdf = _download(api, office, document)
    text = pdf_text(pdf)
    loose = skeleton(text)
    issued_on = timezone.localdate(document.issued_at)

    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1
    assert document.number in text
    # Both dates, Bangabda then Gregorian, in Bangla digits (month names are matched loosely:
    # a reph, as in মার্চ, does not extract as written).
    bangla = to_bangla_date(issued_on)
    both = (
        rf"{bn(bangla.day)} \S+ {bn(bangla.year)} বঙ্গাব্দ / "
        rf"{bn(issued_on.day)} \S+ {bn(issued_on.year)} খ্রিস্টাব্দ"
    )
    assert re.search(both, text), both
    # The title is the type's name; the wording is filled in Bangla.
    assert skeleton("ওয়ারিশ সনদ") in loose
    assert "প্রত্যয়ন" in text and "২০২৫ খ্রিস্টাব্দ" in text  # the date of death
    # Conjuncts come out shaped into single glyphs (pre-base vowel signs do not extract in
    # order, so names are compared without vowel signs above).
    assert {"প্র", "ত্র", "ক্ত", "ত্ত", "ক্ষ"} <= pdf_glyph_texts(pdf)
    # The heirs' table, row by row, in Bangla digits.
    for row in HEIR_ROWS_BN:
        assert skeleton(row) in loose, row
    assert skeleton("উত্তরাধিকারীগণের তালিকা") in loose
    # The councillor's recommendation and who signed.
    assert skeleton("নং ৩-এর কাউন্সিলর মো. জাহাঙ্গীর আলম") in loose  # ward 3
    assert skeleton("নাসরিন সুলতানা") in loose
    assert skeleton("সনদ প্রদানকারী") in loose

    _assert_signature_image_embedded(pdf, office)
    _assert_qr_verifies(api, pdf, document)


def test_english_heir_certificate_reads_back_whole(api):
    office = make_office()
    document = issued_certificate(office, language="en").certificate
    pdf = _download(api, office, document)
    text = pdf_text(pdf)
    flat = re.sub(r"\s+", " ", text)
    issued_on = timezone.localdate(document.issued_at)

    assert document.number in text
    assert format_both_dates(issued_on, "en") in flat  # '21 November 2026 (6 Ogrohayon 1433 BS)'
    assert "Heir certificate" in text
    assert "Abdul Karim, of Ward 3, Nat Pourashava, died on 14 March 2025" in flat
    assert "Particulars of the deceased" in text and "DR-2025-0042" in text
    for row in HEIR_ROWS_EN:
        assert row in flat, row
    assert "Issued on the recommendation of Md. Jahangir Alam, Councillor, Ward No. 3" in flat
    assert "Nasrin Sultana" in text and "Certificate Officer" in text

    _assert_signature_image_embedded(pdf, office)
    _assert_qr_verifies(api, pdf, document)


def test_the_heirs_are_printed_as_a_table_under_its_head_one_row_each_in_order(api):
    office = make_office()
    document = issued_certificate(office, language="en").certificate
    flat = re.sub(r"\s+", " ", pdf_text(_download(api, office, document)))
    head = "No. Name Relation to the deceased NID / birth registration Date of birth / age"
    assert flat.count(head) == 1
    positions = [flat.index(head), *(flat.index(row) for row in HEIR_ROWS_EN)]
    assert positions == sorted(positions)
    assert all(flat.count(row) == 1 for row in HEIR_ROWS_EN)


def test_a_certificate_without_heirs_prints_no_heirs_table(api):
    office = make_office(lists_heirs=False)
    document = issued_certificate(office, language="en").certificate
    flat = re.sub(r"\s+", " ", pdf_text(_download(api, office, document)))
    assert "Character certificate" in flat
    assert "is personally known to me and bears a good moral character" in flat
    assert "Rahim Uddin, child of Abdul Karim" in flat
    assert "Particulars of the deceased" not in flat and "Relation to the deceased" not in flat


def test_what_the_applicant_typed_is_printed_as_text_never_as_markup(api):
    office = make_office()
    detail = recommended_application(office, language="en")
    detail.address_en = '<b>Kanaikhali</b><img src="file:///etc/passwd">'
    detail.save(update_fields=["address_en"])
    detail.heirs.filter(position=1).update(name_en="<script>alert(1)</script>Ayesha")
    document = approve(office, detail).certificate

    pdf = _download(api, office, document)
    flat = re.sub(r"\s+", "", pdf_text(pdf))
    # Printed as typed, character for character; nothing was fetched or embedded for it: the
    # signature is still the page's only image.
    assert '<b>Kanaikhali</b><imgsrc="file:///etc/passwd">' in flat
    assert "<script>alert(1)</script>Ayesha" in flat
    _assert_signature_image_embedded(pdf, office)
