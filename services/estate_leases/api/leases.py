"""Leases over the API: list and read them (with the approval number and the demand to pay),
record the signed agreement, refund the security after the year."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.municipality.scoping import restrict
from services.estate_leases import access
from services.estate_leases.api.common import money_out, roles_permission, validated, visible_lease
from services.estate_leases.models import Lease
from services.estate_leases.services import awards

MAX_LIST = 200


def lease_out(lease: Lease) -> dict:
    return {
        "id": lease.pk,
        "pourashava": lease.pourashava.code,
        "property": lease.property.code,
        "property_name_en": lease.property.name_en,
        "property_name_bn": lease.property.name_bn,
        "year": lease.year,
        "lessee": lease.bid.bidder_name,
        "status": lease.status,
        "approval_number": lease.application.number,
        "approval_state": lease.application.state,
        "amount": money_out(lease.amount),
        "vat_percent": str(lease.vat_percent),
        "vat_amount": money_out(lease.vat_amount),
        "income_tax_percent": str(lease.income_tax_percent),
        "income_tax_amount": money_out(lease.income_tax_amount),
        "total_payable": money_out(lease.amount + lease.vat_amount + lease.income_tax_amount),
        "security_amount": money_out(lease.security_amount),
        "starts_on": lease.starts_on,
        "ends_on": lease.ends_on,
        "demand_id": lease.demand_id,
        "paid_at": lease.paid_at,
        "agreement_date": lease.agreement_date,
        "stamp_ref": lease.stamp_ref,
        "security_refunded_on": lease.security_refunded_on,
    }


def _related(qs):
    return qs.select_related("pourashava", "property", "bid", "application")


class Leases(APIView):
    """Leases of my pourashava(s), newest award first."""

    permission_classes = [roles_permission(access.VIEWERS)]

    @extend_schema(
        operation_id="estate_leases_list",
        parameters=[OpenApiParameter("pourashava", str, required=False)],
        responses={200: dict},
    )
    def get(self, request) -> Response:
        qs = _related(restrict(Lease.objects.all(), request.user, roles=access.VIEWERS))
        if code := request.query_params.get("pourashava"):
            qs = qs.filter(pourashava__code=code.upper())
        return Response({"results": [lease_out(x) for x in qs[:MAX_LIST]]})


class LeaseDetail(APIView):
    """One lease: the money, VAT and income tax, the approval, the demand to pay, the
    agreement and the security."""

    permission_classes = [roles_permission(access.VIEWERS)]

    @extend_schema(responses={200: dict})
    def get(self, request, lease_id: int) -> Response:
        lease = visible_lease(request.user, lease_id)
        return Response(lease_out(_related(Lease.objects).get(pk=lease.pk)))


class AgreementInput(serializers.Serializer):
    agreement_date = serializers.DateField()
    stamp_ref = serializers.CharField(max_length=80)


class Agreement(APIView):
    """Record the signed agreement (estate officer), once the lease money, VAT and income tax
    are paid."""

    permission_classes = [roles_permission(access.OFFICERS)]

    @extend_schema(request=AgreementInput, responses={200: dict})
    def post(self, request, lease_id: int) -> Response:
        lease = visible_lease(request.user, lease_id)  # another area's lease: 404 first
        data = validated(AgreementInput, request.data)
        lease = awards.sign_agreement(lease=lease, actor=request.user, **data)
        return Response(lease_out(_related(Lease.objects).get(pk=lease.pk)))


class RefundInput(serializers.Serializer):
    reference = serializers.CharField(max_length=80)


class SecurityRefund(APIView):
    """Refund the security deposit after the lease year ends (estate officer)."""

    permission_classes = [roles_permission(access.OFFICERS)]

    @extend_schema(request=RefundInput, responses={200: dict})
    def post(self, request, lease_id: int) -> Response:
        lease = visible_lease(request.user, lease_id)  # another area's lease: 404 first
        data = validated(RefundInput, request.data)
        lease = awards.refund_security(
            lease=lease,
            reference=data["reference"],
            actor=request.user,
        )
        return Response(lease_out(_related(Lease.objects).get(pk=lease.pk)))
