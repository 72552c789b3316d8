"""Staff water API: readings (one, an offline batch, an office CSV), the monthly run (dry run,
start, progress), connections and defaulters of my pourashava, disconnection notices and
reconnection, closure with a final bill."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.errors import AppError
from backend.identity.models import Role
from backend.identity.permissions import StaffWithRole
from backend.municipality.models import Pourashava
from backend.municipality.scoping import restrict, scope_of
from services.water_billing import errors, selectors
from services.water_billing import uploads as water_uploads
from services.water_billing.api.output import (
    WaterBillOut,
    WaterConnectionOut,
    WaterNoticeOut,
    WaterReadingOut,
    WaterRunOut,
)
from services.water_billing.models import (
    BillingRun,
    DisconnectionNotice,
    Meter,
    Reading,
    ReadingSource,
    ReadingStatus,
)
from services.water_billing.periods import parse
from services.water_billing.services import disconnection, meters, readings, run
from services.water_billing.services.readings import READER_ROLES, ReadingInput, RowResult

RUN_ROLES = frozenset({Role.WATER_SUPERINTENDENT, Role.REVENUE_CLERK})
SUPERINTENDENT = frozenset({Role.WATER_SUPERINTENDENT})


def _staff(roles):
    class Permission(StaffWithRole):
        def __init__(self) -> None:
            super().__init__(roles)

    return Permission


class ReadingIn(serializers.Serializer):
    connection = serializers.CharField(max_length=40)
    period = serializers.RegexField(r"^\d{4}-\d{2}$")
    reading_date = serializers.DateField()
    reading = serializers.DecimalField(max_digits=12, decimal_places=3, min_value=0)
    status = serializers.ChoiceField(
        choices=[ReadingStatus.NORMAL, ReadingStatus.ROLLOVER], default=ReadingStatus.NORMAL
    )
    client_id = serializers.CharField(max_length=64, required=False, allow_null=True, default=None)
    override = serializers.BooleanField(default=False)
    photo = serializers.UUIDField(required=False, allow_null=True, default=None)

    def to_input(self, data: dict) -> ReadingInput:
        photo = data.get("photo")
        return ReadingInput(
            connection=data["connection"],
            period=parse(data["period"]),
            reading_date=data["reading_date"],
            reading=data["reading"],
            status=data["status"],
            client_id=data.get("client_id"),
            override=data["override"],
            photo=str(photo) if photo else None,  # checked by the service: the reader's own
        )


def _row_out(result: RowResult) -> dict:
    out = {
        "row": result.row,
        "client_id": result.client_id,
        "outcome": result.outcome,
        "reading_id": result.reading_id,
        "consumption_kl": result.consumption_kl,
        "error": None,
    }
    if result.error is not None:
        out["error"] = {
            "code": result.error.code,
            "message": result.error.render_message(),
            "status": result.error.status_code,
        }
    return out


class RecordReading(APIView):
    """One reading (201), or a refusal (4xx) with nothing written."""

    permission_classes = [_staff(READER_ROLES)]

    @extend_schema(request=ReadingIn, responses={201: WaterReadingOut})
    def post(self, request) -> Response:
        data = ReadingIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.to_input(data.validated_data)
        connection = (
            selectors.staff_connections(request.user, READER_ROLES)
            .filter(number=values.connection)
            .first()
        )
        if connection is None:
            raise AppError(
                "unknown_connection",
                errors.UNKNOWN_CONNECTION,
                params={"number": values.connection},
                status_code=404,
            )
        reading, created = readings.record_reading(
            connection=connection, data=values, actor=request.user, source=ReadingSource.OFFICE
        )
        return Response(WaterReadingOut(reading).data, status=201 if created else 200)


class BatchIn(serializers.Serializer):
    readings = ReadingIn(many=True)


class ReadingBatch(APIView):
    """The field app's offline batch: each reading on its own (created, already recorded, or
    refused with its error). A retried batch writes nothing new."""

    permission_classes = [_staff(READER_ROLES)]

    @extend_schema(request=BatchIn, responses={200: dict})
    def post(self, request) -> Response:
        rows = request.data.get("readings") if isinstance(request.data, dict) else None
        if isinstance(rows, list) and len(rows) > readings.BATCH_LIMIT:
            raise AppError(
                "too_many_readings", errors.TOO_MANY_ROWS, params={"limit": readings.BATCH_LIMIT}
            )
        data = BatchIn(data=request.data)
        data.is_valid(raise_exception=True)
        inputs = [ReadingIn().to_input(r) for r in data.validated_data["readings"]]
        results = readings.record_batch(inputs, actor=request.user, source=ReadingSource.FIELD_APP)
        return Response(_report(results))


def _report(results: list[RowResult]) -> dict:
    return {
        "created": sum(r.outcome == "created" for r in results),
        "already_recorded": sum(r.outcome == "already_recorded" for r in results),
        "refused": sum(r.outcome == "refused" for r in results),
        "rows": [_row_out(r) for r in results],
    }


class CsvIn(serializers.Serializer):
    file = serializers.FileField(required=False)
    csv = serializers.CharField(required=False, max_length=2_000_000, trim_whitespace=False)

    def validate(self, data: dict) -> dict:
        if not data.get("file") and not data.get("csv"):
            raise serializers.ValidationError({"file": ["required"]})
        return data


class ReadingImport(APIView):
    """The office's CSV of readings, with a per-row report."""

    permission_classes = [_staff(READER_ROLES)]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request={"multipart/form-data": CsvIn}, responses={200: dict})
    def post(self, request) -> Response:
        data = CsvIn(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data.get("file")
        text = upload.read().decode("utf-8-sig") if upload else data.validated_data["csv"]
        return Response(_report(readings.import_csv(text, actor=request.user)))


class ReadingsToCheck(ListAPIView):
    """Estimated readings and readings confirmed over the sanity cap, newest first."""

    permission_classes = [_staff(SUPERINTENDENT)]
    serializer_class = WaterReadingOut

    def get_queryset(self):
        from django.db.models import Q

        rows = restrict(
            Reading.objects.select_related("connection"), self.request.user, roles=SUPERINTENDENT
        )
        return rows.filter(
            Q(status=ReadingStatus.ESTIMATED) | Q(override_by__isnull=False)
        ).order_by("-period", "id")


class RunIn(serializers.Serializer):
    pourashava = serializers.CharField(max_length=10)
    period = serializers.RegexField(r"^\d{4}-\d{2}$")
    dry_run = serializers.BooleanField(default=False)


def _pourashava_for(request, code: str) -> Pourashava:
    pourashava = get_object_or_404(Pourashava, code=code)
    if not scope_of(request.user, RUN_ROLES).covers(pourashava.pk):
        from django.http import Http404

        raise Http404
    return pourashava


class Runs(APIView):
    """Dry run by ward (nothing written), or start the month's run (202)."""

    permission_classes = [_staff(RUN_ROLES)]

    @extend_schema(request=RunIn, responses={202: WaterRunOut, 200: dict})
    def post(self, request) -> Response:
        data = RunIn(data=request.data)
        data.is_valid(raise_exception=True)
        pourashava = _pourashava_for(request, data.validated_data["pourashava"])
        period = parse(data.validated_data["period"])
        if data.validated_data["dry_run"]:
            result = run.dry_run(pourashava=pourashava, period=period)
            return Response(
                {
                    "bills": result.bills,
                    "total": str(result.total),
                    "unread_metered": result.unread,
                    "by_ward": {
                        str(w): {**v, "total": str(v["total"])} for w, v in result.by_ward.items()
                    },
                }
            )
        started, _ = run.start_run(
            pourashava=pourashava, period=period, actor=request.user, request=request
        )
        return Response(WaterRunOut(started).data, status=202)


class RunDetail(APIView):
    """A month's billing run: its progress and totals."""

    permission_classes = [_staff(RUN_ROLES)]

    @extend_schema(responses={200: WaterRunOut})
    def get(self, request, id: int) -> Response:
        rows = restrict(
            BillingRun.objects.select_related("pourashava"), request.user, roles=RUN_ROLES
        )
        return Response(WaterRunOut(get_object_or_404(rows, pk=id)).data)


class StaffConnections(ListAPIView):
    """The pourashava's water connections, filterable by ward and state."""

    permission_classes = [_staff(selectors.STAFF_ROLES)]
    serializer_class = WaterConnectionOut

    def get_queryset(self):
        return selectors.staff_connections(self.request.user).order_by("number")


class StaffConnectionBills(ListAPIView):
    """A connection's water bills."""

    permission_classes = [_staff(selectors.STAFF_ROLES)]
    serializer_class = WaterBillOut

    def get_queryset(self):
        connection = get_object_or_404(
            selectors.staff_connections(self.request.user), number=self.kwargs["number"]
        )
        return connection.bills.select_related("connection").order_by("-period")


class IssueNotice(APIView):
    """Issue a written disconnection notice for arrears (at least 30 days)."""

    permission_classes = [_staff(SUPERINTENDENT)]

    @extend_schema(request=None, responses={201: WaterNoticeOut})
    def post(self, request, number: str) -> Response:
        connection = get_object_or_404(
            selectors.staff_connections(request.user, SUPERINTENDENT), number=number
        )
        notice = disconnection.issue_notice(
            connection=connection, actor=request.user, request=request
        )
        return Response(WaterNoticeOut(notice).data, status=201)


def _notice(request, id: int) -> DisconnectionNotice:
    rows = restrict(
        DisconnectionNotice.objects.select_related("connection"), request.user, roles=SUPERINTENDENT
    )
    return get_object_or_404(rows, pk=id)


class ExecuteNotice(APIView):
    """Disconnect after the notice has run out and the arrears are still unpaid."""

    permission_classes = [_staff(SUPERINTENDENT)]

    @extend_schema(request=None, responses={200: WaterNoticeOut})
    def post(self, request, id: int) -> Response:
        notice = disconnection.execute_notice(
            notice=_notice(request, id), actor=request.user, request=request
        )
        return Response(WaterNoticeOut(notice).data)


class Reconnect(APIView):
    """Reconnect once the arrears and the reconnection fee are paid."""

    permission_classes = [_staff(SUPERINTENDENT)]

    @extend_schema(request=None, responses={200: WaterConnectionOut})
    def post(self, request, id: int) -> Response:
        connection = disconnection.reconnect(
            notice=_notice(request, id), actor=request.user, request=request
        )
        return Response(WaterConnectionOut(connection).data)


class CloseIn(serializers.Serializer):
    final_reading = serializers.DecimalField(
        max_digits=12, decimal_places=3, min_value=0, required=False, allow_null=True, default=None
    )


class CloseConnection(APIView):
    """Close on the consumer's request: final reading, final bill, closure."""

    permission_classes = [_staff(SUPERINTENDENT)]

    @extend_schema(request=CloseIn, responses={200: dict})
    def post(self, request, number: str) -> Response:
        connection = get_object_or_404(
            selectors.staff_connections(request.user, SUPERINTENDENT), number=number
        )
        data = CloseIn(data=request.data)
        data.is_valid(raise_exception=True)
        bill = disconnection.close_connection(
            connection=connection, actor=request.user, request=request, **data.validated_data
        )
        return Response(
            {
                "connection": connection.number,
                "final_bill": WaterBillOut(bill).data if bill else None,
            }
        )


class MeterIn(serializers.Serializer):
    final_reading = serializers.DecimalField(
        max_digits=12, decimal_places=3, min_value=0, help_text="The old meter's dial, removed."
    )
    serial = serializers.CharField(max_length=40, help_text="The new meter's serial.")
    initial_reading = serializers.DecimalField(
        max_digits=12,
        decimal_places=3,
        min_value=0,
        default=0,
        help_text="The new meter's first reading.",
    )
    installed_on = serializers.DateField(required=False, help_text="Default: today.")
    max_reading = serializers.DecimalField(
        max_digits=12, decimal_places=3, min_value=1, required=False
    )


class MeterOut(serializers.ModelSerializer):
    connection = serializers.CharField(source="connection.number")

    class Meta:
        model = Meter
        fields = [
            "connection",
            "serial",
            "installed_on",
            "initial_reading",
            "max_reading",
            "status",
        ]


class ReplaceMeter(APIView):
    """Replace a connection's meter.

    The old meter's final reading closes it, the new one starts at its first reading; the next
    reading counts both stretches."""

    permission_classes = [_staff(READER_ROLES)]

    @extend_schema(
        request=MeterIn,
        responses={201: MeterOut},
        examples=[
            OpenApiExample(
                "Replace a stuck meter",
                value={
                    "final_reading": "1230.000",
                    "serial": "MTR-2026-0042",
                    "initial_reading": "5.000",
                    "installed_on": "2026-05-14",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request, number: str) -> Response:
        connection = get_object_or_404(
            selectors.staff_connections(request.user, READER_ROLES), number=number
        )
        data = MeterIn(data=request.data)
        data.is_valid(raise_exception=True)
        meter = meters.replace_meter(
            connection=connection,
            data=meters.Replacement(**data.validated_data),
            actor=request.user,
            roles=READER_ROLES,
            request=request,
        )
        return Response(MeterOut(meter).data, status=201)


class PhotoIn(serializers.Serializer):
    file = serializers.FileField(help_text="JPEG or PNG of the meter's dial.")


class PhotoOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", help_text="Name it as a reading's `photo`.")
    purpose = serializers.CharField()
    size = serializers.IntegerField()


class MeterPhoto(APIView):
    """Upload a photo of a meter's dial.

    JPEG or PNG; a reading then names it by its id as `photo`. Only the reader who uploaded a
    photo can use it."""

    permission_classes = [_staff(READER_ROLES)]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": PhotoIn}, responses={201: PhotoOut})
    def post(self, request) -> Response:
        from backend.uploads.services import store_upload

        data = PhotoIn(data=request.data)
        data.is_valid(raise_exception=True)
        upload = store_upload(
            file=data.validated_data["file"],
            uploaded_by=request.user,
            owner=None,  # staff-side: the pourashava's record, no citizen's document
            purpose=water_uploads.PHOTO_PURPOSE,
        )
        return Response(PhotoOut(upload).data, status=201)
