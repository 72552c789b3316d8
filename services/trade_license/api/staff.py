"""The licence staff's API (mounted under /api/v1/). Queues with SLA are the workflow's
/staff/queue/?kind=trade_licence; moves are /applications/<number>/actions/.

GET  staff/trade-applications/<number>/               an application in scope
POST staff/trade-applications/<number>/inspection/    {result, notes?, signboard_sqft?}: the
                                                      inspector records the visit and moves it on
POST staff/trade-licences/<no>/cancel/                {reasons, hearing_on}: cancel after a hearing
POST staff/trade-fee-schedules/                       CSV file (multipart "file"): all or nothing
GET  staff/trade-inspectors/                          inspectors by ward
GET  staff/trade-reports/defaulters/                  expired more than 3 months (?export=csv|xlsx)
GET  staff/trade-reports/vat/?month=YYYY-MM            VAT collected for the NBR, by pourashava
GET  staff/trade-reports/source-tax/?month=YYYY-MM     source tax collected for the NBR
GET  staff/trade-register/?export=csv|xlsx            the licence register
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.errors import AppError, Forbidden, NotFound
from backend.common.exports import XLSX_TYPE, export_response
from backend.common.text import Text
from backend.identity.api.auth import ErrorSerializer
from backend.identity.models import Role
from backend.municipality.models import Pourashava
from backend.municipality.scoping import scope_of
from backend.workflow.services import take_action
from services.trade_license import messages as m
from services.trade_license import selectors
from services.trade_license.api.output import application_out, licence_out
from services.trade_license.models import InspectionReport, InspectionResult, InspectorWard
from services.trade_license.services.fee_import import import_fee_schedule
from services.trade_license.services.renewing import order_cancellation
from services.trade_license.workflow import INSPECT

TAGS = ["trade licence staff"]
NOT_ALLOWED = Text(
    en="Only licence staff of this pourashava can do this.",
    bn="শুধু এই পৌরসভার লাইসেন্স কর্মীরা এটি করতে পারেন।",
)
REGISTER_HEADERS = [
    "licence_no",
    "business_name_en",
    "business_name_bn",
    "category",
    "holder",
    "ward",
    "status",
    "valid_to",
]


def _register_rows(licences):
    for lic in licences.iterator(chunk_size=2000):
        yield [
            lic.licence_no,
            lic.business_name_en,
            lic.business_name_bn,
            lic.category.code,
            lic.holder.name_en or lic.holder.name_bn,
            lic.ward.number if lic.ward_id else "",
            lic.status,
            lic.valid_to.isoformat() if lic.valid_to else "",
        ]


class StaffApplication(APIView):
    """A trade-licence application as staff see it, with its inspection and history."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, responses={200: OpenApiTypes.OBJECT, 404: ErrorSerializer})
    def get(self, request, number: str) -> Response:
        detail = selectors.application_for_staff(request.user, number)
        if detail is None:
            raise NotFound("application_not_found", m.APPLICATION_NOT_FOUND)
        out = application_out(detail)
        out["licence"] = licence_out(detail.licence)
        out["inspections"] = [
            {"result": r.result, "inspected_on": r.inspected_on, "notes": r.notes}
            for r in detail.inspections.all()
        ]
        return Response(out)


class Inspection(APIView):
    """Record the licence inspector's field inspection of an application."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, request=OpenApiTypes.OBJECT, responses={200: OpenApiTypes.OBJECT})
    def post(self, request, number: str) -> Response:
        detail = selectors.application_for_staff(request.user, number)
        if detail is None:
            raise NotFound("application_not_found", m.APPLICATION_NOT_FOUND)
        data = request.data if isinstance(request.data, dict) else {}
        result = str(data.get("result") or "")
        if result not in InspectionResult.values:
            raise AppError(
                "inspection_required", m.INSPECTION_REQUIRED, fields={"result": ["invalid_choice"]}
            )
        if not scope_of(request.user, {Role.LICENCE_INSPECTOR}).covers(detail.pourashava_id):
            raise Forbidden("not_allowed", NOT_ALLOWED)
        with transaction.atomic():
            InspectionReport.objects.create(
                application=detail,
                pourashava=detail.pourashava,
                inspector=request.user,
                inspected_on=timezone.localdate(),
                result=result,
                notes=str(data.get("notes") or "")[:2000],
                signboard_sqft=data.get("signboard_sqft") or None,
            )
            take_action(
                application=detail.application,
                action=INSPECT,
                actor=request.user,
                comment=f"Inspection: {result}.",
                request=request,
            )
        detail.application.refresh_from_db()
        return Response(application_out(detail))


class StaffCancel(APIView):
    """Cancel a licence for the pourashava, with reasons, after a hearing."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, request=OpenApiTypes.OBJECT, responses={200: OpenApiTypes.OBJECT})
    def post(self, request, licence_no: str) -> Response:
        licence = selectors.licence_for_staff(
            request.user, licence_no, roles={Role.LICENCE_OFFICER}
        )
        if licence is None:
            raise NotFound("licence_not_found", m.LICENCE_NOT_FOUND)
        data = request.data if isinstance(request.data, dict) else {}
        try:
            hearing_on = date.fromisoformat(str(data.get("hearing_on") or ""))
        except ValueError:
            hearing_on = None
        licence = order_cancellation(
            licence=licence,
            actor=request.user,
            reasons=str(data.get("reasons") or ""),
            hearing_on=hearing_on,
            request=request,
        )
        return Response(licence_out(licence))


def _officer_pourashava(request) -> Pourashava:
    scope = scope_of(request.user, {Role.LICENCE_OFFICER})
    code = str(request.data.get("pourashava") or request.query_params.get("pourashava") or "")
    pourashava = Pourashava.objects.filter(code=code.upper()).first() if code else None
    if pourashava is None and len(scope.pourashava_ids) == 1:
        pourashava = Pourashava.objects.get(pk=next(iter(scope.pourashava_ids)))
    if pourashava is None or not scope.covers(pourashava.pk):
        raise Forbidden("not_allowed", NOT_ALLOWED)
    return pourashava


class FeeSchedules(APIView):
    """Import a fee schedule from CSV: all rows or none; gaps and overlaps are refused."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        request={"multipart/form-data": OpenApiTypes.OBJECT},
        responses={201: OpenApiTypes.OBJECT, 400: ErrorSerializer},
    )
    def post(self, request) -> Response:
        pourashava = _officer_pourashava(request)
        upload = request.FILES.get("file")
        # A CSV file (multipart "file"), or its text as JSON {"csv": "..."}.
        if upload is not None:
            text = upload.read().decode("utf-8-sig", errors="replace")
        else:
            text = str(request.data.get("csv") or "")
        written = import_fee_schedule(pourashava=pourashava, text=text, actor=request.user)
        return Response({"slabs": written}, status=201)


class Inspectors(APIView):
    """The pourashava's licence inspectors and the wards they cover."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, responses={200: OpenApiTypes.OBJECT})
    def get(self, request) -> Response:
        scope = scope_of(request.user, selectors.STAFF_ROLES)
        rows = InspectorWard.objects.select_related("ward", "inspector", "pourashava")
        if not scope.national:
            rows = rows.filter(pourashava_id__in=scope.pourashava_ids)
        return Response(
            {
                "results": [
                    {
                        "pourashava": r.pourashava.code,
                        "ward": r.ward.number,
                        "ward_name_en": r.ward.name_en,
                        "ward_name_bn": r.ward.name_bn,
                        "inspector": r.inspector.username,
                    }
                    for r in rows.order_by("pourashava__code", "ward__number")
                ]
            }
        )


class Defaulters(APIView):
    """Licences expired for more than three months."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("export", str, enum=["json", "csv", "xlsx"])],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, XLSX_TYPE): OpenApiTypes.BINARY,
        },
    )
    def get(self, request):
        licences = selectors.defaulters(request.user, timezone.localdate())
        fmt = request.query_params.get("export", "json")  # not "format": DRF reads it
        if fmt in ("csv", "xlsx"):
            return export_response(
                fmt, "trade-defaulters", REGISTER_HEADERS, _register_rows(licences)
            )
        return Response({"results": [licence_out(lic) for lic in licences[:500]]})


class Collections(APIView):
    """A month's VAT or source income tax collected on trade licences (for the NBR)."""

    permission_classes = [IsAuthenticated]
    report = ""  # "vat" or "source-tax", set in urls.py

    @extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("month", str, required=True)],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request) -> Response:
        head = selectors.REPORT_HEADS[self.report]
        try:
            year, month = (int(x) for x in str(request.query_params.get("month")).split("-"))
            date(year, month, 1)
        except (TypeError, ValueError):
            raise AppError("invalid", m.BAD_INPUT, params={"detail": "month is YYYY-MM"}) from None
        rows = selectors.monthly_collections(request.user, head, year, month)
        return Response(
            {
                "head": head,
                "month": f"{year}-{month:02d}",
                "results": [{**r, "amount": str(r["amount"])} for r in rows],
            }
        )


class Register(APIView):
    """The licence register, as JSON, CSV or Excel."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("export", str, enum=["csv", "xlsx"])],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, XLSX_TYPE): OpenApiTypes.BINARY,
            (403, "application/json"): ErrorSerializer,
        },
    )
    def get(self, request):
        if scope_of(request.user, selectors.STAFF_ROLES).is_empty:
            raise Forbidden("not_allowed", NOT_ALLOWED)
        fmt = request.query_params.get("export", "csv")
        licences = selectors.staff_licences(request.user)
        return export_response(fmt, "trade-licences", REGISTER_HEADERS, _register_rows(licences))
