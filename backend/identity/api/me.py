"""The acting citizen's own profile, and NID verification of it."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from backend.common.digits import to_ascii_digits
from backend.common.errors import AppError
from backend.common.text import Text
from backend.identity.acting import acting_citizen
from backend.identity.api.auth import CitizenSerializer, ErrorSerializer
from backend.identity.permissions import IsCitizen
from backend.identity.services import (
    EDITABLE_FIELDS,
    update_citizen_profile,
    verify_citizen_nid,
)
from backend.identity.validators import normalise_mobile

MOBILE_READ_ONLY = Text(
    en="The mobile number cannot be changed here; it is the number you log in with.",
    bn="মোবাইল নম্বর এখানে বদলানো যায় না; এটি দিয়েই আপনি লগইন করেন।",
)


class DigitsDateField(serializers.DateField):
    """A YYYY-MM-DD date that may be typed in Bangla digits."""

    def to_internal_value(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value.strip())
        return super().to_internal_value(value)


def _name(max_length: int = 150) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True)


class CitizenUpdateSerializer(serializers.Serializer):
    """Fields a citizen may change. `mobile` is read-only (the login number); NID and BRN are
    normalised (Bangla digits, 13-digit NID with the birth year in front)."""

    name_en = _name()
    name_bn = _name()
    father_name_en = _name()
    father_name_bn = _name()
    mother_name_en = _name()
    mother_name_bn = _name()
    spouse_name_en = _name()
    spouse_name_bn = _name()
    date_of_birth = DigitsDateField(required=False, allow_null=True)
    nid = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="10 or 17 digits; 13 digits with date_of_birth. Changing it voids verification.",
    )
    birth_registration_number = serializers.CharField(
        max_length=40, required=False, allow_blank=True, allow_null=True, help_text="17 digits."
    )
    present_address = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    permanent_address = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class NidVerificationSerializer(serializers.Serializer):
    verified = serializers.BooleanField()
    newly_verified = serializers.BooleanField(
        help_text="False when the profile was already verified (no new check was made)."
    )
    citizen = CitizenSerializer()


class MeView(APIView):
    """GET: your profile. PATCH: change names, date of birth, NID, BRN and addresses."""

    permission_classes = [IsCitizen]

    @extend_schema(
        tags=["me"],
        summary="Your citizen profile",
        responses={200: CitizenSerializer, 401: ErrorSerializer, 403: ErrorSerializer},
    )
    def get(self, request):
        return Response(CitizenSerializer(acting_citizen(request)).data)

    @extend_schema(
        tags=["me"],
        summary="Change your citizen profile",
        request=CitizenUpdateSerializer,
        responses={
            200: CitizenSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            409: ErrorSerializer,
        },
    )
    def patch(self, request):
        citizen = acting_citizen(request)
        if not isinstance(request.data, dict):  # JSON null, a list, a number...
            raise serializers.ValidationError("Expected an object.", code="not_a_dict")
        if "mobile" in request.data:
            try:
                same = normalise_mobile(request.data.get("mobile")) == citizen.mobile
            except AppError:
                same = False
            if not same:
                raise AppError(
                    "mobile_read_only",
                    MOBILE_READ_ONLY,
                    fields={"mobile": [MOBILE_READ_ONLY.render()]},
                )
        serializer = CitizenUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = {k: v for k, v in serializer.validated_data.items() if k in EDITABLE_FIELDS}
        citizen = update_citizen_profile(
            citizen=citizen, changes=changes, actor=request.user, request=request
        )
        return Response(CitizenSerializer(citizen).data)


class NidVerificationView(APIView):
    """Check your NID, date of birth and English name against the national record."""

    permission_classes = [IsCitizen]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "nid_verification"

    @extend_schema(
        tags=["me"],
        summary="Verify your NID",
        request=None,
        responses={
            200: NidVerificationSerializer,
            400: ErrorSerializer,
            409: ErrorSerializer,
            503: ErrorSerializer,
        },
    )
    def post(self, request):
        citizen, newly = verify_citizen_nid(
            citizen=acting_citizen(request), actor=request.user, request=request
        )
        body = {"verified": True, "newly_verified": newly, "citizen": citizen}
        return Response(NidVerificationSerializer(body).data)
