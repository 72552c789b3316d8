"""The citizen's water API: my connections, their readings and monthly consumption (for a chart),
my bills, applying for a connection and for a change. A citizen sees only connections billed to
them (or that an operator acting for them may see); anything else is a 404."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.identity.acting import acting_citizen
from backend.identity.permissions import IsCitizen
from backend.uploads.models import Upload
from services.property.models import Holding
from services.water_billing import documents, selectors
from services.water_billing.api.output import (
    WaterApplicationOut,
    WaterBillOut,
    WaterConnectionOut,
    WaterReadingOut,
)
from services.water_billing.models import (
    ApplicationKind,
    Category,
    Diameter,
    Source,
    StoreyClass,
)
from services.water_billing.services import applications


def _source(request) -> str:
    return Source.UDC if getattr(request, "assisted_session", None) else Source.CITIZEN


class MyConnections(ListAPIView):
    """My water connections and their state."""

    permission_classes = [IsCitizen]
    serializer_class = WaterConnectionOut

    def get_queryset(self):
        return selectors.connections_of(acting_citizen(self.request))


def _my_connection(request, number: str):
    return get_object_or_404(selectors.connections_of(acting_citizen(request)), number=number)


class MyConnection(APIView):
    """One of my water connections, with its meter and tariff."""

    permission_classes = [IsCitizen]

    @extend_schema(responses={200: WaterConnectionOut})
    def get(self, request, number: str) -> Response:
        return Response(WaterConnectionOut(_my_connection(request, number)).data)


class MyReadings(ListAPIView):
    """The meter readings of my connection, month by month."""

    permission_classes = [IsCitizen]
    serializer_class = WaterReadingOut

    def get_queryset(self):
        connection = _my_connection(self.request, self.kwargs["number"])
        return selectors.readings_of(connection)


class ConsumptionPoint(serializers.Serializer):
    period = serializers.CharField()
    consumption_kl = serializers.CharField()
    estimated = serializers.BooleanField()


class MyConsumption(APIView):
    """Monthly consumption of the last 24 months, oldest first (for a chart)."""

    permission_classes = [IsCitizen]

    @extend_schema(responses={200: ConsumptionPoint(many=True)})
    def get(self, request, number: str) -> Response:
        connection = _my_connection(request, number)
        return Response(selectors.monthly_consumption(connection))


class MyBills(ListAPIView):
    """My water bills, newest first, with their lines and what is still due."""

    permission_classes = [IsCitizen]
    serializer_class = WaterBillOut

    def get_queryset(self):
        return selectors.bills_of(acting_citizen(self.request))


class MyBillPdf(APIView):
    """Download one of my water bills as a PDF.

    In my language (Bangla or English), with both calendars and the signed QR that verifies
    it. Signed and rendered on the first download, then served from storage. Another
    citizen's bill is a 404."""

    permission_classes = [IsCitizen]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, id: int) -> HttpResponse:
        bill = get_object_or_404(selectors.bills_of(acting_citizen(request)), pk=id)
        language = "bn" if (translation.get_language() or "bn").startswith("bn") else "en"
        document, content = documents.bill_pdf(bill, language=language)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{document.number}.pdf"'
        return response


class ApplyInput(serializers.Serializer):
    holding = serializers.IntegerField()
    consumer_name = serializers.CharField(max_length=150)
    category = serializers.ChoiceField(choices=Category.choices)
    storey_class = serializers.ChoiceField(
        choices=[c for c in StoreyClass.choices if c[0] != "any"]
    )
    diameter = serializers.ChoiceField(choices=[c for c in Diameter.choices if c[0] != "any"])
    extra_flats = serializers.IntegerField(default=0)
    is_metered = serializers.BooleanField(default=False)
    documents = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)


class MyApplications(APIView):
    """Apply for a water connection on a holding I own."""

    permission_classes = [IsCitizen]

    @extend_schema(request=ApplyInput, responses={201: WaterApplicationOut})
    def post(self, request) -> Response:
        data = ApplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        citizen = acting_citizen(request)
        holding = get_object_or_404(
            Holding.objects.select_related("pourashava", "ward"), pk=values.pop("holding")
        )
        documents = list(
            Upload.objects.filter(public_id__in=values.pop("documents"), owner=citizen)
        )
        detail = applications.apply_for_connection(
            citizen=citizen,
            holding=holding,
            actor=request.user,
            documents=documents,
            source=_source(request),
            request=request,
            **values,
        )
        return Response(WaterApplicationOut(detail).data, status=201)


class ChangeInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[c for c in ApplicationKind.choices if c[0] != "new"])
    consumer_name = serializers.CharField(max_length=150, required=False, default="")
    diameter = serializers.ChoiceField(
        choices=[c for c in Diameter.choices if c[0] != "any"], required=False
    )
    # No default: "" is not one of the choices, and a schema default outside its enum breaks
    # generated clients. A change leaves out what it does not change.
    category = serializers.ChoiceField(choices=Category.choices, required=False)


class MyConnectionChanges(APIView):
    """Apply for a change of name, diameter or category of my connection (with its fee)."""

    permission_classes = [IsCitizen]

    @extend_schema(request=ChangeInput, responses={201: WaterApplicationOut})
    def post(self, request, number: str) -> Response:
        connection = _my_connection(request, number)
        data = ChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        detail = applications.apply_for_change(
            citizen=acting_citizen(request),
            connection=connection,
            actor=request.user,
            source=_source(request),
            request=request,
            **data.validated_data,
        )
        return Response(WaterApplicationOut(detail).data, status=201)
