"""API authentication: JWT bearer tokens (simplejwt) for citizens and staff."""

from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication as _SimpleJWT
from rest_framework_simplejwt.exceptions import InvalidToken


class JWTAuthentication(_SimpleJWT):
    """Bearer JWT. A bad or expired token is the project's plain `authentication_failed`
    (simplejwt's own error body carries a nested dict that apps should not have to parse)."""

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except InvalidToken as exc:
            raise AuthenticationFailed() from exc
