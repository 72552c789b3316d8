"""The clerk panel's API for the app and counter tablets: the certificate queue of what waits on
my roles in my area (councillors: my ward), with SLA colour and with whom; and bulk approve /
recommend, each application through the workflow engine on its own."""

from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.errors import AppError
from backend.common.text import Text
from backend.identity.models import Role
from backend.identity.permissions import StaffWithRole
from backend.workflow.selectors import queue_for
from services.certificates.models import CertificateApplication
from services.certificates.services import bulk
from services.certificates.sla import (
    WAITS_ON_LABELS,
    CouncillorDirectory,
    late_condition,
    sla_of,
    staff_states,
    thresholds,
    with_whom,
)
from services.certificates.workflow import APPROVE, KIND, RECOMMEND, state_label

QUEUE_ROLES = frozenset({Role.CERTIFICATE_OFFICER, Role.WARD_COUNCILLOR})

TOO_MANY = Text(
    en="At most {limit} applications can be handled at once; you sent {count}.",
    bn="একবারে সর্বোচ্চ {limit}টি আবেদন নেওয়া যায়; আপনি পাঠিয়েছেন {count}টি।",
)


class QueueFilters(serializers.Serializer):
    state = serializers.ChoiceField(choices=[], required=False)
    ward = serializers.IntegerField(min_value=1, required=False)
    late = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = staff_states()


class QueueItem(serializers.ModelSerializer):
    number = serializers.CharField(source="application.number")
    type = serializers.SerializerMethodField()
    ward = serializers.IntegerField(source="ward.number")
    state = serializers.CharField(source="application.state")
    state_label = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField(source="application.submitted_at")
    sla = serializers.SerializerMethodField()
    with_whom = serializers.SerializerMethodField()
    certificate_number = serializers.CharField(
        source="certificate.number", allow_null=True, default=None
    )

    class Meta:
        model = CertificateApplication
        fields = [
            "number",
            "type",
            "name_en",
            "name_bn",
            "nid",
            "ward",
            "language",
            "state",
            "state_label",
            "submitted_at",
            "paid_at",
            "sla",
            "with_whom",
            "certificate_number",
        ]

    def get_type(self, obj: CertificateApplication) -> dict:
        kind = obj.certificate_type
        return {"code": kind.code, "name_en": kind.name_en, "name_bn": kind.name_bn}

    def get_state_label(self, obj: CertificateApplication) -> str:
        return state_label(obj.application.state)

    def get_sla(self, obj: CertificateApplication) -> dict:
        found = sla_of(obj, now=self.context["now"], limits=self.context["limits"])
        field = serializers.DateTimeField()
        return {
            "colour": found.colour.value,
            "label": found.label.render(),
            "state_due_at": field.to_representation(found.state_due_at)
            if found.state_due_at
            else None,
            "due_by": field.to_representation(found.due_by) if found.due_by else None,
        }

    def get_with_whom(self, obj: CertificateApplication) -> dict:
        found = with_whom(obj, self.context["directory"])
        return {
            "roles": list(found.roles),
            "labels": [
                WAITS_ON_LABELS[r].render() if r in WAITS_ON_LABELS else r for r in found.roles
            ],
            "people": list(found.people),
            "no_councillor": found.vacant,
            "text": found.describe(),
        }


def certificate_queue(user, *, state=None, ward=None, late=False, q="", now=None) -> QuerySet:
    """What waits on `user`'s roles where they hold them, most pressing state deadline first."""
    waiting = queue_for(user, kind=KIND).values("pk")
    queryset = CertificateApplication.objects.filter(application__in=waiting).select_related(
        "application", "certificate_type", "ward", "certificate"
    )
    if state:
        queryset = queryset.filter(application__state=state)
    if ward:
        queryset = queryset.filter(ward__number=ward)
    if late:
        queryset = queryset.filter(late_condition(now))
    q = q.strip()
    if q:
        matching = CertificateApplication.objects.filter(
            Q(application__number__icontains=q)
            | Q(certificate__number__iexact=q)
            | Q(name_en__icontains=q)
            | Q(name_bn__icontains=q)
            | Q(nid=q)
            | Q(birth_registration_number=q)
            | Q(heirs__name_en__icontains=q)
            | Q(heirs__name_bn__icontains=q)
            | Q(heirs__nid=q)
        ).values("pk")
        queryset = queryset.filter(pk__in=matching)  # a subquery: no duplicate rows from heirs
    return queryset.order_by("application__due_at", "due_by", "id")


class CertificateQueue(ListAPIView):
    """Certificate applications waiting on one of my roles, in my pourashava (councillors: my
    ward), each with its SLA colour and with whom it waits."""

    serializer_class = QueueItem

    def get_permissions(self):
        return [StaffWithRole(QUEUE_ROLES)]

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str, description="with_councillor or with_officer"),
            OpenApiParameter("ward", int, description="Ward number."),
            OpenApiParameter("late", bool, description="Only those past a deadline (red)."),
            OpenApiParameter("q", str, description="Application number, name, NID, BRN, heir."),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = QueueFilters(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return certificate_queue(self.request.user, now=self._now(), **filters.validated_data)

    def get_serializer_context(self) -> dict:
        return {
            **super().get_serializer_context(),
            "now": self._now(),
            "limits": thresholds(),
            "directory": CouncillorDirectory(),
        }

    def _now(self):
        # One reading for the whole response, so the late filter and the colours agree.
        if not hasattr(self, "_moment"):
            self._moment = timezone.now()
        return self._moment


class BulkInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=[APPROVE, RECOMMEND])
    numbers = serializers.ListField(
        child=serializers.CharField(max_length=40), allow_empty=False, max_length=bulk.MAX_NUMBERS
    )


class BulkAction(APIView):
    """POST {action: "approve"|"recommend", numbers: [...]}: one result per number. Numbers not
    in my area get "not_found", the same as numbers that do not exist."""

    def get_permissions(self):
        return [StaffWithRole(QUEUE_ROLES)]

    @extend_schema(request=BulkInput, responses={200: dict})
    def post(self, request) -> Response:
        if hasattr(request.data, "getlist"):  # a form post: numbers=...&numbers=...
            numbers = request.data.getlist("numbers")
        else:
            numbers = request.data.get("numbers") if isinstance(request.data, dict) else None
        if isinstance(numbers, list) and len(numbers) > bulk.MAX_NUMBERS:
            # Refused before anything is read or done: the caller splits the batch.
            message = TOO_MANY.render(limit=bulk.MAX_NUMBERS, count=len(numbers))
            raise AppError(
                "too_many_numbers",
                TOO_MANY,
                params={"limit": bulk.MAX_NUMBERS, "count": len(numbers)},
                fields={"numbers": [message]},
            )
        data = BulkInput(data=request.data)
        data.is_valid(raise_exception=True)
        outcomes = bulk.act_on_numbers(
            data.validated_data["numbers"],
            action=data.validated_data["action"],
            actor=request.user,
            request=request,
        )
        return Response(
            {
                "action": data.validated_data["action"],
                "done": sum(1 for o in outcomes if o.ok),
                "skipped": sum(1 for o in outcomes if not o.ok),
                "results": [
                    {"number": o.number, "ok": o.ok, "code": o.code, "message": o.message}
                    for o in outcomes
                ],
            }
        )
