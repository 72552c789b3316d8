"""Tender notices and results for anyone, in Bangla and English."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from services.estate_leases.public import PUBLIC_LIMIT, call_public, public_calls


class PublicTenders(APIView):
    """Published tender calls, newest first, with the notice in both languages and each
    property's result (no bidder's personal data)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        parameters=[OpenApiParameter("pourashava", str, required=False)], responses={200: dict}
    )
    def get(self, request) -> Response:
        calls = public_calls(request.query_params.get("pourashava"))[:PUBLIC_LIMIT]
        return Response({"results": [call_public(c) for c in calls]})
