"""Sending an uploaded file back: one response with the same safe headers wherever it is
served (the owner's download, staff views of an application's documents, the admin)."""

from django.http import FileResponse
from rest_framework.negotiation import BaseContentNegotiation

from backend.uploads.models import Upload


class AnyAccept(BaseContentNegotiation):
    """The file goes out whatever the client's Accept says (an <img> or a PDF viewer asks for
    image/* or application/pdf); errors are still JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def upload_response(upload: Upload) -> FileResponse:
    """Inline, never cached by shared caches, never sniffed into another type, and sandboxed so
    a file shown in the browser can never run as a page of this site. The filename header is
    encoded by Django (a name with quotes or newlines cannot break the header)."""
    response = FileResponse(
        upload.file.open("rb"),
        content_type=upload.content_type,
        filename=upload.original_name,
        as_attachment=False,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
