"""Inside a session: the citizen's dues, applications, documents and receipts (the platform's),
each registered service's sections, the actions on offer, and ending the session."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.common.text import in_language
from backend.operator_console import reads, sessions
from backend.operator_console.pages import console_page
from backend.operator_console.registry import console_actions
from backend.operator_console.views.common import banner, open_live


@console_page
def dashboard(request: HttpRequest, session_id) -> HttpResponse:
    session, context = open_live(request, session_id)
    citizen = context.citizen
    fee_ids = {int(i) for i in request.GET.getlist("fee") if i.isdigit()}
    dues = reads.dues(citizen, session.pourashava_id)
    return render(
        request,
        "operator_console/session.html",
        {
            **banner(context),
            "dues": dues,
            "payable": [d for d in dues if d.payable_here],
            "preselected": fee_ids,
            "applications": reads.applications(citizen),
            "documents": reads.documents(citizen),
            "receipts": reads.receipts(request.user, citizen),
            "sections": reads.service_sections(context),
            "actions": [
                {"code": a.code, "title": in_language(a.title_en, a.title_bn)}
                for a in console_actions()
                if a.available(context)
            ],
        },
    )


@require_POST
@console_page
def end(request: HttpRequest, session_id) -> HttpResponse:
    sessions.end(operator=request.user, session_id=session_id, request=request)
    messages.success(request, _("The session has ended."))
    return redirect("operator_console:home")
