"""API authentication: JWT bearer tokens (simplejwt) for citizens and staff.

Every API request pays for this, so the user and their Citizen row (if any) are read in one
query, and `acting_citizen` needs none of its own. Nothing is cached between requests: a
deactivated user, a changed password (when CHECK_REVOKE_TOKEN is on) or a deleted user is
refused on the very next request."""

from django.core.exceptions import ValidationError
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication as _SimpleJWT
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.utils import get_md5_hash_password

from backend.identity.models import User

# Set on users read by `load_user`: their `citizen` relation was read in the same query, and
# is fresh for this request (other users, e.g. a test's force_authenticate, are asked anew).
CITIZEN_LOADED = "_citizen_loaded_with_user"


def load_user(user_id) -> User | None:
    """The user with this token id (None if there is none), with `user.citizen` already
    loaded (or known to be absent)."""
    try:
        key = User._meta.get_field(api_settings.USER_ID_FIELD).to_python(user_id)
    except ValidationError:
        return None
    user = (
        User.objects.select_related("citizen").filter(**{api_settings.USER_ID_FIELD: key}).first()
    )
    if user is not None:
        setattr(user, CITIZEN_LOADED, True)
    return user


class JWTAuthentication(_SimpleJWT):
    """Bearer JWT. A bad or expired token is the project's plain `authentication_failed`
    (simplejwt's own error body carries a nested dict that apps should not have to parse)."""

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except InvalidToken as exc:
            raise AuthenticationFailed() from exc

    def get_user(self, validated_token) -> User:
        """simplejwt's checks (user exists, is active, password unchanged when the revoke
        claim is on), on a user read by `load_user`."""
        try:
            user_id = validated_token[api_settings.USER_ID_CLAIM]
        except KeyError as exc:
            raise InvalidToken("Token contained no recognizable user identification") from exc
        user = load_user(user_id)
        if user is None:
            raise AuthenticationFailed("User not found", code="user_not_found")
        if api_settings.CHECK_USER_IS_ACTIVE and not user.is_active:
            raise AuthenticationFailed("User is inactive", code="user_inactive")
        if api_settings.CHECK_REVOKE_TOKEN and validated_token.get(
            api_settings.REVOKE_TOKEN_CLAIM
        ) != get_md5_hash_password(user.password):
            raise AuthenticationFailed(
                "The user's password has been changed.", code="password_changed"
            )
        return user
