"""Direct collection over the API: the lease collector records a hat day's takings at a
property under direct collection; the answer carries the payment layer's receipt number."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from services.estate_leases import access
from services.estate_leases.api.common import (
    money_out,
    roles_permission,
    validated,
    visible_property,
)
from services.estate_leases.services.collections import record_collection


class CollectionInput(serializers.Serializer):
    property = serializers.IntegerField(min_value=1)
    date = serializers.DateField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=1)


class Collections(APIView):
    """Record a hat day's direct (khas) collection at a property not leased this year (lease
    collector): one entry per property and day, each with a receipt."""

    permission_classes = [roles_permission(access.COLLECTORS)]

    @extend_schema(request=CollectionInput, responses={201: dict})
    def post(self, request) -> Response:
        data = validated(CollectionInput, request.data)
        prop = visible_property(request.user, data["property"])
        entry = record_collection(
            prop=prop, day=data["date"], amount=data["amount"], actor=request.user
        )
        return Response(
            {
                "id": entry.pk,
                "property": prop.code,
                "year": entry.year,
                "date": entry.date,
                "amount": money_out(entry.amount),
                "receipt_number": entry.receipt_number,
            },
            status=status.HTTP_201_CREATED,
        )
