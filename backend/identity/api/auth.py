"""Login endpoints: citizen OTP (request a code, exchange it for tokens), token refresh, and
staff username/password login."""

import ipaddress

from django.conf import settings
from django.contrib.auth import authenticate
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from backend.common import display
from backend.common.errors import AppError, Forbidden, TooManyRequests
from backend.common.text import Text, in_language
from backend.identity.api.examples import OTP_EXAMPLES, TOKEN_EXAMPLES
from backend.identity.login_guard import login_succeeded
from backend.identity.models import OtpPurpose, User
from backend.identity.otp import request_otp, seconds_until_resend, verify_otp
from backend.identity.revocation import CurrentTokenRefreshSerializer, stamp
from backend.identity.roles import assignments_of
from backend.identity.services import login_citizen

TOKEN_INVALID = Text(
    en="This login token is not valid or has expired. Please log in again.",
    bn="এই লগইন টোকেনটি সঠিক নয় বা মেয়াদ শেষ। আবার লগইন করুন।",
)
INVALID_CREDENTIALS = Text(
    en="The username or password is not correct.",
    bn="ইউজারনেম বা পাসওয়ার্ড সঠিক নয়।",
)
STAFF_ONLY = Text(
    en="This login is for pourashava staff with an assigned role.",
    bn="এই লগইন কেবল দায়িত্বপ্রাপ্ত পৌরসভা কর্মীদের জন্য।",
)


# Serializers ----------------------------------------------------------------------------------


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(required=False)


class ErrorSerializer(serializers.Serializer):
    """Every rejection: {"error": {"code", "message", "fields"?}}."""

    error = ErrorDetailSerializer()


class OtpSendSerializer(serializers.Serializer):
    mobile = serializers.CharField(
        max_length=32, help_text="Any common form: 01712345678, +8801712345678, Bangla digits."
    )


class OtpSentSerializer(serializers.Serializer):
    mobile = serializers.CharField(help_text="The normalised number the code was sent to.")
    expires_in = serializers.IntegerField(help_text="Seconds the code stays valid.")
    resend_after = serializers.IntegerField(help_text="Seconds before another code may be sent.")


class OtpTokenRequestSerializer(serializers.Serializer):
    mobile = serializers.CharField(max_length=32)
    code = serializers.CharField(max_length=16, help_text="The 6-digit code from the SMS.")


class CitizenSerializer(serializers.Serializer):
    """A citizen's own profile, as the citizen (or an operator acting for them) sees it."""

    id = serializers.IntegerField(read_only=True)
    mobile = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    name_bn = serializers.CharField(read_only=True)
    father_name_en = serializers.CharField(read_only=True)
    father_name_bn = serializers.CharField(read_only=True)
    mother_name_en = serializers.CharField(read_only=True)
    mother_name_bn = serializers.CharField(read_only=True)
    spouse_name_en = serializers.CharField(read_only=True)
    spouse_name_bn = serializers.CharField(read_only=True)
    date_of_birth = serializers.DateField(read_only=True, allow_null=True)
    nid = serializers.CharField(read_only=True, allow_null=True)
    birth_registration_number = serializers.CharField(read_only=True, allow_null=True)
    present_address = serializers.CharField(read_only=True)
    permanent_address = serializers.CharField(read_only=True)
    nid_verified = serializers.SerializerMethodField()
    nid_verified_at = serializers.DateTimeField(read_only=True, allow_null=True)
    nid_verification_source = serializers.CharField(read_only=True)
    # For people, in the request's language (backend/common/display.py).
    name = serializers.SerializerMethodField()
    date_of_birth_display = serializers.SerializerMethodField()
    nid_verified_at_display = serializers.SerializerMethodField()

    def get_nid_verified(self, citizen) -> bool:
        return citizen.nid_verified_at is not None

    def get_name(self, citizen) -> str:
        return in_language(citizen.name_en, citizen.name_bn)

    def get_date_of_birth_display(self, citizen) -> str | None:
        return display.day(citizen.date_of_birth)

    def get_nid_verified_at_display(self, citizen) -> str | None:
        return display.moment(citizen.nid_verified_at)


class CitizenTokenSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    citizen = CitizenSerializer()
    is_new = serializers.BooleanField(help_text="True on the first login with this number.")


class RefreshRequestSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class StaffLoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=64)
    password = serializers.CharField(max_length=256, trim_whitespace=False)


class StaffRoleSerializer(serializers.Serializer):
    role = serializers.CharField()
    pourashava = serializers.IntegerField(source="pourashava_id", allow_null=True)
    ward = serializers.IntegerField(source="ward_id", allow_null=True)
    udc_centre = serializers.IntegerField(source="udc_centre_id", allow_null=True)


class StaffUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    is_superuser = serializers.BooleanField()
    roles = StaffRoleSerializer(many=True)


class StaffTokenSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    user = StaffUserSerializer()


def tokens_for(user: User) -> dict[str, str]:
    refresh = stamp(RefreshToken.for_user(user), user)  # revocable: backend/identity/revocation
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def client_address(request) -> str | None:
    """The caller's address: REMOTE_ADDR, or the entry TRUSTED_PROXY_HOPS from the right of
    X-Forwarded-For when the app runs behind that many trusted proxies. Never a spoofable
    left-hand entry."""
    hops = settings.TRUSTED_PROXY_HOPS
    candidate = request.META.get("REMOTE_ADDR", "")
    if hops > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


# Citizen OTP login ----------------------------------------------------------------------------


class OtpRequestView(APIView):
    """Send a login code by SMS. Limits per number and per address are counted in the database;
    the throttle here is only a soft outer guard."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "otp"

    @extend_schema(
        tags=["auth"],
        summary="Send a login code to a mobile number",
        request=OtpSendSerializer,
        responses={202: OtpSentSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
        examples=OTP_EXAMPLES,
    )
    def post(self, request):
        data = _valid(OtpSendSerializer, request)
        challenge = request_otp(
            mobile=data["mobile"], purpose=OtpPurpose.LOGIN, client_address=client_address(request)
        )
        body = {
            "mobile": challenge.mobile,
            "expires_in": int((challenge.expires_at - challenge.created_at).total_seconds()),
            "resend_after": seconds_until_resend(mobile=challenge.mobile),
        }
        return Response(OtpSentSerializer(body).data, status=status.HTTP_202_ACCEPTED)


class OtpTokenView(APIView):
    """Exchange a login code for tokens. The first login creates the account."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "otp"

    @extend_schema(
        tags=["auth"],
        summary="Log in with the code from the SMS",
        request=OtpTokenRequestSerializer,
        responses={200: CitizenTokenSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
        examples=TOKEN_EXAMPLES,
    )
    def post(self, request):
        data = _valid(OtpTokenRequestSerializer, request)
        # Not inside a transaction: a wrong try must stay counted.
        challenge = verify_otp(mobile=data["mobile"], purpose=OtpPurpose.LOGIN, code=data["code"])
        citizen, is_new = login_citizen(mobile=challenge.mobile)
        body = {**tokens_for(citizen.user), "citizen": citizen, "is_new": is_new}
        return Response(CitizenTokenSerializer(body).data)


class TokenRefreshView(APIView):
    """A new access token (and, with rotation, a new refresh token) for a refresh token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["auth"],
        summary="Refresh the access token",
        request=RefreshRequestSerializer,
        responses={200: TokenPairSerializer, 400: ErrorSerializer, 401: ErrorSerializer},
    )
    def post(self, request):
        data = _valid(RefreshRequestSerializer, request)
        serializer = CurrentTokenRefreshSerializer(data={"refresh": data["refresh"]})
        try:
            serializer.is_valid(raise_exception=True)
        # simplejwt refuses a disabled user with AuthenticationFailed; a deleted one raises
        # DoesNotExist.
        except (
            TokenError,
            InvalidToken,
            AuthenticationFailed,
            User.DoesNotExist,
            serializers.ValidationError,
        ) as exc:
            raise AppError("token_invalid", TOKEN_INVALID, status_code=401) from exc
        validated = serializer.validated_data
        pair = {"access": validated["access"], "refresh": validated.get("refresh", data["refresh"])}
        return Response(TokenPairSerializer(pair).data)


# Staff password login -------------------------------------------------------------------------


class StaffTokenView(APIView):
    """Tokens for an active staff member holding a role (or a superuser). A wrong password and
    an unknown username get the same answer; repeated failures hold back that username from
    that address, then the address itself (backend/identity/login_guard.py)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["auth"],
        summary="Staff login with username and password",
        request=StaffLoginSerializer,
        responses={
            200: StaffTokenSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            429: ErrorSerializer,
        },
    )
    def post(self, request):
        data = _valid(StaffLoginSerializer, request)
        username = data["username"].strip()
        # The plain Django request: the login guard and axes leave their marks on it.
        http_request = request._request
        # Django's backend hashes the password even for an unknown username, so the answer
        # takes the same time either way.
        user = authenticate(http_request, username=username, password=data["password"])
        refusal = getattr(http_request, "login_refusal", None)
        if refusal is not None:
            raise TooManyRequests(
                refusal.code,
                refusal.message,
                retry_after=refusal.seconds,
                params={"seconds": refusal.seconds},
            )
        if user is None:
            raise AppError("invalid_credentials", INVALID_CREDENTIALS, status_code=401)
        login_succeeded(http_request, username)
        roles = assignments_of(user)
        if not (user.is_superuser or (user.is_staff and roles)):
            raise Forbidden("staff_only", STAFF_ONLY)
        body = {**tokens_for(user), "user": {**_user_facts(user), "roles": roles}}
        return Response(StaffTokenSerializer(body).data)


def _user_facts(user: User) -> dict:
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "is_superuser": user.is_superuser,
    }


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class _ProjectJWTScheme(SimpleJWTScheme):
    """Documents the project's JWT class (a simplejwt subclass) as bearer auth in the schema."""

    target_class = "backend.identity.authentication.JWTAuthentication"
