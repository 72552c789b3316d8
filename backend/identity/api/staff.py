"""Staff endpoints: the pourashava's role assignments (who does what), and the audit log."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from backend.identity import roles as role_services
from backend.identity.models import AuditEntry, Role, RoleAssignment
from backend.identity.roles import GRANTING_ROLES, OVERSIGHT_ROLES
from backend.identity.selectors import (
    audit_entries_for_staff,
    pourashava_by_code_or_id,
    role_assignments,
    udc_centre_by_code,
    ward_by_number,
)
from backend.municipality.api_base import TenantScopedReadOnlyViewSet, TenantScopedViewSetMixin
from backend.municipality.models import Pourashava
from backend.municipality.scoping import scope_of


class StaffMemberOut(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")
    full_name = serializers.CharField(source="user.full_name")
    user_id = serializers.IntegerField()
    role_label = serializers.CharField(source="get_role_display")
    pourashava = serializers.CharField(source="pourashava.code", default=None, allow_null=True)
    ward = serializers.IntegerField(source="ward.number", default=None, allow_null=True)
    udc_centre = serializers.CharField(source="udc_centre.code", default=None, allow_null=True)
    udc_centre_name = serializers.CharField(
        source="udc_centre.name_en", default=None, allow_null=True
    )
    granted_by = serializers.CharField(source="granted_by.username", default=None, allow_null=True)

    class Meta:
        model = RoleAssignment
        fields = [
            "id",
            "user_id",
            "username",
            "full_name",
            "role",
            "role_label",
            "pourashava",
            "ward",
            "udc_centre",
            "udc_centre_name",
            "is_active",
            "granted_at",
            "granted_by",
        ]


class StaffMemberIn(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]+$", max_length=64)
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    password = serializers.CharField(
        required=False,
        write_only=True,
        trim_whitespace=False,
        max_length=128,
        help_text="Only when creating a new user; validated and stored Argon2-hashed.",
    )
    role = serializers.ChoiceField(choices=Role.choices)
    pourashava = serializers.CharField(
        required=False, help_text="Code or id; defaults to the caller's own pourashava."
    )
    ward = serializers.CharField(required=False, help_text="Ward number (ward councillors).")
    udc_centre = serializers.CharField(required=False, help_text="Centre code (UDC operators).")


class StaffMemberPatch(serializers.Serializer):
    is_active = serializers.BooleanField()


@extend_schema_view(
    list=extend_schema(responses=StaffMemberOut),
    retrieve=extend_schema(responses=StaffMemberOut),
    create=extend_schema(request=StaffMemberIn, responses={201: StaffMemberOut}),
    partial_update=extend_schema(request=StaffMemberPatch, responses=StaffMemberOut),
)
class StaffMemberViewSet(
    TenantScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Role assignments in the caller's pourashavas. A secretary or mayor grants roles in their
    own pourashava (creating the staff user if needed) and activates or deactivates them."""

    queryset = role_assignments()
    serializer_class = StaffMemberOut
    view_roles = OVERSIGHT_ROLES
    change_roles = GRANTING_ROLES
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        queryset = super().get_queryset()
        role = self.request.query_params.get("role")
        if role:
            queryset = queryset.filter(role=role)
        active = self.request.query_params.get("is_active")
        if active in ("true", "false"):
            queryset = queryset.filter(is_active=active == "true")
        return queryset

    def create(self, request):
        data = StaffMemberIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        pourashava = self._pourashava(values.get("pourashava"), values["role"])
        ward = ward_by_number(pourashava, values["ward"]) if values.get("ward") else None
        centre = udc_centre_by_code(values["udc_centre"]) if values.get("udc_centre") else None
        assignment = role_services.grant_role(
            actor=request.user,
            username=values["username"],
            full_name=values.get("full_name", ""),
            password=values.get("password") or None,
            role=values["role"],
            pourashava=pourashava,
            ward=ward,
            udc_centre=centre,
            request=request,
        )
        output = StaffMemberOut(role_assignments().get(pk=assignment.pk))
        return Response(output.data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        assignment = self.get_object()  # scoped: another pourashava's row is a 404
        data = StaffMemberPatch(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = role_services.set_role_active(
            actor=request.user,
            assignment=assignment,
            is_active=data.validated_data["is_active"],
            request=request,
        )
        return Response(StaffMemberOut(role_assignments().get(pk=assignment.pk)).data)

    def _pourashava(self, given: str | None, role: str) -> Pourashava | None:
        if given:
            return pourashava_by_code_or_id(given)
        if role in (Role.NATIONAL_VIEWER, Role.SYSTEM_ADMIN, Role.UDC_OPERATOR):
            return None
        # Default: the one pourashava where the caller may grant roles at all.
        ids = scope_of(self.request.user, GRANTING_ROLES).pourashava_ids
        if len(ids) == 1:
            return Pourashava.objects.get(pk=next(iter(ids)))
        raise serializers.ValidationError({"pourashava": [serializers.ErrorDetail("", "required")]})


class AuditEntryOut(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None)
    actor_name = serializers.CharField(source="actor.full_name", default=None)
    pourashava = serializers.CharField(source="pourashava.code", default=None)
    assisted_session = serializers.UUIDField(source="assisted_session_id", default=None)

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "actor",
            "actor_name",
            "pourashava",
            "action",
            "object_type",
            "object_id",
            "before",
            "after",
            "assisted_session",
            "client_address",
        ]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("object_type", str, description="e.g. identity.roleassignment"),
            OpenApiParameter("object_id", str),
            OpenApiParameter("action", str, description="e.g. role.grant"),
        ]
    )
)
class AuditEntryViewSet(TenantScopedReadOnlyViewSet):
    """The audit log of the caller's pourashavas (national staff: all). Read-only."""

    queryset = AuditEntry.objects.all()
    serializer_class = AuditEntryOut
    view_roles = OVERSIGHT_ROLES

    def get_queryset(self):
        params = self.request.query_params
        return audit_entries_for_staff(
            self.request.user,
            object_type=params.get("object_type"),
            object_id=params.get("object_id"),
            action=params.get("action"),
            roles=self.view_roles,
        )
