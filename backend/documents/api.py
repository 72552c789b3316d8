"""Public verification API: GET /api/v1/verify/<token>/ and GET /api/v1/verify/keys/."""

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from backend.documents import ratelimit
from backend.documents.keys import get_keyring
from backend.documents.presentation import REASON_TEXT, verification_data
from backend.documents.signing import MalformedToken
from backend.documents.verification import verify_token

DEFAULT_VERIFY_RATE = "120/minute"


class DocumentVerifyThrottle(BaseThrottle):
    """Per client address, for everyone (scanning needs no login). Rate from
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["document_verify"], else 120/minute. A fixed
    window counted in one cache round trip (ratelimit.py)."""

    scope = "document_verify"

    def get_rate(self) -> str:
        rates = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {})
        return rates.get(self.scope) or DEFAULT_VERIFY_RATE

    def allow_request(self, request, view) -> bool:
        limit, self.period = ratelimit.parse_rate(self.get_rate())
        count = ratelimit.hit(f"throttle_{self.scope}:{self.get_ident(request)}", self.period)
        return count <= limit

    def wait(self) -> float:
        return ratelimit.window_end(self.period)


class _Public(APIView):
    authentication_classes: list = []  # a stale login must never turn a scan into a 401
    permission_classes = [AllowAny]
    throttle_classes = [DocumentVerifyThrottle]


_VerificationOut = inline_serializer(
    "DocumentVerification",
    {
        "genuine": serializers.BooleanField(),
        "code": serializers.CharField(),
        "message": serializers.DictField(child=serializers.CharField()),
        "status": serializers.CharField(allow_null=True),
        "kind": serializers.CharField(required=False),
        "kind_title": serializers.DictField(required=False),
        "number": serializers.CharField(required=False),
        "pourashava": serializers.DictField(required=False),
        "holder_name": serializers.DictField(required=False),
        "issued_at": serializers.DateTimeField(required=False),
        "valid_until": serializers.DateField(required=False, allow_null=True),
        "revoked_at": serializers.DateTimeField(required=False, allow_null=True),
        "superseded_by": serializers.CharField(required=False, allow_null=True),
        "fields": serializers.DictField(required=False),
        "asserts": serializers.ListField(
            child=serializers.DictField(),
            required=False,
            help_text="What the document asserts, to hold against the paper: "
            "[{label: {bn, en}, value: {bn, en}}].",
        ),
    },
)


class VerifyTokenApi(_Public):
    @extend_schema(
        summary="Verify a document's QR token",
        description="genuine=false (with a code) when the token is forged, altered, signed by "
        "an unknown key or does not match the registered document; 400 when it is not a token.",
        responses={200: _VerificationOut},
    )
    def get(self, request, token: str) -> Response:
        try:
            result = verify_token(token)
        except MalformedToken as exc:
            text = REASON_TEXT["malformed_token"]
            return Response(
                {
                    "genuine": False,
                    "code": exc.code,
                    "error": {"code": exc.code, "message": exc.render_message()},
                    "message": {"bn": text.bn, "en": text.en},
                },
                status=400,
            )
        return Response(verification_data(result), headers={"Cache-Control": "no-store"})


class PublicKeysApi(_Public):
    @extend_schema(
        summary="Public keys for checking document signatures offline",
        description="JWKS-like (RFC 8037 OKP, Ed25519), each key with its one-byte `tag`. A "
        "token (format 2) is base32 (RFC 4648, no padding) of payload + 64-byte signature; the "
        "signature is Ed25519 over b'pourashava-doc\\x00' + payload.",
        responses={200: inline_serializer("DocumentKeys", {"keys": serializers.ListField()})},
    )
    def get(self, request) -> Response:
        body = {
            **get_keyring().jwks(),
            "token_format": {
                "token": "base32 (RFC 4648, upper case, no padding) of payload + signature",
                "payload": "0x02, key tag (1 byte, the key's `tag`), register id (unsigned "
                "LEB128 varint), first 8 bytes of SHA-256 of the canonical JSON of the "
                "document's fields",
                "signature": "64 bytes, Ed25519 over b'pourashava-doc\\x00' + payload",
                "legacy_format_1": "base64url(payload) '.' base64url(signature), payload 0x01, "
                "kid, kind, number, pourashava code (each 1-byte length + UTF-8), issue date "
                "(uint16 big-endian days since 2000-01-01), 16-byte truncated SHA-256 of the "
                "fields; still verified",
            },
        }
        return Response(body, headers={"Cache-Control": "public, max-age=300"})
