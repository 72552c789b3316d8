"""A registered action (apply for a certificate, claim a holding...): its form, then `perform`
in one transaction with the session checked live at the moment of writing."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from backend.common.errors import AppError
from backend.common.text import in_language
from backend.operator_console.pages import console_page, field_messages
from backend.operator_console.registry import console_action
from backend.operator_console.sessions import lock_live
from backend.operator_console.views.common import banner, open_live


@console_page
def action(request: HttpRequest, session_id, code: str) -> HttpResponse:
    session, context = open_live(request, session_id)
    found = console_action(code)
    if found is None or not found.available(context):
        raise Http404
    if request.method == "POST":
        form = found.form_class(request.POST, request.FILES, context=context)
    else:
        form = found.form_class(None, None, context=context)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic():
                    lock_live(session)
                    result = found.perform(context, form.cleaned_data)
            except AppError as error:
                if error.status_code in (403, 404):
                    raise
                _attach(form, error)
                problems = [error.render_message(), *field_messages(error)]
                status = error.status_code
            else:
                messages.success(request, in_language(result.message_en, result.message_bn))
                url = reverse("operator_console:session", kwargs={"session_id": session.pk})
                if result.demand_ids and not context.by_phone:
                    url += "?" + "&".join(f"fee={i}" for i in result.demand_ids) + "#dues"
                return redirect(url)
        else:
            status = 400
    return render(
        request,
        "operator_console/action.html",
        {
            **banner(context),
            "title": in_language(found.title_en, found.title_bn),
            "form": form,
            "problems": problems,
            "code": code,
        },
        status=status,
    )


def _attach(form, error: AppError) -> None:
    """A problem whose path names a form field ("deceased.name_bn" -> deceased_name_bn) is shown
    at that field too."""
    for path, found in error.fields.items():
        name = path.replace(".", "_").replace("[", "_").replace("]", "")
        if name in form.fields:
            for problem in found:
                message = problem.get("message") if isinstance(problem, dict) else str(problem)
                if message and name not in form.errors:
                    form.add_error(name, message)
