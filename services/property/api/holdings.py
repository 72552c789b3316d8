"""Holdings API: a citizen's holdings (with particulars and owners on any date) and claims;
clerk search and claim decisions."""

from datetime import date

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common import display
from backend.common.digits import to_ascii_digits
from backend.common.text import Text, in_language
from backend.identity.acting import acting_citizen
from backend.identity.assisted import record_assisted_action
from backend.identity.models import Citizen, Role
from backend.identity.permissions import IsCitizen, StaffWithRole
from backend.municipality.models import Pourashava
from backend.municipality.scoping import restrict
from services.property import selectors
from services.property.api.attachments import attachment_out
from services.property.models import Holding, HoldingClaim, Ownership, Particulars
from services.property.services import holdings as services
from services.property.services.attachments import attachments_of

REGISTER_ROLES = frozenset({Role.ASSESSOR, Role.REVENUE_CLERK, Role.SECRETARY, Role.MAYOR})


class ParticularsOutput(serializers.ModelSerializer):
    """A holding's particulars; every number and code with its display form in the request's
    language (a floor area of 2000 is `২০০০` / `2000`, never `2E+3`)."""

    floor_area_display = serializers.SerializerMethodField()
    land_area_display = serializers.SerializerMethodField()
    monthly_rent_display = serializers.SerializerMethodField()
    floors_display = serializers.SerializerMethodField()
    year_built_display = serializers.SerializerMethodField()
    valid_from_display = serializers.SerializerMethodField()
    structure_type_label = serializers.CharField(source="get_structure_type_display")
    use_label = serializers.CharField(source="get_use_display")
    occupancy_label = serializers.CharField(source="get_occupancy_display")

    class Meta:
        model = Particulars
        fields = [
            "valid_from",
            "valid_from_display",
            "valid_to",
            "land_area_sqft",
            "land_area_display",
            "structure_type",
            "structure_type_label",
            "floors",
            "floors_display",
            "floor_area_sqft",
            "floor_area_display",
            "year_built",
            "year_built_display",
            "use",
            "use_label",
            "occupancy",
            "occupancy_label",
            "monthly_rent",
            "monthly_rent_display",
        ]

    def get_floor_area_display(self, obj: Particulars) -> str | None:
        return _area(obj.floor_area_sqft)

    def get_land_area_display(self, obj: Particulars) -> str | None:
        return _area(obj.land_area_sqft)

    def get_monthly_rent_display(self, obj: Particulars) -> str | None:
        return display.amount(obj.monthly_rent)

    def get_floors_display(self, obj: Particulars) -> str | None:
        return display.number(obj.floors)

    def get_year_built_display(self, obj: Particulars) -> str | None:
        return display.number(obj.year_built)

    def get_valid_from_display(self, obj: Particulars) -> str | None:
        return display.day(obj.valid_from)


AREA = Text(en="{area} sq ft", bn="{area} বর্গফুট")


def _area(value) -> str | None:
    if value is None:
        return None
    return AREA.render(area=display.number(value))


class OwnerOutput(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    share_display = serializers.SerializerMethodField()
    valid_from_display = serializers.SerializerMethodField()

    class Meta:
        model = Ownership
        fields = [
            "name_en",
            "name_bn",
            "name",
            "share",
            "share_display",
            "valid_from",
            "valid_from_display",
            "valid_to",
        ]

    def get_name(self, obj: Ownership) -> str:
        return in_language(obj.name_en, obj.name_bn)

    def get_share_display(self, obj: Ownership) -> str:
        """The share as a percentage: `৫০%` / `50%`."""
        return f"{display.number(obj.share * 100)}%"

    def get_valid_from_display(self, obj: Ownership) -> str | None:
        return display.day(obj.valid_from)


class HoldingOutput(serializers.ModelSerializer):
    reference = serializers.CharField()
    pourashava = serializers.CharField(source="pourashava.code")
    pourashava_name = serializers.SerializerMethodField()
    ward = serializers.IntegerField(source="ward.number")
    ward_display = serializers.SerializerMethodField()
    mahalla = serializers.CharField(source="mahalla.name_en", allow_null=True)
    mahalla_name = serializers.SerializerMethodField()
    # A plain string, not an enum: a client built today must still read a status added later.
    status = serializers.CharField(help_text="`active` or `retired`.")
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Holding
        fields = [
            "id",
            "reference",
            "pourashava",
            "pourashava_name",
            "ward",
            "ward_display",
            "mahalla",
            "mahalla_name",
            "road",
            "number",
            "status",
            "status_label",
        ]

    def get_pourashava_name(self, obj: Holding) -> str:
        return in_language(obj.pourashava.name_en, obj.pourashava.name_bn)

    def get_ward_display(self, obj: Holding) -> str:
        return WARD.render(number=display.number(obj.ward.number))

    def get_mahalla_name(self, obj: Holding) -> str | None:
        if obj.mahalla is None:
            return None
        return in_language(obj.mahalla.name_en, obj.mahalla.name_bn)


WARD = Text(en="Ward {number}", bn="ওয়ার্ড {number}")


class LineageOutput(serializers.Serializer):
    split_from = serializers.CharField(allow_null=True)
    merged_from = serializers.ListField(child=serializers.CharField())
    became = serializers.ListField(child=serializers.CharField())


class HoldingDetailOutput(HoldingOutput):
    """Schema only: what _holding_detail answers."""

    as_of = serializers.DateField()
    particulars = ParticularsOutput(allow_null=True)
    owners = OwnerOutput(many=True)
    history = LineageOutput()
    attachments = serializers.ListField(child=serializers.DictField())

    class Meta(HoldingOutput.Meta):
        fields = [
            *HoldingOutput.Meta.fields,
            "as_of",
            "particulars",
            "owners",
            "history",
            "attachments",
        ]


def _as_of(request) -> date:
    raw = request.query_params.get("on")
    if not raw:
        return timezone.localdate()
    try:
        return date.fromisoformat(to_ascii_digits(raw))
    except ValueError:
        raise serializers.ValidationError(
            {"on": [serializers.ErrorDetail("", code="date")]}
        ) from None


def _holding_detail(holding: Holding, day: date, viewer: Citizen | None = None) -> dict:
    particulars = selectors.particulars_on(holding, day)
    return {
        **HoldingOutput(holding).data,
        "as_of": day,
        "particulars": ParticularsOutput(particulars).data if particulars else None,
        "owners": OwnerOutput(selectors.owners_on(holding, day), many=True).data,
        "history": selectors.lineage(holding),
        "attachments": [attachment_out(a, viewer) for a in attachments_of(holding)],
    }


class MyHoldings(ListAPIView):
    """The holdings you own or co-own, in every pourashava, with their address and the
    pourashava's holding number."""

    serializer_class = HoldingOutput
    permission_classes = [IsCitizen]

    def get_queryset(self):
        return selectors.holdings_of(acting_citizen(self.request))


class MyHoldingDetail(APIView):
    """A holding of mine, as it stood on `?on=YYYY-MM-DD` (default today)."""

    permission_classes = [IsCitizen]

    @extend_schema(parameters=[OpenApiParameter("on", date)], responses={200: HoldingDetailOutput})
    def get(self, request, holding_id: int) -> Response:
        citizen = acting_citizen(request)
        holding = get_object_or_404(selectors.holdings_of(citizen), pk=holding_id)
        return Response(_holding_detail(holding, _as_of(request), citizen))


class ClaimInput(serializers.Serializer):
    pourashava = serializers.SlugRelatedField(
        slug_field="code", queryset=Pourashava.objects.filter(is_active=True)
    )
    ward = serializers.IntegerField(min_value=1)
    number = serializers.CharField(max_length=20)

    def to_internal_value(self, data):
        if hasattr(data, "get") and isinstance(data.get("ward"), str):
            data = {**data, "ward": to_ascii_digits(data["ward"])}
        return super().to_internal_value(data)


class ClaimOutput(serializers.ModelSerializer):
    holding = HoldingOutput()

    class Meta:
        model = HoldingClaim
        fields = ["id", "holding", "status", "proof", "created_at", "decided_at", "note"]


class MyHoldingClaims(APIView):
    """Claim a holding by pourashava, ward and number. A verified NID that matches a current
    owner approves it at once; otherwise a clerk decides."""

    permission_classes = [IsCitizen]

    @extend_schema(request=ClaimInput, responses={201: ClaimOutput})
    def post(self, request) -> Response:
        data = ClaimInput(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():  # an operator's claim is recorded with the claim
            claim = services.claim_holding(
                citizen=acting_citizen(request),
                pourashava=data.validated_data["pourashava"],
                ward_number=data.validated_data["ward"],
                number=data.validated_data["number"],
            )
            record_assisted_action(request, action="property.holding_claimed", obj=claim)
        return Response(ClaimOutput(claim).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ClaimOutput(many=True)})
    def get(self, request) -> Response:
        """Your claims to holdings, pending and decided."""
        claims = HoldingClaim.objects.filter(citizen=acting_citizen(request)).select_related(
            "holding__pourashava", "holding__ward", "holding__mahalla"
        )
        return Response(ClaimOutput(claims, many=True).data)


class StaffHoldingSearch(ListAPIView):
    """Search my pourashava's holdings by number, owner name, NID or mobile (`?q=`)."""

    serializer_class = HoldingOutput

    def get_permissions(self):
        return [StaffWithRole(REGISTER_ROLES | {Role.CASHIER})]

    def get_queryset(self):
        return selectors.search_holdings(self.request.user, self.request.query_params.get("q", ""))


class StaffHoldingDetail(APIView):
    """One holding of your pourashava, with its owners and assessment (register staff and
    cashiers)."""

    def get_permissions(self):
        return [StaffWithRole(REGISTER_ROLES | {Role.CASHIER})]

    @extend_schema(parameters=[OpenApiParameter("on", date)], responses={200: HoldingDetailOutput})
    def get(self, request, holding_id: int) -> Response:
        holdings = restrict(
            Holding.objects.select_related("pourashava", "ward", "mahalla"),
            request.user,
            ward_field="ward",
        )
        return Response(
            _holding_detail(get_object_or_404(holdings, pk=holding_id), _as_of(request))
        )


class ClaimDecisionInput(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class StaffClaimDecision(APIView):
    """Accept or reject a citizen's claim to a holding (register staff of the holding's
    pourashava)."""

    def get_permissions(self):
        return [StaffWithRole(REGISTER_ROLES)]

    @extend_schema(request=ClaimDecisionInput, responses={200: ClaimOutput})
    def post(self, request, claim_id: int) -> Response:
        claims = restrict(HoldingClaim.objects.all(), request.user, roles=REGISTER_ROLES)
        claim = get_object_or_404(claims, pk=claim_id)
        data = ClaimDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        claim = services.decide_claim(claim=claim, actor=request.user, **data.validated_data)
        return Response(ClaimOutput(claim).data)
