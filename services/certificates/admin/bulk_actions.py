"""Bulk approve (officer) and recommend (councillor) from the applications list, each one
through the workflow engine (services/certificates/bulk.py); what was skipped is listed with why."""

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from services.certificates.services import bulk
from services.certificates.workflow import APPROVE, RECOMMEND


def _report(request: HttpRequest, outcomes: list[bulk.Outcome], done_message: str) -> None:
    """done_message: "%(done)s approved, %(skipped)s skipped." in the catalog's words."""
    done = sum(1 for o in outcomes if o.ok)
    skipped = [o for o in outcomes if not o.ok]
    level = messages.SUCCESS if not skipped else messages.WARNING
    messages.add_message(request, level, done_message % {"done": done, "skipped": len(skipped)})
    if skipped:
        reasons = format_html_join("", "<li>{}: {}</li>", ((o.number, o.message) for o in skipped))
        messages.warning(request, format_html("{}<ul>{}</ul>", gettext("Skipped:"), reasons))


@admin.action(description=_("Approve and sign the selected applications (with the officer)"))
def approve_selected(modeladmin, request, queryset) -> None:
    outcomes = bulk.act_on_each(
        queryset.order_by("application__number"), action=APPROVE, actor=request.user
    )
    _report(request, outcomes, gettext("%(done)s approved, %(skipped)s skipped."))


@admin.action(description=_("Recommend the selected applications (with the councillor)"))
def recommend_selected(modeladmin, request, queryset) -> None:
    outcomes = bulk.act_on_each(
        queryset.order_by("application__number"), action=RECOMMEND, actor=request.user
    )
    _report(request, outcomes, gettext("%(done)s recommended, %(skipped)s skipped."))
