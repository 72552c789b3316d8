"""The QR on a document is drawn as a vector (no raster image in the PDF), and a print read
back at 150 dpi, an ordinary office scan, still decodes to the document's verification
address, which the API then answers as genuine."""

import io

import pypdf
import pypdfium2
import pytest
import zxingcpp
from django.conf import settings as django_settings

from backend.documents.pdf import render_document
from backend.documents.qr import qr_modules, qr_path
from tests.backend.documents.helpers import issue_sample

pytestmark = pytest.mark.django_db


def _scan(pdf: bytes, dpi: int) -> list[str]:
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=dpi / 72).to_pil()
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [barcode.text for barcode in found]


def test_the_qr_is_a_vector_that_scans_at_150_dpi(api, signing_key, pourashava, sample_fields):
    document = issue_sample(pourashava, sample_fields)
    pdf = render_document(document)
    [page] = pypdf.PdfReader(io.BytesIO(pdf)).pages
    assert list(page.images) == []  # nothing raster: the QR is paths in the page's content
    address = django_settings.DOCUMENT_VERIFY_BASE_URL + document.token
    assert _scan(pdf, 150) == [address]
    body = api.get(f"/api/v1/verify/{document.token}/").json()
    assert (body["genuine"], body["status"]) == (True, "valid")


def test_the_path_fills_exactly_the_dark_modules():
    data = "https://example.test/verify/ABC"
    modules = qr_modules(data)
    count = len(modules)
    side = float(count + 8)  # one unit per module, quiet zone of four each side
    operators = qr_path(data, 0, 0, side).decode().split("\n")
    assert operators[0] == "q 0 0 0 rg" and operators[-1] == "f Q"
    dark = set()
    for line in operators[1:-1]:
        x, y, width, height, op = line.split()
        assert op == "re" and float(height) == 1
        for column in range(round(float(x)) - 4, round(float(x) + float(width)) - 4):
            dark.add((round(float(y)) - 4, column))
    assert dark == {(r, c) for r in range(count) for c in range(count) if modules[r][c]}
