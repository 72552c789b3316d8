"""Assisted service over the API: operators open, confirm and end sessions; citizens and staff
list what was done on citizens' behalf."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.digits import to_ascii_digits
from backend.identity import assisted
from backend.identity.acting import acting_citizen
from backend.identity.audit import client_address_of
from backend.identity.models import CENTRE_ROLES, AssistedAction, AssistedSession, UdcCentre
from backend.identity.permissions import IsCitizen, StaffWithRole
from backend.identity.roles import COUNTER_ROLES, OVERSIGHT_ROLES
from backend.identity.selectors import (
    assisted_actions,
    assisted_actions_of_citizen,
    pourashava_by_code_or_id,
)
from backend.municipality.api_base import TenantScopedReadOnlyViewSet

ASSISTING_ROLES = CENTRE_ROLES | COUNTER_ROLES


class OpenSessionIn(serializers.Serializer):
    mobile = serializers.CharField(max_length=20)
    pourashava = serializers.CharField(max_length=20, help_text="Pourashava code (NAT) or id.")
    udc_centre = serializers.CharField(
        max_length=20, required=False, help_text="Centre code, when the operator has several."
    )


class ConfirmSessionIn(serializers.Serializer):
    code = serializers.CharField(max_length=12)


class SessionOut(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    pourashava = serializers.CharField(source="pourashava.code")
    udc_centre = serializers.CharField(source="udc_centre.code", default=None)
    citizen = serializers.SerializerMethodField()

    class Meta:
        model = AssistedSession
        fields = [
            "id",
            "status",
            "pourashava",
            "udc_centre",
            "citizen",
            "created_at",
            "confirmed_at",
            "expires_at",
            "ended_at",
        ]

    def get_status(self, session: AssistedSession) -> str:
        if session.ended_at:
            return "ended"
        if not session.confirmed_at:
            return "awaiting_consent"
        return "live" if session.is_live() else "expired"

    def get_citizen(self, session: AssistedSession) -> dict:
        citizen = session.citizen
        facts = {"mobile": mask_mobile(citizen.mobile)}
        if session.confirmed_at:  # names only once the citizen has consented
            facts.update(id=citizen.pk, name_en=citizen.name_en, name_bn=citizen.name_bn)
        return facts


def mask_mobile(mobile: str) -> str:
    """01711000001 -> 017*****001: enough for the operator to check, not enough to harvest."""
    return f"{mobile[:3]}{'*' * max(len(mobile) - 6, 0)}{mobile[-3:]}" if mobile else ""


def _session(pk) -> AssistedSession:
    return AssistedSession.objects.select_related("citizen", "pourashava", "udc_centre").get(pk=pk)


class AssistingStaffMixin:
    def get_permissions(self):
        return [StaffWithRole(ASSISTING_ROLES)]


class SessionOpenView(AssistingStaffMixin, APIView):
    """Open an assisted session: a UDC operator or clerk asks to act for a citizen who is
    present; the citizen gets an OTP to consent."""

    @extend_schema(request=OpenSessionIn, responses={201: SessionOut}, operation_id="assist_open")
    def post(self, request):
        data = OpenSessionIn(data=request.data)
        data.is_valid(raise_exception=True)
        pourashava = pourashava_by_code_or_id(data.validated_data["pourashava"])
        centre_code = data.validated_data.get("udc_centre")
        centre_id = None
        if centre_code:
            centre = UdcCentre.objects.filter(code__iexact=centre_code).first()
            centre_id = centre.pk if centre else -1  # an unknown centre serves nobody
        session = assisted.open_session(
            operator=request.user,
            mobile=to_ascii_digits(data.validated_data["mobile"]),
            pourashava=pourashava,
            udc_centre_id=centre_id,
            client_address=client_address_of(request),
            request=request,
        )
        return Response(SessionOut(_session(session.pk)).data, status=status.HTTP_201_CREATED)


class SessionDetailView(AssistingStaffMixin, APIView):
    """One of your assisted sessions: whose it is, whether the citizen has consented, and until
    when it lasts."""

    @extend_schema(responses=SessionOut, operation_id="assist_detail")
    def get(self, request, pk):
        session = assisted.session_of_operator(request.user, pk)
        return Response(SessionOut(_session(session.pk)).data)


class SessionConfirmView(AssistingStaffMixin, APIView):
    """Confirm an assisted session with the OTP the citizen received; from then on, send its id
    in X-Assisted-Session to act for them."""

    @extend_schema(request=ConfirmSessionIn, responses=SessionOut, operation_id="assist_confirm")
    def post(self, request, pk):
        data = ConfirmSessionIn(data=request.data)
        data.is_valid(raise_exception=True)
        code = to_ascii_digits(data.validated_data["code"]).strip()
        session = assisted.confirm_session(
            operator=request.user, session_id=pk, code=code, request=request
        )
        return Response(SessionOut(_session(session.pk)).data)


class SessionEndView(AssistingStaffMixin, APIView):
    """End an assisted session now, before it expires; nothing more can be done under it."""

    @extend_schema(request=None, responses=SessionOut, operation_id="assist_end")
    def post(self, request, pk):
        session = assisted.end_session(operator=request.user, session_id=pk, request=request)
        return Response(SessionOut(_session(session.pk)).data)


class CitizenAssistedActionOut(serializers.ModelSerializer):
    operator_name = serializers.SerializerMethodField()
    udc_centre = serializers.SerializerMethodField()
    pourashava = serializers.SerializerMethodField()
    session = serializers.UUIDField(source="session_id")
    description = serializers.SerializerMethodField(
        help_text="What was done, where and by whom, in the request's language."
    )

    class Meta:
        model = AssistedAction
        fields = [
            "id",
            "at",
            "action",
            "description",
            "object_type",
            "object_id",
            "operator_name",
            "udc_centre",
            "pourashava",
            "session",
        ]

    def get_description(self, action: AssistedAction) -> str:
        # The console's words ("done for you at Natore UDC by ..."); phone sessions read once.
        from backend.operator_console.describe import describe, phone_sessions

        phone = self.context.setdefault("_phone_sessions", {})
        if action.citizen_id not in phone:
            phone[action.citizen_id] = phone_sessions(action.citizen_id)
        return describe(action, action.session_id in phone[action.citizen_id])

    def get_operator_name(self, action: AssistedAction) -> str:
        return action.operator.full_name or action.operator.username

    def get_udc_centre(self, action: AssistedAction) -> dict | None:
        centre = action.udc_centre
        if centre is None:
            return None  # done at the pourashava's own counter
        return {"code": centre.code, "name_en": centre.name_en, "name_bn": centre.name_bn}

    def get_pourashava(self, action: AssistedAction) -> dict:
        p = action.pourashava
        return {"code": p.code, "name_en": p.name_en, "name_bn": p.name_bn}


class StaffAssistedActionOut(CitizenAssistedActionOut):
    operator = serializers.CharField(source="operator.username")
    citizen = serializers.SerializerMethodField()

    class Meta(CitizenAssistedActionOut.Meta):
        fields = [*CitizenAssistedActionOut.Meta.fields, "operator", "citizen"]

    def get_citizen(self, action: AssistedAction) -> dict:
        c = action.citizen
        return {"id": c.pk, "mobile": c.mobile, "name_en": c.name_en, "name_bn": c.name_bn}


class MyAssistedActionsView(generics.ListAPIView):
    """What was done on the citizen's behalf: who, at which centre, when, what."""

    serializer_class = CitizenAssistedActionOut
    permission_classes = [IsCitizen]

    def get_queryset(self):
        return assisted_actions_of_citizen(acting_citizen(self.request))


class StaffAssistedActionViewSet(TenantScopedReadOnlyViewSet):
    """What operators did for citizens in assisted sessions, in your pourashava: who, for whom,
    what and when (for audit)."""

    queryset = assisted_actions()
    serializer_class = StaffAssistedActionOut
    view_roles = OVERSIGHT_ROLES
