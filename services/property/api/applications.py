"""Citizens apply to change the register: mutation (by holding reference, since a buyer does
not own it yet), correction or split of a holding they own, merge of holdings they own; new
holding numbers by ward."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.errors import NotFound
from backend.common.text import Text
from backend.identity.acting import acting_citizen
from backend.identity.assisted import record_assisted_action
from backend.identity.permissions import IsCitizen
from backend.municipality.models import Pourashava, Ward
from services.property.api.attachments import attachments_field
from services.property.models import Holding, HoldingStatus, PropertyApplicationKind
from services.property.selectors import holdings_of
from services.property.services import applications
from services.property.services.holdings import PARTICULAR_FIELDS, normalise_holding_number


class OwnerField(serializers.Serializer):
    name_en = serializers.CharField(max_length=150)
    name_bn = serializers.CharField(max_length=150)
    share = serializers.DecimalField(max_digits=5, decimal_places=4, min_value=0, max_value=1)
    nid = serializers.CharField(max_length=17, required=False, allow_blank=True, default="")
    mobile = serializers.CharField(max_length=11, required=False, allow_blank=True, default="")


class ParticularsField(serializers.Serializer):
    land_area_sqft = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    structure_type = serializers.CharField(max_length=12)
    floors = serializers.IntegerField(min_value=0, max_value=60)
    floor_area_sqft = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    use = serializers.CharField(max_length=16)
    occupancy = serializers.CharField(max_length=16)
    monthly_rent = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )


class MergedParticularsField(ParticularsField):
    """A merged holding's land area defaults to the sum of its parents'."""

    land_area_sqft = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )


NOT_YOUR_HOLDING = Text(
    en="Holding {id} is not among your holdings.", bn="{id} হোল্ডিংটি আপনার হোল্ডিংয়ের মধ্যে নেই।"
)


class ApplicationInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PropertyApplicationKind.choices)
    pourashava = serializers.SlugRelatedField(
        slug_field="code", queryset=Pourashava.objects.filter(is_active=True)
    )
    ward = serializers.IntegerField(min_value=1)
    number = serializers.CharField(max_length=20, required=False)
    holding = serializers.IntegerField(required=False)
    deed = serializers.CharField(max_length=200, required=False, default="")
    owners = OwnerField(many=True, required=False)
    changes = serializers.DictField(required=False)
    particulars = serializers.DictField(required=False)
    parts = serializers.ListField(child=serializers.DictField(), required=False)
    holdings = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=20
    )
    attachments = attachments_field(required=False)

    def validate(self, attrs: dict) -> dict:
        kind = attrs["kind"]
        if kind in (PropertyApplicationKind.NEW_HOLDING, PropertyApplicationKind.MERGE):
            missing = [f for f in ("particulars", "owners") if not attrs.get(f)]
            if missing:
                raise serializers.ValidationError(
                    {f: [serializers.ErrorDetail("", code="required")] for f in missing}
                )
        if attrs.get("particulars") is not None:
            shape = (
                MergedParticularsField
                if kind == PropertyApplicationKind.MERGE
                else ParticularsField
            )
            particulars = shape(data=attrs["particulars"])
            if not particulars.is_valid():
                raise serializers.ValidationError({"particulars": particulars.errors})
            attrs["particulars"] = particulars.validated_data
        return attrs


def _json(value):
    """Decimals as strings so the payload stores exactly."""
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    return str(value) if value is not None and not isinstance(value, (str, int, bool)) else value


def _my_active_holdings(citizen, ids: list[int]) -> list[Holding]:
    """The holdings `ids` in the order given, each one the citizen's (404 otherwise: another
    citizen's holding is not acknowledged to exist)."""
    mine = {h.pk: h for h in holdings_of(citizen).filter(pk__in=ids, status=HoldingStatus.ACTIVE)}
    for pk in ids:
        if pk not in mine:
            raise NotFound("holding_not_found", NOT_YOUR_HOLDING, params={"id": pk})
    return [mine[pk] for pk in dict.fromkeys(ids)]


class MyPropertyApplications(APIView):
    """Apply for a change to the holdings register (mutation, split, merge...): the application
    goes to the pourashava's clerks."""

    permission_classes = [IsCitizen]

    @extend_schema(request=ApplicationInput, responses={201: dict})
    def post(self, request) -> Response:
        data = ApplicationInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        citizen = acting_citizen(request)
        ward = get_object_or_404(Ward, pourashava=v["pourashava"], number=v["ward"])
        holding, sources = None, None
        kind = v["kind"]
        if kind == PropertyApplicationKind.MUTATION:
            holding = get_object_or_404(
                Holding,
                ward=ward,
                status="active",
                number=normalise_holding_number(v.get("number", "")),
            )
        elif kind == PropertyApplicationKind.MERGE:
            sources = _my_active_holdings(citizen, v.get("holdings", []))
        elif kind != PropertyApplicationKind.NEW_HOLDING:
            holding = get_object_or_404(holdings_of(citizen), pk=v.get("holding"), ward=ward)
        payload = _json(
            {
                "deed": v.get("deed", ""),
                "owners": v.get("owners", []),
                "number": v.get("number"),
                "particulars": v.get("particulars"),
                "parts": v.get("parts", []),
                "changes": {
                    k: val for k, val in v.get("changes", {}).items() if k in PARTICULAR_FIELDS
                },
            }
        )
        with transaction.atomic():  # the assisted-service record commits with the application
            detail = applications.apply(
                kind=kind,
                pourashava=v["pourashava"],
                applicant=citizen,
                actor=request.user,
                payload=payload,
                holding=holding,
                ward=ward,
                sources=sources,
                attachments=v.get("attachments", []),
                request=request,
            )
            record_assisted_action(
                request, action=f"property.{kind}_applied", obj=detail.application
            )
        return Response(
            {"number": detail.application.number, "kind": kind, "state": detail.application.state},
            status=status.HTTP_201_CREATED,
        )
