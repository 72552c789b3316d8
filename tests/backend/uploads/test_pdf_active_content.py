"""A PDF that runs something when opened (JavaScript, a launch action, an embedded file) is
refused before anything is stored, however the active part is written or hidden."""

import io
import zlib

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from backend.uploads.models import Upload
from tests.backend.uploads.conftest import pdf_bytes, stored_files
from tests.backend.uploads.test_api import client_for, post
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def _writer() -> PdfWriter:
    return PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))


def _bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _action(kind: str, **entries) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = TextStringObject(value)
    return action


def open_action_js() -> bytes:
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = _action("/JavaScript", JS="app.alert(1)")
    return _bytes(writer)


def page_additional_action() -> bytes:
    writer = _writer()
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): _action("/JavaScript", JS="this.submitForm('x')")}
    )
    return _bytes(writer)


def document_javascript() -> bytes:
    """A document-level script in the catalog's /Names /JavaScript tree (runs on opening)."""
    writer = _writer()
    scripts = ArrayObject(
        [TextStringObject("init"), writer._add_object(_action("/JavaScript", JS="app.alert(1)"))]
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): DictionaryObject({NameObject("/Names"): scripts})}
    )
    return _bytes(writer)


def launch_action() -> bytes:
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = _action("/Launch", F="cmd.exe")
    return _bytes(writer)


def embedded_file() -> bytes:
    writer = _writer()
    writer.add_attachment("payload.exe", b"MZ\x90\x00")
    return _bytes(writer)


def hex_escaped_js() -> bytes:
    """/J#53 is the name /JS written with a hex escape: a reader treats both alike."""
    content = open_action_js()
    escaped = content.replace(b"/JS ", b"/J#53").replace(b"/JavaScript", b"/Java#53cript")
    assert b"/J#53" in escaped and b"/JS" not in escaped
    return escaped


@pytest.mark.parametrize(
    "build",
    [
        open_action_js,
        page_additional_action,
        document_javascript,
        launch_action,
        embedded_file,
        hex_escaped_js,
    ],
)
def test_pdf_with_active_content_is_refused_and_nothing_stored(build, media_root):
    content = build()
    assert content.startswith(b"%PDF-") and b"%%EOF" in content[-1024:]
    client = client_for(CitizenFactory().user, HTTP_ACCEPT_LANGUAGE="bn")
    response = post(client, "deed.pdf", content)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "upload_pdf_active_content"
    assert "সক্রিয়" in error["message"]
    english = post(client_for(CitizenFactory().user), "deed.pdf", content)
    assert "active content" in english.json()["error"]["message"]
    assert stored_files(media_root) == []
    assert Upload.objects.count() == 0


def test_plain_pdf_is_still_accepted(media_root):
    response = post(client_for(CitizenFactory().user), "deed.pdf", _bytes(_writer()))
    assert response.status_code == 201, response.content
    assert Upload.objects.count() == 1


def hidden_in_object_stream_with_broken_trailer() -> bytes:
    """The catalog, with its /OpenAction script, kept inside a compressed object stream, and a
    cross-reference that points nowhere: /JS is not in the raw bytes, and a strict parser
    gives up. The file is still judged, on its object stream."""
    catalog = (
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"
    )
    body = zlib.compress(b"1 0 " + catalog)
    return (
        b"%PDF-1.7\n"
        + b"3 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(body)).encode()
        + b" >>\nstream\n"
        + body
        + b"\nendstream\nendobj\n"
        + b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        + b"trailer\n<< /Root 1 0 R /Size 4 >>\nstartxref\n999999\n%%EOF\n"
    )


def test_script_hidden_in_a_compressed_object_stream_is_refused(media_root):
    content = hidden_in_object_stream_with_broken_trailer()
    assert b"/JS" not in content and b"JavaScript" not in content
    response = post(client_for(CitizenFactory().user), "deed.pdf", content)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "upload_pdf_active_content"
    assert stored_files(media_root) == []


def test_active_names_inside_page_drawing_data_are_not_mistaken_for_actions(media_root):
    """Stream data (page drawing, images, fonts) is not dictionaries: bytes that happen to read
    /JS or /AA there do not make the PDF active."""
    writer = _writer()
    drawing = StreamObject()
    drawing.set_data(b"q /AA gs /JS gs Q\n")
    writer.pages[0][NameObject("/Contents")] = writer._add_object(drawing)
    content = _bytes(writer)
    assert b"/JS gs" in content
    response = post(client_for(CitizenFactory().user), "deed.pdf", content)
    assert response.status_code == 201, response.content
