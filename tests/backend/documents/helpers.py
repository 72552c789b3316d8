"""Helpers for document tests: issuing the sample kind, reading a rendered PDF."""

import io
import re

import pypdf
import pypdfium2
import zxingcpp

from backend.documents.services import issue_document


def issue_sample(pourashava, fields, *, number="NAT-SMP-2025-26-000001", **kwargs):
    kwargs.setdefault("language", "bn")
    kwargs.setdefault("render", False)
    return issue_document(
        kind="sample", number=number, pourashava=pourashava, fields=fields, **kwargs
    )


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def pdf_glyph_texts(pdf: bytes) -> set[str]:
    """Every text that a single glyph of an embedded font stands for (its ToUnicode entries)."""
    texts: set[str] = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            cmap = font.get_object()["/ToUnicode"].get_object().get_data().decode()
            for hexa in re.findall(r"<[0-9a-f]{4}> <([0-9a-f]*)>", cmap):
                texts.add(bytes.fromhex(hexa).decode("utf-16-be"))
    return texts


def qr_texts(pdf: bytes) -> list[str]:
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=3).to_pil()
    # QR codes only: with every format on, text or a signature can pass for a linear barcode.
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [barcode.text for barcode in found]
