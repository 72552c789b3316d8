"""API authentication: JWT bearer tokens (simplejwt) for citizens and staff."""

from rest_framework_simplejwt.authentication import JWTAuthentication as _SimpleJWT


class JWTAuthentication(_SimpleJWT):
    """Bearer JWT. Kept as the project's own class so assisted-service handling can hook in."""
