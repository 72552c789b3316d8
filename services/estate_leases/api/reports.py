"""The lease report over the API, and as CSV or Excel: the ministry's table by kind (counts,
value this year against last year and the three-year average, reasons for non-lease) and one
row per property."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.errors import AppError
from backend.common.exports import XLSX_TYPE, export_response
from backend.common.text import Text
from backend.municipality.models import Pourashava
from backend.municipality.scoping import scope_of
from services.estate_leases import access, reports
from services.estate_leases.api.common import money_out, roles_permission

BAD_FORMAT = Text(
    en="Unknown format; use json, csv or xlsx.", bn="অজানা ফরম্যাট; json, csv বা xlsx দিন।"
)


def _ids(user, code: str | None) -> list[int] | None:
    """The pourashavas the caller may see (None: all), narrowed to `code` if given."""
    scope = scope_of(user, access.VIEWERS)
    ids = None if scope.national else set(scope.pourashava_ids)
    if code:
        pk = Pourashava.objects.filter(code=code.upper()).values_list("pk", flat=True).first()
        if pk is None or (ids is not None and pk not in ids):
            return []
        return [pk]
    return None if ids is None else sorted(ids)


def _plain(row: dict) -> dict:
    return {k: money_out(v) if hasattr(v, "quantize") else v for k, v in row.items()}


class Report(APIView):
    """Markets and leases for a Bangla year (default: the current one). `export=csv|xlsx`
    downloads the per-property rows."""

    permission_classes = [roles_permission(access.VIEWERS)]

    @extend_schema(
        parameters=[
            OpenApiParameter("pourashava", str, required=False),
            OpenApiParameter("year", int, required=False),
            OpenApiParameter("export", str, required=False, enum=["json", "csv", "xlsx"]),
        ],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, XLSX_TYPE): OpenApiTypes.BINARY,
        },
    )
    def get(self, request):
        params = request.query_params
        fmt = params.get("export", "json")  # not "format": DRF reads that one itself
        if fmt not in ("json", "csv", "xlsx"):
            raise AppError("bad_format", BAD_FORMAT)
        year = (
            int(params["year"]) if str(params.get("year", "")).isdigit() else reports.current_year()
        )
        ids = _ids(request.user, params.get("pourashava"))
        if fmt != "json":
            rows = reports.property_rows(pourashava_ids=ids, year=year)
            cols = reports.PROPERTY_COLUMNS
            return export_response(
                fmt, f"leases-{year}", cols, ([_plain(r)[c] for c in cols] for r in rows)
            )
        summary = reports.ministry_report(pourashava_ids=ids, year=year)
        out = {
            "year": year,
            "totals": summary["totals"],
            "value_this_year": money_out(summary["value_this_year"]),
            "value_last_year": money_out(summary["value_last_year"]),
            "average_3y": money_out(summary["average_3y"]),
            "by_kind": [_plain(r) for r in summary["by_kind"]],
            "reasons": summary["reasons"],
        }
        if ids is not None and len(ids) <= 20:  # one pourashava's rows, not the nation's
            out["properties"] = [
                _plain(r) for r in reports.property_rows(pourashava_ids=ids, year=year)
            ]
        return Response(out)
