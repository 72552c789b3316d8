"""Cash at the desk for the dues the operator ticked, and the receipt it gives: printed on A4
or on an 80 mm thermal slip (print CSS), or as the signed PDF."""

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from backend.common.errors import AppError
from backend.common.text import Text, in_language
from backend.identity.assisted import record_assisted_action
from backend.operator_console.cash import take_cash
from backend.operator_console.pages import console_page
from backend.operator_console.sessions import lock_live
from backend.operator_console.views.common import banner, open_live
from backend.payments.selectors import receipt_of_payment, receipts_visible_to
from backend.payments.services.receipts import render_receipt_pdf
from backend.payments.words import taka_in_words

NOTHING_TICKED = Text(
    en="Tick the dues the citizen pays.", bn="নাগরিক যে বকেয়াগুলো পরিশোধ করছেন সেগুলোতে টিক দিন।"
)


@require_POST
@console_page
def pay(request: HttpRequest, session_id) -> HttpResponse:
    session, _context = open_live(request, session_id)
    ids = [int(i) for i in request.POST.getlist("demand") if i.isdigit()]
    if not ids:
        raise AppError("no_demands", NOTHING_TICKED)
    payment = take_cash(request=request, session=session, demand_ids=ids)
    receipt = receipt_of_payment(payment)
    return redirect("operator_console:receipt", session_id=session.pk, number=receipt.number)


def _receipt(request: HttpRequest, session_id, number: str):
    session, context = open_live(request, session_id)
    receipt = receipts_visible_to(request.user, context.citizen).filter(number=number).first()
    if receipt is None:
        raise Http404
    return session, context, receipt


@console_page
def receipt(request: HttpRequest, session_id, number: str) -> HttpResponse:
    _session, context, found = _receipt(request, session_id, number)
    layout = "slip" if request.GET.get("layout") == "slip" else "a4"
    language = request.LANGUAGE_CODE
    return render(
        request,
        "operator_console/receipt.html",
        {
            **banner(context),
            "receipt": found,
            "lines": list(found.lines.all()),
            "total": found.total,
            "total_words": taka_in_words(found.total, language),
            "payer": in_language(found.payer_name_en, found.payer_name_bn),
            "pourashava_name": in_language(found.pourashava.name_en, found.pourashava.name_bn),
            "centre": in_language(found.udc_centre.name_en, found.udc_centre.name_bn)
            if found.udc_centre
            else "",
            "paid_at": timezone.localtime(found.paid_at),
            "layout": layout,
        },
    )


@require_POST
@console_page
def receipt_pdf(request: HttpRequest, session_id, number: str) -> HttpResponse:
    session, _context, found = _receipt(request, session_id, number)
    with transaction.atomic():
        lock_live(session)
        record_assisted_action(request, action="console.receipt_printed", obj=found)
    content = render_receipt_pdf(found, language=request.LANGUAGE_CODE)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{found.number}.pdf"'
    return response
