"""API authentication: JWT bearer tokens (simplejwt) for citizens and staff.

Every API request pays for this, so the user and their Citizen row (if any) are read with one
hand-written query, built once per process, instead of the ORM's two (whose query building
costs several times the round trip). The citizen is attached the way select_related would,
so `acting_citizen` needs no query of its own. Only the token's signature check is kept
between requests (until the token expires: verified_tokens.py); the user never is: a
deleted or deactivated user, or a token issued before the user's password changed, the account
was deactivated or a role was withdrawn (its version is no longer the user's `token_version`,
read in the same query: backend/identity/revocation.py), is refused on the very next request."""

from functools import cache

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Model
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication as _SimpleJWT
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.utils import get_md5_hash_password

from backend.identity.models import Citizen, User
from backend.identity.revocation import is_current
from backend.identity.verified_tokens import validated

# Set on users read by `load_user`: their `citizen` relation was read in the same query, and
# is fresh for this request (other users, e.g. a test's force_authenticate, are asked anew).
CITIZEN_LOADED = "_citizen_loaded_with_user"


@cache  # built on first use, once the database is configured
def _user_sql() -> str:
    q = connection.ops.quote_name

    def columns(model: type[Model], alias: str) -> str:
        return ", ".join(f"{alias}.{q(f.column)}" for f in model._meta.concrete_fields)

    user_key = q(User._meta.get_field(api_settings.USER_ID_FIELD).column)
    citizen_user = q(Citizen._meta.get_field("user").column)
    return f"""
        SELECT {columns(User, "u")}, {columns(Citizen, "c")}
        FROM {q(User._meta.db_table)} u
        LEFT JOIN {q(Citizen._meta.db_table)} c ON c.{citizen_user} = u.{q(User._meta.pk.column)}
        WHERE u.{user_key} = %s
    """  # noqa: S608 - names come from our models; the id is a bound parameter


@cache
def _converters(model: type[Model]) -> list[tuple[int, object, list]]:
    """(position, column, converters) for each of the model's fields whose database value
    needs converting, gathered as the ORM's SQL compiler gathers them (so SQLite datetimes
    become aware, booleans booleans, as with a queryset). Gathered once: they depend on the
    backend and settings only (PostgreSQL needs none for these models)."""
    found = []
    for position, field in enumerate(model._meta.concrete_fields):
        column = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if converters:
            found.append((position, column, converters))
    return found


def _instance(model: type[Model], values: list) -> Model:
    for position, column, converters in _converters(model):
        for converter in converters:
            values[position] = converter(values[position], column, connection)
    return model.from_db(connection.alias, _attnames(model), values)


@cache
def _attnames(model: type[Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def load_user(user_id) -> User | None:
    """The user with this token id (None if there is none), with `user.citizen` already
    loaded (or known to be absent)."""
    try:
        key = User._meta.get_field(api_settings.USER_ID_FIELD).to_python(user_id)
    except ValidationError:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_user_sql(), [key])
        row = cursor.fetchone()
    if row is None:
        return None
    width = len(User._meta.concrete_fields)
    user = _instance(User, list(row[:width]))
    citizen = None
    citizen_pk = row[width + Citizen._meta.concrete_fields.index(Citizen._meta.pk)]
    if citizen_pk is not None:  # the LEFT JOIN found a Citizen row
        citizen = _instance(Citizen, list(row[width:]))
        Citizen.user.field.set_cached_value(citizen, user)
    User.citizen.related.set_cached_value(user, citizen)  # as select_related("citizen") does
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

    def get_validated_token(self, raw_token: bytes):
        """simplejwt's signature and claim checks, done once per token and process while the
        token has not expired (verified_tokens.py); the user is still read every time below."""
        return validated(raw_token, super().get_validated_token)

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
        if not is_current(validated_token, user):  # password, activity or roles changed since
            raise AuthenticationFailed("Token revoked", code="token_revoked")
        if api_settings.CHECK_REVOKE_TOKEN and validated_token.get(
            api_settings.REVOKE_TOKEN_CLAIM
        ) != get_md5_hash_password(user.password):
            raise AuthenticationFailed(
                "The user's password has been changed.", code="password_changed"
            )
        return user
