"""Tender calls over the API: make and publish a call, count schedules sold, record sealed
bids until the deadline, open them after it (tender committee), read the comparative
statement, award or fail each property."""

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.identity.services import login_citizen
from backend.municipality.scoping import restrict
from services.estate_leases import access
from services.estate_leases.api.common import (
    money_out,
    pourashava_of,
    roles_permission,
    validated,
    visible_call,
)
from services.estate_leases.models import NonLeaseReason, TenderCall
from services.estate_leases.services import awards, tenders

MAX_LIST = 200


def _statement_out(call: TenderCall) -> list[dict]:
    rows = tenders.comparative_statement(call)
    for row in rows:
        row["reserve"] = money_out(row["reserve"])
        for bid in row["bids"]:
            for key in ("amount", "earnest_amount", "security_amount"):
                bid[key] = money_out(bid[key])
    return rows


def call_out(call: TenderCall, *, detail: bool = False) -> dict:
    out = {
        "id": call.pk,
        "number": call.number,
        "pourashava": call.pourashava.code,
        "year": call.year,
        "call_no": call.call_no,
        "status": call.status,
        "schedule_price": money_out(call.schedule_price),
        "sale_until": call.sale_until,
        "deadline": call.deadline,
        "opening_at": call.opening_at,
        "published_at": call.published_at,
        "opened_at": call.opened_at,
    }
    if detail:
        out["notice_bn"] = call.notice_bn
        out["notice_en"] = call.notice_en
        out["items"] = _statement_out(call)
    return out


class CallInput(serializers.Serializer):
    pourashava = serializers.CharField(max_length=10)
    year = serializers.IntegerField(min_value=1400, max_value=1600)
    properties = serializers.ListField(
        child=serializers.CharField(max_length=30), min_length=1, max_length=100
    )
    sale_until = serializers.DateTimeField()
    deadline = serializers.DateTimeField()
    opening_at = serializers.DateTimeField()
    schedule_price = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, default=0
    )


class Calls(APIView):
    """Tender calls of my pourashava(s) (GET); make one for a lease year (POST, estate
    officer): each property needs its reserve price computed first."""

    permission_classes = [roles_permission(access.VIEWERS)]

    @extend_schema(
        operation_id="estate_tenders_list",
        parameters=[OpenApiParameter("pourashava", str, required=False)],
        responses={200: dict},
    )
    def get(self, request) -> Response:
        qs = restrict(
            TenderCall.objects.select_related("pourashava"), request.user, roles=access.VIEWERS
        )
        if code := request.query_params.get("pourashava"):
            qs = qs.filter(pourashava__code=code.upper())
        return Response({"results": [call_out(c) for c in qs[:MAX_LIST]]})

    @extend_schema(request=CallInput, responses={201: dict})
    def post(self, request) -> Response:
        data = validated(CallInput, request.data)
        pourashava = pourashava_of(request.user, data["pourashava"], access.OFFICERS)
        call = tenders.create_call(
            pourashava=pourashava,
            data=tenders.CallInput(
                year=data["year"],
                property_codes=tuple(data["properties"]),
                sale_until=data["sale_until"],
                deadline=data["deadline"],
                opening_at=data["opening_at"],
                schedule_price=data["schedule_price"],
            ),
            actor=request.user,
        )
        return Response(call_out(call, detail=True), status=status.HTTP_201_CREATED)


class CallDetail(APIView):
    """A call with its notice and, once opened, the comparative statement."""

    permission_classes = [roles_permission(access.VIEWERS)]

    @extend_schema(responses={200: dict})
    def get(self, request, call_id: int) -> Response:
        return Response(call_out(visible_call(request.user, call_id), detail=True))


class Publish(APIView):
    """Publish the call: the notice is generated in Bangla and English (estate officer)."""

    permission_classes = [roles_permission(access.OFFICERS)]

    @extend_schema(request=None, responses={200: dict})
    def post(self, request, call_id: int) -> Response:
        call = tenders.publish(call=visible_call(request.user, call_id), actor=request.user)
        return Response(call_out(call, detail=True))


class PropertyRef(serializers.Serializer):
    property = serializers.CharField(max_length=30)


class ScheduleSale(APIView):
    """Count one schedule sold for a property of the call (until the sale closes)."""

    permission_classes = [roles_permission(access.OFFICERS)]

    @extend_schema(request=PropertyRef, responses={200: dict})
    def post(self, request, call_id: int) -> Response:
        call = visible_call(request.user, call_id)  # another area's call: 404 first
        data = validated(PropertyRef, request.data)
        item = tenders.sell_schedule(call=call, code=data["property"], actor=request.user)
        return Response({"property": data["property"], "schedules_sold": item.schedules_sold})


class BidInput(serializers.Serializer):
    property = serializers.CharField(max_length=30)
    mobile = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=150)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=1)
    earnest_amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    security_amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    instrument_ref = serializers.CharField(
        max_length=80, required=False, allow_blank=True, default=""
    )


class Bids(APIView):
    """Record a sealed bid as it is handed in (estate officer): only before the deadline, with
    earnest money of at least 25% and security of at least 5% of the bid, one per bidder per
    call. The bidder is identified by mobile number (their citizen account pays the lease)."""

    permission_classes = [roles_permission(access.OFFICERS)]

    @extend_schema(request=BidInput, responses={201: dict})
    def post(self, request, call_id: int) -> Response:
        call = visible_call(request.user, call_id)  # another area's call: 404 first
        data = validated(BidInput, request.data)
        access.require(request.user, access.OFFICERS, call.pourashava_id)
        with transaction.atomic():  # a refused bid leaves no new bidder account behind
            bidder, _ = login_citizen(mobile=data["mobile"])
            bid = tenders.submit_bid(
                call=call,
                data=tenders.BidInput(
                    property_code=data["property"],
                    bidder=bidder,
                    bidder_name=data["name"],
                    amount=data["amount"],
                    earnest_amount=data["earnest_amount"],
                    security_amount=data["security_amount"],
                    instrument_ref=data["instrument_ref"],
                ),
                actor=request.user,
            )
        return Response(
            {"id": bid.pk, "property": data["property"], "submitted_at": bid.submitted_at},
            status=status.HTTP_201_CREATED,
        )


class Open(APIView):
    """Open the bids (tender committee), only after the deadline; answers the comparative
    statement."""

    permission_classes = [roles_permission(access.COMMITTEE)]

    @extend_schema(request=None, responses={200: dict})
    def post(self, request, call_id: int) -> Response:
        call = tenders.open_bids(call=visible_call(request.user, call_id), actor=request.user)
        return Response(call_out(call, detail=True))


class InvalidateInput(serializers.Serializer):
    bid = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=200)


class InvalidateBid(APIView):
    """Mark an opened bid invalid, with the reason (tender committee)."""

    permission_classes = [roles_permission(access.COMMITTEE)]

    @extend_schema(request=InvalidateInput, responses={200: dict})
    def post(self, request, call_id: int) -> Response:
        call = visible_call(request.user, call_id)  # another area's call: 404 first
        data = validated(InvalidateInput, request.data)
        bid = tenders.invalidate_bid(
            call=call,
            bid_id=data["bid"],
            reason=data["reason"],
            actor=request.user,
        )
        return Response({"id": bid.pk, "valid": bid.valid, "invalid_reason": bid.invalid_reason})


class AwardInput(serializers.Serializer):
    property = serializers.CharField(max_length=30)
    bid = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


class Award(APIView):
    """Award a property to the highest valid bid at or above the reserve (tender committee);
    the award then waits for the mayor's approval (POST /applications/{number}/actions/)."""

    permission_classes = [roles_permission(access.COMMITTEE)]

    @extend_schema(request=AwardInput, responses={201: dict})
    def post(self, request, call_id: int) -> Response:
        call = visible_call(request.user, call_id)  # another area's call: 404 first
        data = validated(AwardInput, request.data)
        lease = awards.award(
            call=call,
            code=data["property"],
            bid_id=data["bid"],
            actor=request.user,
        )
        from services.estate_leases.api.leases import lease_out

        return Response(lease_out(lease), status=status.HTTP_201_CREATED)


class FailInput(serializers.Serializer):
    property = serializers.CharField(max_length=30)
    reason = serializers.ChoiceField(choices=NonLeaseReason.choices)
    reason_text = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    next_action = serializers.ChoiceField(choices=[("retender", "retender"), ("direct", "direct")])


class Fail(APIView):
    """No award for a property in this call: a new call follows, or direct collection, with
    the reason recorded."""

    permission_classes = [roles_permission(access.COMMITTEE | access.OFFICERS)]

    @extend_schema(request=FailInput, responses={200: dict})
    def post(self, request, call_id: int) -> Response:
        call = visible_call(request.user, call_id)  # another area's call: 404 first
        data = validated(FailInput, request.data)
        item = tenders.fail_item(
            call=call,
            code=data["property"],
            reason=data["reason"],
            reason_text=data["reason_text"],
            next_action=data["next_action"],
            actor=request.user,
        )
        return Response({"property": data["property"], "status": item.status})
