"""Queues for staff (what waits on me, what is late) and a citizen's own applications."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated

from backend.identity.acting import acting_citizen
from backend.identity.permissions import IsCitizen
from backend.workflow.definitions import workflow_for
from backend.workflow.models import Application
from backend.workflow.selectors import applications_of, queue_for


class ApplicationOutput(serializers.ModelSerializer):
    pourashava = serializers.CharField(source="pourashava.code")
    ward = serializers.IntegerField(source="ward.number", allow_null=True)
    state_label = serializers.SerializerMethodField()
    waits_on = serializers.SerializerMethodField()
    late = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "number",
            "kind",
            "pourashava",
            "ward",
            "state",
            "state_label",
            "waits_on",
            "submitted_at",
            "state_entered_at",
            "due_at",
            "late",
            "closed_at",
        ]

    def get_state_label(self, application: Application) -> str:
        return workflow_for(application.kind).state(application.state).label.render()

    def get_waits_on(self, application: Application) -> list[str]:
        return sorted(workflow_for(application.kind).state(application.state).waits_on)

    def get_late(self, application: Application) -> bool:
        return bool(application.due_at and application.due_at < timezone.now())


class StaffQueue(ListAPIView):
    """Applications waiting on one of my roles, in my pourashava (councillors: my ward),
    oldest deadline first. `?late=1` keeps only those past their SLA."""

    serializer_class = ApplicationOutput
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, description="Only this application kind."),
            OpenApiParameter("late", bool, description="Only applications past their SLA."),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        return queue_for(
            self.request.user,
            kind=params.get("kind") or None,
            late_only=params.get("late") in ("1", "true"),
        )


class MyApplications(ListAPIView):
    serializer_class = ApplicationOutput
    permission_classes = [IsCitizen]

    def get_queryset(self):
        return applications_of(acting_citizen(self.request)).order_by("-submitted_at", "-id")
