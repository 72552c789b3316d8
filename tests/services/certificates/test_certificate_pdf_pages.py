"""An heir certificate whose heirs do not fit one page, as its holder downloads it: the heirs'
table runs onto the next pages with its head repeated, every heir printed once, each page marked
with the certificate's number and its place, nothing drawn outside the page's margins but that
mark, and the QR on the last page still verifies."""

import io

import pypdf
import pypdfium2
import pytest
import zxingcpp
from django.conf import settings as django_settings

from backend.workflow.services import take_action
from services.certificates import workflow
from services.certificates.models import Relation
from tests.services.certificates.doc_helpers import approve, make_office, use_fresh_signing_key
from tests.services.certificates.helpers import make_application

pytestmark = pytest.mark.django_db

HEIR_COUNT = 60
MARGIN_POINTS = 14 * 72 / 25.4  # the smallest page margin (bottom), 14 mm


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    use_fresh_signing_key(settings)


def _many_heirs() -> tuple:
    return tuple(
        (f"Heir Number {n:02d}", f"ওয়ারিশ {n:02d}", Relation.SON, f"19876543{n:02d}", None, 20 + n)
        for n in range(1, HEIR_COUNT + 1)
    )


def _certificate(office):
    detail = make_application(
        applicant=office.citizen,
        ward=office.ward,
        certificate_type=office.certificate_type,
        language="en",
        state=workflow.WITH_COUNCILLOR,
        heirs=_many_heirs(),
    )
    take_action(application=detail.application, action=workflow.RECOMMEND, actor=office.councillor)
    return approve(office, detail).certificate


def test_sixty_heirs_run_onto_more_pages_with_the_head_repeated_and_the_qr_at_the_end(api):
    office = make_office()
    document = _certificate(office)
    api.force_authenticate(user=office.citizen.user)
    response = api.get(f"/api/v1/me/certificates/{document.number}/pdf")
    assert response.status_code == 200
    pdf = response.content

    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) >= 2
    heir_pages = [page for page in pages if "Heir Number" in page]
    assert len(heir_pages) >= 2
    assert all("Relation to the deceased" in page for page in heir_pages)
    joined = "\n".join(pages)
    assert all(joined.count(f"Heir Number {n:02d}") == 1 for n in range(1, HEIR_COUNT + 1))
    assert document.number in pages[0]
    assert "Nasrin Sultana" in pages[-1]
    for index, page in enumerate(pages, start=1):
        assert f"{document.number}, page {index} of {len(pages)}" in page

    rendered = pypdfium2.PdfDocument(pdf)
    for page in rendered:
        width, height = page.get_size()
        text = page.get_textpage()
        for index in range(text.count_chars()):
            left, bottom, right, top = text.get_charbox(index)
            if right > left:  # spaces have no box
                assert left >= MARGIN_POINTS - 1 and right <= width - MARGIN_POINTS + 1
                assert top <= height - MARGIN_POINTS + 1
                # Only the page's mark is in the bottom margin, wholly, and clear of the edge.
                in_margin = top <= MARGIN_POINTS - 2 and bottom >= MARGIN_POINTS / 3
                assert bottom >= MARGIN_POINTS - 4 or in_margin
    image = rendered[len(rendered) - 1].render(scale=3).to_pil()
    [scanned] = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert scanned.text == django_settings.DOCUMENT_VERIFY_BASE_URL + document.token
