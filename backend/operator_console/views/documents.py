"""Handing over a printed document (a certificate, a licence): its stored, signed PDF, and the
hand-over recorded for the citizen."""

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from backend.documents.services import ensure_pdf
from backend.identity.assisted import record_assisted_action
from backend.operator_console.pages import console_page
from backend.operator_console.reads import documents_of
from backend.operator_console.sessions import lock_live
from backend.operator_console.views.common import open_live


@require_POST
@console_page
def hand_over(request: HttpRequest, session_id, document_id: int) -> HttpResponse:
    session, context = open_live(request, session_id)
    document = documents_of(context.citizen).filter(pk=document_id).first()
    if document is None:
        raise Http404
    with transaction.atomic():
        lock_live(session)
        record_assisted_action(request, action="console.document_handed_over", obj=document)
    content = ensure_pdf(document=document)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.number}.pdf"'
    return response
