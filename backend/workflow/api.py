"""Queues for staff (what waits on me, what is late) and a citizen's own applications."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common import display
from backend.common.text import Text, in_language
from backend.identity.acting import acting_citizen
from backend.identity.permissions import IsCitizen
from backend.municipality.scoping import scope_of
from backend.workflow.definitions import APPLICANT, workflow_for
from backend.workflow.models import ActionLog, Application
from backend.workflow.selectors import applications_of, history_of, queue_for
from backend.workflow.services import available_actions, take_action

# What each kind of application is, for people (a kind not named here shows its code).
KIND_LABELS = {
    "certificate": Text(en="Certificate", bn="সনদ"),
    "trade_licence": Text(en="Trade licence", bn="ট্রেড লাইসেন্স"),
    "water_connection": Text(en="Water connection", bn="পানির সংযোগ"),
    "water_change": Text(en="Water connection change", bn="পানির সংযোগ পরিবর্তন"),
    "assessment_review": Text(en="Assessment review", bn="কর নির্ধারণ পুনর্বিবেচনা"),
    "lease_award": Text(en="Lease award", bn="ইজারা প্রদান"),
    "property_new_holding": Text(en="New holding number", bn="নতুন হোল্ডিং নম্বর"),
    "property_mutation": Text(en="Mutation (name transfer)", bn="নামজারি"),
    "property_split": Text(en="Holding split", bn="হোল্ডিং বিভাজন"),
    "property_merge": Text(en="Holding merger", bn="হোল্ডিং একীকরণ"),
    "property_correction": Text(en="Holding correction", bn="হোল্ডিং সংশোধন"),
}


class ApplicationOutput(serializers.ModelSerializer):
    pourashava = serializers.CharField(source="pourashava.code")
    pourashava_name = serializers.SerializerMethodField()
    ward = serializers.IntegerField(source="ward.number", allow_null=True)
    kind_label = serializers.SerializerMethodField()
    state_label = serializers.SerializerMethodField()
    waits_on = serializers.SerializerMethodField()
    late = serializers.SerializerMethodField()
    submitted_at_display = serializers.SerializerMethodField()
    due_at_display = serializers.SerializerMethodField()
    closed_at_display = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "number",
            "kind",
            "kind_label",
            "pourashava",
            "pourashava_name",
            "ward",
            "state",
            "state_label",
            "waits_on",
            "submitted_at",
            "submitted_at_display",
            "state_entered_at",
            "due_at",
            "due_at_display",
            "late",
            "closed_at",
            "closed_at_display",
        ]

    def get_pourashava_name(self, application: Application) -> str:
        return in_language(application.pourashava.name_en, application.pourashava.name_bn)

    def get_kind_label(self, application: Application) -> str:
        text = KIND_LABELS.get(application.kind)
        return text.render() if text else application.kind

    def get_submitted_at_display(self, application: Application) -> str | None:
        return display.moment(application.submitted_at)

    def get_due_at_display(self, application: Application) -> str | None:
        return display.moment(application.due_at)

    def get_closed_at_display(self, application: Application) -> str | None:
        return display.moment(application.closed_at)

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
    """Your applications of every kind (certificates, register changes...), newest first, with
    their current state."""

    serializer_class = ApplicationOutput
    permission_classes = [IsCitizen]

    def get_queryset(self):
        return applications_of(acting_citizen(self.request)).order_by("-submitted_at", "-id")


class ActionInput(serializers.Serializer):
    action = serializers.CharField(max_length=40)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class LogOutput(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.full_name")

    class Meta:
        model = ActionLog
        fields = ["action", "from_state", "to_state", "actor", "actor_role", "comment", "at"]


def _visible_application(request, number: str) -> Application:
    """The applicant (or an operator acting for them) and staff whose role the kind involves,
    in scope, may see an application; anyone else gets a 404."""
    application = get_object_or_404(Application.objects.select_related("applicant"), number=number)
    citizen = acting_citizen(request) if request.user.is_authenticated else None
    if citizen is not None and application.applicant_id == citizen.pk:
        return application
    definition = workflow_for(application.kind)
    roles = {r for s in definition.states for r in s.waits_on} - {APPLICANT}
    if scope_of(request.user, roles).covers(application.pourashava_id, application.ward_id):
        return application
    raise Http404


class ApplicationActions(APIView):
    """What I may do now (GET), and doing it (POST {action, comment})."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: dict})
    def get(self, request, number: str) -> Response:
        application = _visible_application(request, number)
        actions = available_actions(application=application, actor=request.user, request=request)
        return Response(
            {
                "application": ApplicationOutput(application).data,
                "actions": [
                    {
                        "action": t.action,
                        "label": t.label.render(),
                        "needs_comment": t.needs_comment,
                    }
                    for t in actions
                ],
                "history": LogOutput(history_of(application), many=True).data,
            }
        )

    @extend_schema(request=ActionInput, responses={200: ApplicationOutput})
    def post(self, request, number: str) -> Response:
        application = _visible_application(request, number)
        data = ActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        application = take_action(
            application=application, actor=request.user, request=request, **data.validated_data
        )
        return Response(ApplicationOutput(application).data)
