"""Staff water reports over the API: defaulters (by ward, amount and age), the day's collection
by ward, and the registers (connections, bills, readings, defaulters) as CSV or Excel. Each
report is of one pourashava the caller's roles cover: named by `pourashava`, or the caller's own
when they have one; another pourashava is a 404, never its data."""

from datetime import date

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.exports import XLSX_TYPE, export_response
from backend.identity.api.auth import ErrorSerializer
from backend.identity.models import Role
from backend.identity.permissions import StaffWithRole
from backend.municipality.models import Pourashava
from backend.municipality.scoping import restrict
from services.water_billing import reports
from services.water_billing.periods import parse

REPORT_ROLES = frozenset(
    {Role.WATER_SUPERINTENDENT, Role.REVENUE_CLERK, Role.SECRETARY, Role.MAYOR}
)


class ReportPermission(StaffWithRole):
    def __init__(self) -> None:
        super().__init__(REPORT_ROLES)


def pourashava_for(user, code: str | None) -> Pourashava:
    """The pourashava a report is of: `code` if the caller's report roles cover it, else their
    only one; a 404 otherwise (a pourashava they cannot see does not exist for them)."""
    allowed = restrict(
        Pourashava.objects.order_by("code"), user, pourashava_field="pk", roles=REPORT_ROLES
    )
    if code:
        found = allowed.filter(code=code.strip().upper()).first()
    else:
        first_two = list(allowed[:2])
        found = first_two[0] if len(first_two) == 1 else None
    if found is None:
        raise Http404
    return found


POURASHAVA = OpenApiParameter(
    "pourashava",
    str,
    required=False,
    description="Pourashava code; may be left out by staff of one pourashava.",
)
EXPORT = OpenApiParameter("export", str, required=False, enum=["json", "csv", "xlsx"])
FILE_EXPORT = OpenApiParameter("export", str, required=False, enum=["csv", "xlsx"])
MONTH = OpenApiParameter("month", str, required=False, description="YYYY-MM (default: all)")
# A pourashava the caller's roles do not cover (or none to default to) is a 404.
NO_POURASHAVA = OpenApiResponse(
    ErrorSerializer, description="`not_found`: no pourashava of yours with this code."
)
FILE_RESPONSES = {
    (200, "text/csv"): OpenApiTypes.BINARY,
    (200, XLSX_TYPE): OpenApiTypes.BINARY,
    404: NO_POURASHAVA,
}


class DefaulterQuery(serializers.Serializer):
    pourashava = serializers.CharField(max_length=10, required=False)
    ward = serializers.IntegerField(min_value=1, required=False)
    min_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False
    )
    min_days = serializers.IntegerField(min_value=0, required=False)
    export = serializers.ChoiceField(choices=["json", "csv", "xlsx"], default="json")


class DefaulterOut(serializers.Serializer):
    connection = serializers.CharField(source="number")
    ward = serializers.IntegerField(source="ward.number")
    consumer_name = serializers.CharField()
    status = serializers.CharField()
    arrears = serializers.DecimalField(max_digits=14, decimal_places=2)
    oldest_due = serializers.DateField(allow_null=True)
    age_days = serializers.SerializerMethodField()

    def get_age_days(self, connection) -> int:
        return reports.age_days(connection, self.context.get("day"))


class Defaulters(ListAPIView):
    """Water defaulters of a pourashava.

    Connections with water bills unpaid past their due dates, largest arrears first: filter by
    ward, a least amount (`min_amount`, taka) and a least age (`min_days` since the oldest
    unpaid due date); `export=csv|xlsx` downloads the defaulters register."""

    permission_classes = [ReportPermission]
    serializer_class = DefaulterOut

    def _query(self) -> dict:
        query = DefaulterQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data

    def get_queryset(self):
        query = self._query()
        return reports.defaulters(
            pourashava_for(self.request.user, query.get("pourashava")),
            ward=query.get("ward"),
            min_amount=query.get("min_amount"),
            min_days=query.get("min_days"),
        )

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "day": timezone.localdate()}

    @extend_schema(
        parameters=[
            POURASHAVA,
            OpenApiParameter("ward", int, required=False),
            OpenApiParameter("min_amount", str, required=False, description="Taka, e.g. 500"),
            OpenApiParameter("min_days", int, required=False),
            EXPORT,
        ],
        responses={(200, "application/json"): DefaulterOut(many=True), **FILE_RESPONSES},
    )
    def get(self, request, *args, **kwargs):
        query = self._query()
        if query["export"] != "json":
            pourashava = pourashava_for(request.user, query.get("pourashava"))
            register = reports.REGISTERS["defaulters"]
            filters = {k: query.get(k) for k in ("ward", "min_amount", "min_days")}
            return export_response(
                query["export"],
                f"water-defaulters-{pourashava.code}",
                register.headers,
                reports.defaulter_rows(pourashava, **filters),
            )
        return super().get(request, *args, **kwargs)


class CollectionQuery(serializers.Serializer):
    pourashava = serializers.CharField(max_length=10, required=False)
    on = serializers.DateField(required=False)


class WardCollectionOut(serializers.Serializer):
    ward = serializers.IntegerField(allow_null=True, help_text="Null: no connection known yet.")
    receipts = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class DailyCollectionOut(serializers.Serializer):
    pourashava = serializers.CharField()
    on = serializers.DateField()
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    wards = WardCollectionOut(many=True)


class DailyCollection(APIView):
    """Water collection of a day, by ward.

    Water money received on the day (default today): confirmed payments only (those with a
    receipt), water billing's heads only."""

    permission_classes = [ReportPermission]

    @extend_schema(
        parameters=[POURASHAVA, OpenApiParameter("on", OpenApiTypes.DATE, required=False)],
        responses={200: DailyCollectionOut, 404: NO_POURASHAVA},
        examples=[
            OpenApiExample(
                "A day",
                value={
                    "pourashava": "NAT",
                    "on": "2026-05-12",
                    "total": "1850.00",
                    "wards": [{"ward": 1, "receipts": 3, "amount": "1850.00"}],
                },
                response_only=True,
            )
        ],
    )
    def get(self, request) -> Response:
        query = CollectionQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        pourashava = pourashava_for(request.user, query.validated_data.get("pourashava"))
        day: date = query.validated_data.get("on") or timezone.localdate()
        wards = reports.daily_collection(pourashava, day)
        body = {
            "pourashava": pourashava.code,
            "on": day,
            "total": sum((w.amount for w in wards), reports.ZERO),
            "wards": [w.__dict__ for w in wards],
        }
        return Response(DailyCollectionOut(body).data)


class RegisterQuery(serializers.Serializer):
    pourashava = serializers.CharField(max_length=10, required=False)
    month = serializers.RegexField(r"^\d{4}-\d{2}$", required=False)
    export = serializers.ChoiceField(choices=["csv", "xlsx"], default="csv")


class RegisterExport(APIView):
    """A water register of the pourashava as CSV (default) or Excel."""

    permission_classes = [ReportPermission]
    register = ""

    def get(self, request):
        query = RegisterQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        pourashava = pourashava_for(request.user, query.validated_data.get("pourashava"))
        month = query.validated_data.get("month")
        register = reports.REGISTERS[self.register]
        return export_response(
            query.validated_data["export"],
            f"water-{register.code}-{pourashava.code}",
            register.headers,
            register.rows(pourashava, parse(month) if month else None),
        )


class ConnectionRegister(RegisterExport):
    """The water connections register (CSV or Excel)."""

    register = "connections"

    @extend_schema(parameters=[POURASHAVA, FILE_EXPORT], responses=FILE_RESPONSES)
    def get(self, request):
        return super().get(request)


class BillRegister(RegisterExport):
    """The water bills register, of a month or all (CSV or Excel)."""

    register = "bills"

    @extend_schema(parameters=[POURASHAVA, MONTH, FILE_EXPORT], responses=FILE_RESPONSES)
    def get(self, request):
        return super().get(request)


class ReadingRegister(RegisterExport):
    """The meter readings register, of a month or all (CSV or Excel)."""

    register = "readings"

    @extend_schema(parameters=[POURASHAVA, MONTH, FILE_EXPORT], responses=FILE_RESPONSES)
    def get(self, request):
        return super().get(request)
