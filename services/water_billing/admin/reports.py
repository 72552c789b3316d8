"""Water reports and meter replacement in the panel: the defaulters page (by ward, amount and
age), the day's collection by ward, the registers exported to CSV or Excel (actions on the
connections, bills and readings lists, and links on the report pages), and "Replace meter" on a
connection. Each page takes its pourashava from the user's scope (the same helper as the API),
so another pourashava's rows cannot be asked for."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.common.errors import AppError
from backend.common.exports import export_response
from backend.identity.models import Role
from services.water_billing import reports
from services.water_billing.api.reports import REPORT_ROLES, pourashava_for
from services.water_billing.periods import parse
from services.water_billing.services import meters
from services.water_billing.services.readings import READER_ROLES

METER_ROLES = READER_ROLES | frozenset({Role.WATER_SUPERINTENDENT})


def _pourashava(request: HttpRequest):
    try:
        return pourashava_for(request.user, request.GET.get("pourashava"))
    except Http404:
        raise PermissionDenied from None


def _month(request: HttpRequest) -> date | None:
    value = request.GET.get("month", "")
    try:
        return parse(value) if value else None
    except (ValueError, IndexError):
        return None


def export_register(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The register `code` of the user's pourashava as csv or xlsx."""
    register = reports.REGISTERS.get(code)
    if register is None or fmt not in ("csv", "xlsx"):
        raise Http404
    pourashava = _pourashava(request)
    if code == "defaulters":
        rows = reports.defaulter_rows(pourashava, **_defaulter_filters(request))
    else:
        rows = register.rows(pourashava, _month(request))
    return export_response(fmt, f"water-{code}-{pourashava.code}", register.headers, rows)


def _export_action(code: str, fmt: str, label):
    def action(modeladmin, request, queryset):
        return export_register(request, code, fmt)

    action.__name__ = f"export_{code}_{fmt}"
    return admin.action(description=label)(action)


def register_actions(code: str) -> list:
    return [
        _export_action(code, "csv", _("Export the register (CSV)")),
        _export_action(code, "xlsx", _("Export the register (Excel)")),
    ]


class DefaulterFilter(forms.Form):
    ward = forms.IntegerField(min_value=1, required=False, label=_("Ward"))
    min_amount = forms.DecimalField(
        min_value=0, decimal_places=2, required=False, label=_("At least (Tk)")
    )
    min_days = forms.IntegerField(min_value=0, required=False, label=_("Overdue at least (days)"))


def _defaulter_filters(request: HttpRequest) -> dict:
    form = DefaulterFilter(request.GET or None)
    if not form.is_valid():
        return {}
    return {k: v for k, v in form.cleaned_data.items() if v is not None}


class CollectionDay(forms.Form):
    on = forms.DateField(required=False, label=_("Day (YYYY-MM-DD)"))


class ReplaceMeterForm(forms.Form):
    final_reading = forms.DecimalField(
        min_value=0, decimal_places=3, label=_("Old meter's final reading")
    )
    serial = forms.CharField(max_length=40, label=_("New meter's serial"))
    initial_reading = forms.DecimalField(
        min_value=0, decimal_places=3, initial=0, label=_("New meter's first reading")
    )
    installed_on = forms.DateField(required=False, label=_("Installed on (YYYY-MM-DD)"))


class WaterReportPages:
    """Mixed into the connections admin: its report pages and the meter replacement page."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("defaulters/", wrap(self.defaulters_view), name="water_billing_defaulters"),
            path("collection/", wrap(self.collection_view), name="water_billing_collection"),
            path(
                "registers/<str:code>/<str:fmt>/",
                wrap(self.register_view),
                name="water_billing_register",
            ),
            path(
                "<int:pk>/replace-meter/",
                wrap(self.replace_meter_view),
                name="water_billing_replace_meter",
            ),
            *super().get_urls(),
        ]

    def _report_page(self, request, template: str, title: str, **context) -> HttpResponse:
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": title,
                **context,
            },
        )

    def _reporter(self, request) -> None:
        if not self._holds(request, REPORT_ROLES):
            raise PermissionDenied

    def register_view(self, request, code: str, fmt: str) -> HttpResponse:
        self._reporter(request)
        return export_register(request, code, fmt)

    def defaulters_view(self, request: HttpRequest) -> HttpResponse:
        self._reporter(request)
        pourashava = _pourashava(request)
        form = DefaulterFilter(request.GET or None)
        filters = _defaulter_filters(request)
        today = timezone.localdate()
        rows = list(reports.defaulters(pourashava, day=today, **filters)[:500])
        total = sum((row.arrears for row in rows), Decimal(0))
        return self._report_page(
            request,
            "water_billing/admin/defaulters.html",
            gettext("Water defaulters: %(pourashava)s") % {"pourashava": pourashava.code},
            form=form,
            pourashava=pourashava,
            rows=[(row, reports.age_days(row, today)) for row in rows],
            total=total,
            query=request.GET.urlencode(),
        )

    def collection_view(self, request: HttpRequest) -> HttpResponse:
        self._reporter(request)
        pourashava = _pourashava(request)
        form = CollectionDay(request.GET or None)
        day = timezone.localdate()
        if form.is_valid() and form.cleaned_data["on"]:
            day = form.cleaned_data["on"]
        wards = reports.daily_collection(pourashava, day)
        return self._report_page(
            request,
            "water_billing/admin/collection.html",
            gettext("Water collection by ward: %(pourashava)s") % {"pourashava": pourashava.code},
            form=form,
            pourashava=pourashava,
            day=day,
            wards=wards,
            total=sum((w.amount for w in wards), Decimal(0)),
        )

    def replace_meter_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self._holds(request, METER_ROLES):
            raise PermissionDenied
        # The admin's queryset is already cut to the user's pourashava: another's is a 404.
        connection = get_object_or_404(self.get_queryset(request), pk=pk)
        form = ReplaceMeterForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                meters.replace_meter(
                    connection=connection,
                    data=meters.Replacement(
                        final_reading=data["final_reading"],
                        serial=data["serial"],
                        initial_reading=data["initial_reading"],
                        installed_on=data["installed_on"],
                    ),
                    actor=request.user,
                    roles=METER_ROLES,
                    request=request,
                )
            except (AppError, InvalidOperation) as error:
                message = error.render_message() if isinstance(error, AppError) else str(error)
                form.add_error(None, message)
            else:
                messages.success(request, gettext("The meter has been replaced."))
                return HttpResponseRedirect(
                    reverse("admin:water_billing_connection_change", args=[connection.pk])
                )
        return self._report_page(
            request,
            "water_billing/admin/replace_meter.html",
            gettext("Replace the meter of %(number)s") % {"number": connection.number},
            form=form,
            connection=connection,
        )
