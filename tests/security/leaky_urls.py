"""A throwaway URL configuration for the matrix's own test: the real API plus views that forget
scoping: two naming a kind of object the matrix knows (a holding: one shows it, one changes it
and answers 404 all the same), a list of everyone's holdings, and one naming a kind of object
the matrix does not know."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import include, path
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.identity.models import AuditEntry
from services.property.models import Holding


class AnyHolding(APIView):
    """Returns any holding by id to anyone logged in: the bug the matrix exists to catch."""

    permission_classes = [IsAuthenticated]

    def get(self, request, holding_id: int) -> Response:
        holding = get_object_or_404(Holding, pk=holding_id)
        return Response({"id": holding.pk, "number": holding.number, "road": holding.road})


class TouchAnyHolding(APIView):
    """Changes any holding, then answers 404 as if it were scoped: only the database shows it."""

    permission_classes = [IsAuthenticated]

    def post(self, request, holding_id: int) -> Response:
        Holding.objects.filter(pk=holding_id).update(road="Touched")
        raise Http404


class AllHoldings(APIView):
    """Lists every pourashava's holdings to anyone logged in (no get_queryset scoping)."""

    permission_classes = [IsAuthenticated]

    def get(self, request) -> Response:
        return Response([{"id": h.pk, "road": h.road} for h in Holding.objects.all()])


class AnyEntry(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request, entry_id: int) -> Response:
        entry = get_object_or_404(AuditEntry, pk=entry_id)
        return Response({"id": entry.pk, "action": entry.action})


urlpatterns = [
    path("api/v1/leaky/holdings/<int:holding_id>/", AnyHolding.as_view()),
    path("api/v1/leaky/holdings/<int:holding_id>/touch/", TouchAnyHolding.as_view()),
    path("api/v1/leaky/holdings/", AllHoldings.as_view()),
    path("api/v1/leaky/entries/<int:entry_id>/", AnyEntry.as_view()),
    path("", include("backend.urls")),
]
