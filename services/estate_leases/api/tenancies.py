"""Market shop tenancies over the API: let a shop (estate officer), list tenants in arrears,
send them the arrears notice by SMS."""

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.identity.services import login_citizen
from backend.municipality.models import Pourashava
from backend.municipality.scoping import scope_of
from services.estate_leases import access
from services.estate_leases.api.common import (
    money_out,
    pourashava_of,
    roles_permission,
    validated,
    visible_property,
)
from services.estate_leases.services import tenancies


class TenancyInput(serializers.Serializer):
    property = serializers.IntegerField(min_value=1)
    mobile = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=150)
    monthly_rent = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=1)
    starts_on = serializers.DateField()


class Tenancies(APIView):
    """Let a market shop to a tenant at a monthly rent (estate officer); the rent is then
    demanded each month (`manage.py raise_shop_rent` or the monthly beat task)."""

    permission_classes = [roles_permission(access.OFFICERS)]

    @extend_schema(request=TenancyInput, responses={201: dict})
    def post(self, request) -> Response:
        data = validated(TenancyInput, request.data)
        prop = visible_property(request.user, data["property"])
        access.require(request.user, access.OFFICERS, prop.pourashava_id)
        with transaction.atomic():  # a refused letting leaves no new tenant account behind
            tenant, _ = login_citizen(mobile=data["mobile"])
            tenancy = tenancies.let_shop(
                prop=prop,
                tenant=tenant,
                tenant_name=data["name"],
                monthly_rent=data["monthly_rent"],
                starts_on=data["starts_on"],
                actor=request.user,
            )
        return Response(
            {
                "id": tenancy.pk,
                "shop": prop.code,
                "tenant_name": tenancy.tenant_name,
                "monthly_rent": money_out(tenancy.monthly_rent),
                "starts_on": tenancy.starts_on,
            },
            status=status.HTTP_201_CREATED,
        )


class Arrears(APIView):
    """Shop tenants with rent overdue in my pourashava(s), with the amount."""

    permission_classes = [roles_permission(access.VIEWERS)]

    @extend_schema(
        parameters=[OpenApiParameter("pourashava", str, required=False)], responses={200: dict}
    )
    def get(self, request) -> Response:
        scope = scope_of(request.user, access.VIEWERS)
        ids = None if scope.national else set(scope.pourashava_ids)
        if code := request.query_params.get("pourashava"):
            # Another pourashava's (or an unknown) code answers an empty list, as a filter does.
            pk = Pourashava.objects.filter(code=code.strip().upper()).values_list("pk", flat=True)
            ids = {p for p in pk if ids is None or p in ids}
        rows = tenancies.arrears(pourashava_ids=ids)
        return Response({"results": [{**r, "arrears": money_out(r["arrears"])} for r in rows]})


class NoticeInput(serializers.Serializer):
    pourashava = serializers.CharField(max_length=10)


class ArrearsNotices(APIView):
    """Send every shop tenant in arrears the bilingual arrears notice by SMS (estate officer)."""

    permission_classes = [roles_permission(access.OFFICERS)]

    @extend_schema(request=NoticeInput, responses={200: dict})
    def post(self, request) -> Response:
        data = validated(NoticeInput, request.data)
        pourashava = pourashava_of(request.user, data["pourashava"], access.OFFICERS)
        sent = tenancies.send_arrears_notices(pourashava=pourashava, actor=request.user)
        return Response({"sent": sent})
