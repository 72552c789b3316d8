"""Tenancy API: the public pourashava and ward lists (the app's address pickers) and the staff
endpoints for keeping wards and mahallas up to date."""

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from backend.common.digits import to_ascii_digits
from backend.common.errors import AppError, NotFound
from backend.common.text import Text
from backend.identity.api.auth import ErrorSerializer
from backend.municipality import selectors, services
from backend.municipality.api_base import TenantScopedViewSetMixin
from backend.municipality.models import Mahalla, Pourashava, Ward
from backend.municipality.roles import TENANCY_CHANGE_ROLES, TENANCY_VIEW_ROLES
from backend.municipality.scoping import restrict, scope_of

POURASHAVA_NOT_FOUND = Text(en="No such pourashava.", bn="এমন কোনো পৌরসভা নেই।")
POURASHAVA_REQUIRED = Text(
    en="Say which pourashava the ward belongs to.",
    bn="ওয়ার্ডটি কোন পৌরসভার তা উল্লেখ করুন।",
)
ONLY_NAMES_CHANGE = Text(
    en="Only the names can be changed here: {fields} cannot.",
    bn="এখানে শুধু নাম পরিবর্তন করা যায়: {fields} পরিবর্তন করা যায় না।",
)


class DigitsIntegerField(serializers.IntegerField):
    """An integer that may be typed with Bangla digits."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = to_ascii_digits(data.strip())
        return super().to_internal_value(data)


# Public ------------------------------------------------------------------------------------


class PourashavaSerializer(serializers.ModelSerializer):
    ward_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Pourashava
        fields = [
            "code",
            "name_en",
            "name_bn",
            "pourashava_class",
            "district_en",
            "district_bn",
            "upazila_en",
            "upazila_bn",
            "ward_count",
        ]


class MahallaBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mahalla
        fields = ["id", "name_en", "name_bn"]


class PublicWardSerializer(serializers.ModelSerializer):
    mahallas = MahallaBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Ward
        fields = ["id", "number", "name_en", "name_bn", "mahallas"]


class PourashavaListView(generics.ListAPIView):
    """Active pourashavas, for the app's first screen. Public: no login, no per-user data."""

    permission_classes = [AllowAny]
    authentication_classes: list = []  # nothing here depends on who asks
    serializer_class = PourashavaSerializer

    def get_queryset(self) -> QuerySet[Pourashava]:
        return selectors.public_pourashavas()


class PourashavaWardListView(generics.ListAPIView):
    """A pourashava's wards with their mahallas, for address forms. Not paginated: a pourashava
    has a few dozen wards at most, and the picker needs them all."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = PublicWardSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Ward]:
        pourashava = selectors.public_pourashava(self.kwargs["code"])
        if pourashava is None:
            raise NotFound("pourashava_not_found", POURASHAVA_NOT_FOUND)
        return selectors.wards_with_mahallas(pourashava)


# Staff -------------------------------------------------------------------------------------


class StaffWardSerializer(serializers.ModelSerializer):
    pourashava = serializers.CharField(source="pourashava.code", read_only=True)
    mahallas = MahallaBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Ward
        fields = ["id", "pourashava", "number", "name_en", "name_bn", "mahallas"]


class WardCreateSerializer(serializers.Serializer):
    pourashava = serializers.CharField(
        required=False, help_text="Pourashava code; may be left out by staff of one pourashava."
    )
    number = DigitsIntegerField(min_value=1, max_value=services.MAX_WARD_NUMBER)
    name_en = serializers.CharField(required=False, allow_blank=True, max_length=100)
    name_bn = serializers.CharField(required=False, allow_blank=True, max_length=100)


class NamesSerializer(serializers.Serializer):
    name_en = serializers.CharField(required=False, max_length=100)
    name_bn = serializers.CharField(required=False, max_length=100)


class StaffMahallaSerializer(serializers.ModelSerializer):
    pourashava = serializers.CharField(source="pourashava.code", read_only=True)
    ward_number = serializers.IntegerField(source="ward.number", read_only=True)

    class Meta:
        model = Mahalla
        fields = ["id", "pourashava", "ward", "ward_number", "name_en", "name_bn"]


class MahallaCreateSerializer(serializers.Serializer):
    ward = DigitsIntegerField(help_text="Ward id (from /staff/wards/).")
    name_en = serializers.CharField(max_length=100)
    name_bn = serializers.CharField(max_length=100)


def _names_only(request) -> dict:
    """The PATCH body, refused if it tries to change anything but the names."""
    extra = sorted(set(request.data) - {"name_en", "name_bn"})
    if extra:
        raise AppError(
            "only_names_change",
            ONLY_NAMES_CHANGE,
            params={"fields": ", ".join(extra)},
            fields={name: ["read_only"] for name in extra},
        )
    data = NamesSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


class _TenancyViewSet(
    TenantScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    view_roles = TENANCY_VIEW_ROLES
    change_roles = TENANCY_CHANGE_ROLES
    http_method_names = ["get", "post", "patch", "head", "options"]


@extend_schema(
    parameters=[OpenApiParameter("pourashava", str, description="Only this pourashava (code).")]
)
class StaffWardViewSet(_TenancyViewSet):
    """Wards in the caller's scope. Any pourashava staff member reads them (a ward councillor:
    their own ward); the secretary or mayor adds wards and renames them."""

    ward_field = "pk"
    serializer_class = StaffWardSerializer
    queryset = selectors.ward_queryset()

    def filter_queryset(self, queryset):
        code = self.request.query_params.get("pourashava")
        if code:
            queryset = queryset.filter(pourashava__code=code.strip().upper())
        return queryset

    @extend_schema(
        request=WardCreateSerializer,
        responses={201: StaffWardSerializer, 409: ErrorSerializer},  # 409: the number is taken
    )
    def create(self, request, *args, **kwargs):
        data = WardCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pourashava = self._pourashava_for_create(data.validated_data.get("pourashava"))
        ward = services.create_ward(
            actor=request.user,
            pourashava=pourashava,
            number=data.validated_data["number"],
            name_en=data.validated_data.get("name_en", ""),
            name_bn=data.validated_data.get("name_bn", ""),
            request=request,
        )
        return Response(StaffWardSerializer(ward).data, status=201)

    @extend_schema(request=NamesSerializer, responses=StaffWardSerializer)
    def partial_update(self, request, *args, **kwargs):
        ward = self.get_object()  # 404 outside the caller's scope
        names = _names_only(request)
        ward = services.rename_ward(actor=request.user, ward=ward, request=request, **names)
        return Response(StaffWardSerializer(selectors.ward_queryset().get(pk=ward.pk)).data)

    def _pourashava_for_create(self, code: str | None) -> Pourashava:
        if code:
            pourashava = Pourashava.objects.filter(code=code.strip().upper()).first()
            if pourashava is None:
                raise serializers.ValidationError(
                    {"pourashava": ["No such pourashava."]}, code="does_not_exist"
                )
            return pourashava  # the service refuses it with 403 if it is not the caller's
        scope = scope_of(self.request.user, TENANCY_CHANGE_ROLES)
        if scope.national or len(scope.pourashava_ids) != 1:
            raise AppError(
                "pourashava_required", POURASHAVA_REQUIRED, fields={"pourashava": ["required"]}
            )
        return Pourashava.objects.get(pk=next(iter(scope.pourashava_ids)))


@extend_schema(
    parameters=[
        OpenApiParameter("ward", int, description="Only this ward (id)."),
        OpenApiParameter("pourashava", str, description="Only this pourashava (code)."),
    ]
)
class StaffMahallaViewSet(_TenancyViewSet):
    """Mahallas in the caller's scope; the secretary or mayor adds and renames them."""

    ward_field = "ward"
    serializer_class = StaffMahallaSerializer
    queryset = selectors.mahalla_queryset()

    def filter_queryset(self, queryset):
        params = self.request.query_params
        if params.get("pourashava"):
            queryset = queryset.filter(pourashava__code=params["pourashava"].strip().upper())
        if params.get("ward"):
            ward = to_ascii_digits(params["ward"].strip())
            # A number too large for the column names no ward (SQLite would overflow).
            known = ward.isascii() and ward.isdigit() and len(ward) <= 9
            queryset = queryset.filter(ward_id=int(ward)) if known else queryset.none()
        return queryset

    @extend_schema(
        request=MahallaCreateSerializer,
        responses={201: StaffMahallaSerializer, 409: ErrorSerializer},  # 409: the name is taken
    )
    def create(self, request, *args, **kwargs):
        data = MahallaCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # A ward outside the caller's scope is indistinguishable from one that does not exist.
        ward = (
            restrict(Ward.objects.all(), request.user, ward_field="pk", roles=TENANCY_CHANGE_ROLES)
            .filter(pk=data.validated_data["ward"])
            .first()
        )
        if ward is None:
            raise serializers.ValidationError({"ward": ["No such ward."]}, code="does_not_exist")
        mahalla = services.create_mahalla(
            actor=request.user,
            ward=ward,
            name_en=data.validated_data["name_en"],
            name_bn=data.validated_data["name_bn"],
            request=request,
        )
        return Response(StaffMahallaSerializer(mahalla).data, status=201)

    @extend_schema(
        request=NamesSerializer,
        responses={200: StaffMahallaSerializer, 409: ErrorSerializer},  # 409: the name is taken
    )
    def partial_update(self, request, *args, **kwargs):
        mahalla = self.get_object()
        names = _names_only(request)
        mahalla = services.rename_mahalla(
            actor=request.user, mahalla=mahalla, request=request, **names
        )
        return Response(StaffMahallaSerializer(mahalla).data)
