"""The operator's own day: sessions and actions, cash taken against what was deposited, the
day-close (the payment layer's, per pourashava), and a printable daily statement."""

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.common.errors import Forbidden
from backend.common.text import Text, in_language
from backend.operator_console.access import desks_of
from backend.operator_console.day import day_of
from backend.operator_console.describe import action_words
from backend.operator_console.forms import DayCloseForm
from backend.operator_console.pages import console_page
from backend.payments.services.counter import close_day

NO_CASH_DESK = Text(
    en="Only a UDC operator takes cash and closes a cash day.",
    bn="শুধু ইউডিসি অপারেটর নগদ টাকা নেন ও দিনের হিসাব বন্ধ করেন।",
)


def _served(request: HttpRequest):
    seen = {}
    for desk in desks_of(request.user):
        if desk.by_phone:
            continue
        for p in desk.pourashavas:
            seen[p.pk] = p
    return list(seen.values())


def _day(request: HttpRequest, day: date) -> dict:
    pourashavas = _served(request)
    found = day_of(request.user, day, pourashavas)
    return {
        "day": found,
        "pourashavas": pourashavas,
        "actions": [
            {
                "at": a.at,
                "citizen": in_language(a.citizen.name_en, a.citizen.name_bn) or a.citizen.mobile,
                "what": action_words(a),
                "pourashava": in_language(a.pourashava.name_en, a.pourashava.name_bn),
            }
            for a in found.actions
        ],
        "sessions": [
            {
                "at": s.created_at,
                "citizen": in_language(s.citizen.name_en, s.citizen.name_bn) or s.citizen.mobile,
                "pourashava": in_language(s.pourashava.name_en, s.pourashava.name_bn),
                "by_phone": getattr(getattr(s, "console", None), "by_phone", False),
                "consented": s.confirmed_at is not None,
            }
            for s in found.sessions
        ],
        "cash_desk": bool(pourashavas),
        "operator_name": request.user.full_name or request.user.username,
    }


def _date_of(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return timezone.localdate()


@console_page
def today(request: HttpRequest) -> HttpResponse:
    context = _day(request, _date_of(request))
    form = DayCloseForm(pourashavas=context["pourashavas"])
    return render(request, "operator_console/day.html", {**context, "close_form": form})


@console_page
def statement(request: HttpRequest) -> HttpResponse:
    return render(request, "operator_console/statement.html", _day(request, _date_of(request)))


@require_POST
@console_page
def close(request: HttpRequest) -> HttpResponse:
    pourashavas = _served(request)
    if not pourashavas:
        raise Forbidden("not_a_collector", NO_CASH_DESK)
    form = DayCloseForm(request.POST, pourashavas=pourashavas)
    if not form.is_valid():
        context = _day(request, timezone.localdate())
        return render(
            request, "operator_console/day.html", {**context, "close_form": form}, status=400
        )
    pourashava = next(p for p in pourashavas if p.pk == form.cleaned_data["pourashava"])
    closed = close_day(
        collector=request.user,
        pourashava=pourashava,
        day=timezone.localdate(),
        declared_cash=form.cleaned_data["declared_cash"],
    )
    if closed.flagged:
        messages.warning(request, _("The day is closed, with a difference from the receipts."))
    else:
        messages.success(request, _("The day is closed; the cash matches the receipts."))
    return redirect("operator_console:day")
