"""A real PDF: Bangla shaped with the shipped fonts, the amount in Bangla digits, and a QR code
that a phone can read and the verification API accepts, until the document is revoked or
replaced.

About text extraction (pypdf) of WeasyPrint 70 output: conjuncts (ক্ষ, প্র, ত্র, ন্ধ, স্ট্র...)
are single glyphs whose ToUnicode entry is the whole conjunct, so they come back exactly. Words
with a pre-base vowel sign (ি ে ৈ, and the left half of ো ৌ) do not come back reliably: WeasyPrint
gives the vowel-sign glyph an empty entry and folds the vowel into the next glyph's entry, and a
font has one entry per glyph, set on first use. So "নিবন্ধন" may extract as "নবন্ধন" or the
bare consonant ন elsewhere as "নি", depending on which came first. The page *looks* right; only
the copy/search layer is affected. The tests therefore check conjuncts, and words whose glyphs
are first drawn in a clean context (the header), not arbitrary body words.
"""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from backend.documents.pdf import render_document
from backend.documents.rendering import FONT_DIR, render_pdf
from backend.documents.services import ensure_pdf, issue_document, revoke_document
from tests.backend.documents.helpers import issue_sample, pdf_glyph_texts, pdf_text, qr_texts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _token_from_qr(pdf: bytes) -> str:
    texts = qr_texts(pdf)
    assert len(texts) == 1, texts
    base = django_settings.DOCUMENT_VERIFY_BASE_URL
    assert texts[0].startswith(base)
    return texts[0][len(base) :]


def test_sample_pdf_keeps_bangla_and_the_amount(signing_key, pourashava, sample_fields):
    document = issue_sample(pourashava, sample_fields)
    pdf = render_document(document)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for word in ("পৌরসভা", "ক্ষ", "প্রত্যয়নপত্র", "নাম"):
        assert word in text, word
    assert "১,২৩৪.৫০" in text  # the amount, in Bangla digits
    assert "1234.50" not in text and "1,234.50" not in text
    assert document.number in text
    # Shaping proof: each conjunct is one glyph of the embedded Bengali face. Without real
    # shaping they would be separate letters with a visible hasanta.
    glyphs = pdf_glyph_texts(pdf)
    assert {"ক্ষ", "প্র", "ত্র"} <= glyphs


def test_english_document_uses_latin_digits(signing_key, pourashava, sample_fields):
    document = issue_sample(pourashava, sample_fields, language="en")
    text = pdf_text(render_document(document))
    assert "Natore Pourashava" in text
    assert "1,234.50" in text
    assert "Certificate (sample)" in text


def test_only_the_shipped_fonts_are_embedded(signing_key, pourashava, sample_fields):
    import io

    import pypdf

    pdf = render_document(issue_sample(pourashava, sample_fields))
    names = {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert names <= {"DocBangla", "DocBangla-Bold", "DocLatin", "DocLatin-Bold"}, names
    assert (FONT_DIR / "OFL.txt").exists()


def test_templates_cannot_load_outside_files(signing_key, pourashava, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for documents")
    from backend.documents.rendering import LocalOnlyFetcher

    with pytest.raises(ValueError):
        LocalOnlyFetcher().fetch(secret.as_uri())
    with pytest.raises(ValueError):
        LocalOnlyFetcher().fetch("http://127.0.0.1:9/x.png")


def test_render_pdf_rejects_unknown_language():
    with pytest.raises(ValueError):
        render_pdf("documents/base_document.html", {}, language="fr")


def test_qr_verifies_then_revoked_then_superseded(
    api, signing_key, media, pourashava, sample_fields
):
    clerk = UserFactory()
    document = issue_sample(pourashava, sample_fields)
    token = _token_from_qr(ensure_pdf(document=document))
    assert token == document.token

    body = api.get(f"/api/v1/verify/{token}/").json()
    assert body["genuine"] is True
    assert body["status"] == "valid"
    assert body["number"] == document.number
    assert body["pourashava"]["code"] == "NAT"
    assert body["fields"]["amount"] == "1234.50"

    revoke_document(document=document, reason="ভুল তথ্য / wrong data", actor=clerk)
    body = api.get(f"/api/v1/verify/{token}/").json()
    assert (body["genuine"], body["status"]) == (True, "revoked")

    second = issue_sample(pourashava, sample_fields, number="NAT-SMP-2025-26-000002")
    second_token = _token_from_qr(ensure_pdf(document=second))
    third = issue_document(
        kind="sample",
        number="NAT-SMP-2025-26-000003",
        pourashava=pourashava,
        fields={**sample_fields, "amount": "1300.00"},
        language="bn",
        supersedes=second,
        render=False,
    )
    body = api.get(f"/api/v1/verify/{second_token}/").json()
    assert (body["genuine"], body["status"]) == (True, "superseded")
    assert body["superseded_by"] == third.number
    third_token = _token_from_qr(ensure_pdf(document=third))
    body = api.get(f"/api/v1/verify/{third_token}/").json()
    assert (body["genuine"], body["status"]) == (True, "valid")


def test_expired_document_reads_expired(api, signing_key, pourashava, sample_fields):
    yesterday = timezone.localdate() - timedelta(days=1)
    document = issue_sample(pourashava, sample_fields, valid_until=yesterday)
    body = api.get(f"/api/v1/verify/{document.token}/").json()
    assert (body["genuine"], body["status"]) == (True, "expired")
    assert body["valid_until"] == yesterday.isoformat()
