"""The register over the API: list and add properties, record a year's outcome and value,
compute reserve prices, ask for and approve an override."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.municipality.scoping import restrict
from services.estate_leases import access
from services.estate_leases.api.common import (
    money_out,
    pourashava_of,
    roles_permission,
    validated,
    visible_property,
)
from services.estate_leases.models import (
    NonLeaseReason,
    Outcome,
    Property,
    PropertyKind,
    ReservePrice,
)
from services.estate_leases.services import register, reserves

MAX_LIST = 500


def property_out(p: Property) -> dict:
    return {
        "id": p.pk,
        "pourashava": p.pourashava.code,
        "ward": p.ward.number if p.ward_id else None,
        "code": p.code,
        "name_en": p.name_en,
        "name_bn": p.name_bn,
        "kind": p.kind,
        "mouza": p.mouza,
        "dag": p.dag,
        "area_sqm": money_out(p.area_sqm),
        "hat_days": p.hat_days,
        "dc_approval_ref": p.dc_approval_ref,
        "status": p.status,
        "is_demo": p.is_demo,
    }


def reserve_out(r: ReservePrice) -> dict:
    return {
        "year": r.year,
        "basis": r.basis,
        "years_used": r.years_used,
        "partial": r.partial,
        "average": money_out(r.average),
        "uplift_percent": str(r.uplift_percent),
        "computed_amount": money_out(r.computed_amount),
        "override_amount": money_out(r.override_amount),
        "override_reason": r.override_reason,
        "override_approved": r.override_approved_at is not None,
        "amount": money_out(r.amount),
    }


class PropertyInput(serializers.Serializer):
    pourashava = serializers.CharField(max_length=10)
    code = serializers.CharField(max_length=30)
    name_en = serializers.CharField(max_length=150)
    name_bn = serializers.CharField(max_length=150)
    kind = serializers.ChoiceField(choices=PropertyKind.choices)
    ward = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    mouza = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    dag = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    area_sqm = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    hat_days = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    dc_approval_ref = serializers.CharField(
        max_length=120, required=False, allow_blank=True, default=""
    )


class Properties(APIView):
    """The register of leasable property in my pourashava(s) (GET); add one (POST, estate
    officer). A hat-bazar or cattle hat needs the DC's approval reference."""

    permission_classes = [roles_permission(access.VIEWERS)]

    @extend_schema(
        operation_id="estate_properties_list",
        parameters=[
            OpenApiParameter("pourashava", str, required=False),
            OpenApiParameter("kind", str, required=False, enum=PropertyKind.values),
        ],
        responses={200: dict},
    )
    def get(self, request) -> Response:
        qs = restrict(
            Property.objects.select_related("pourashava", "ward"),
            request.user,
            roles=access.VIEWERS,
        )
        if code := request.query_params.get("pourashava"):
            qs = qs.filter(pourashava__code=code.upper())
        if kind := request.query_params.get("kind"):
            qs = qs.filter(kind=kind)
        rows = list(qs.order_by("pourashava__code", "code")[:MAX_LIST])
        return Response({"results": [property_out(p) for p in rows]})

    @extend_schema(request=PropertyInput, responses={201: dict})
    def post(self, request) -> Response:
        data = validated(PropertyInput, request.data)
        pourashava = pourashava_of(request.user, data.pop("pourashava"), access.OFFICERS)
        ward = data.pop("ward")
        prop = register.add_property(
            pourashava=pourashava,
            data=register.PropertyInput(ward_number=ward, **data),
            actor=request.user,
        )
        return Response(property_out(prop), status=status.HTTP_201_CREATED)


class PropertyDetail(APIView):
    """One property with its yearly outcomes and reserve prices."""

    permission_classes = [roles_permission(access.VIEWERS)]

    @extend_schema(responses={200: dict})
    def get(self, request, property_id: int) -> Response:
        prop = visible_property(request.user, property_id)
        out = property_out(prop)
        out["outcomes"] = [
            {
                "year": o.year,
                "outcome": o.outcome,
                "reason": o.reason,
                "reason_text": o.reason_text,
                "realised_value": money_out(o.realised_value),
                "is_demo": o.is_demo,
            }
            for o in prop.outcomes.order_by("-year")
        ]
        out["reserves"] = [reserve_out(r) for r in prop.reserves.order_by("-year")]
        return Response(out)


class OutcomeInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=1400, max_value=1600)
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reason = serializers.ChoiceField(
        choices=NonLeaseReason.choices, required=False, allow_blank=True, default=""
    )
    reason_text = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    realised_value = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    correction_reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )


class PropertyOutcome(APIView):
    """Record what happened in a lease year: directly collected, not operated (each with a
    reason), or a past year's leased value. A value a later reserve was computed from changes
    only with `correction_reason` (a correction record; the reserves are recomputed)."""

    permission_classes = [roles_permission(access.OFFICERS)]

    @extend_schema(request=OutcomeInput, responses={200: dict})
    def post(self, request, property_id: int) -> Response:
        prop = visible_property(request.user, property_id)
        data = validated(OutcomeInput, request.data)
        row = register.record_outcome(prop=prop, actor=request.user, **data)
        return Response(
            {
                "year": row.year,
                "outcome": row.outcome,
                "reason": row.reason,
                "realised_value": money_out(row.realised_value),
            }
        )


class ComputeInput(serializers.Serializer):
    pourashava = serializers.CharField(max_length=10)
    year = serializers.IntegerField(min_value=1400, max_value=1600)


class ComputeReserves(APIView):
    """Compute the reserve price of every active property for a lease year: the three-year
    average plus the uplift in force, rounded up to 100 taka. Safe to repeat: overrides stay."""

    permission_classes = [roles_permission(access.OFFICERS)]

    @extend_schema(request=ComputeInput, responses={200: dict})
    def post(self, request) -> Response:
        data = validated(ComputeInput, request.data)
        pourashava = pourashava_of(request.user, data["pourashava"], access.OFFICERS)
        done = reserves.compute_all(pourashava=pourashava, year=data["year"], actor=request.user)
        return Response(
            {
                "year": data["year"],
                "results": [{"property": r.property.code, **reserve_out(r)} for r in done],
            }
        )


class OverrideInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=1400, max_value=1600)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    reason = serializers.CharField(max_length=2000)


class ApproveInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=1400, max_value=1600)


def _reserve(prop: Property, year: int) -> ReservePrice:
    from backend.common.errors import NotFound
    from services.estate_leases import errors

    found = ReservePrice.objects.select_related("property").filter(property=prop, year=year).first()
    if found is None:
        raise NotFound(
            "reserve_missing", errors.NO_RESERVE, params={"code": prop.code, "year": year}
        )
    return found


class ReserveOverride(APIView):
    """Ask to set the reserve to another amount, with a reason (estate officer); it is in
    force only once the mayor approves it."""

    permission_classes = [roles_permission(access.OFFICERS)]

    @extend_schema(request=OverrideInput, responses={200: dict})
    def post(self, request, property_id: int) -> Response:
        prop = visible_property(request.user, property_id)
        data = validated(OverrideInput, request.data)
        reserve = reserves.ask_override(
            reserve=_reserve(prop, data["year"]),
            amount=data["amount"],
            reason=data["reason"],
            actor=request.user,
        )
        return Response(reserve_out(reserve))


class ApproveOverride(APIView):
    """Approve the override waiting on a property's reserve (the mayor; not who asked)."""

    permission_classes = [roles_permission(access.APPROVERS)]

    @extend_schema(request=ApproveInput, responses={200: dict})
    def post(self, request, property_id: int) -> Response:
        prop = visible_property(request.user, property_id)
        data = validated(ApproveInput, request.data)
        reserve = reserves.approve_override(
            reserve=_reserve(prop, data["year"]), actor=request.user
        )
        return Response(reserve_out(reserve))
