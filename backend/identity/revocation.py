"""Revoking login tokens. Every token carries the user's `token_version` when it was issued;
authentication (backend/identity/authentication.py) and refresh refuse a token whose version is
no longer the user's. The version goes up when the password changes or the account is
deactivated (User.save) and when one of the user's roles is withdrawn or deleted (below), so a
token issued before any of these stops working on its very next request, not when it expires.

A token issued before versions existed carries none and counts as version 0."""

from django.core.exceptions import ValidationError
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import Token

from backend.identity.models import RoleAssignment, User

CLAIM = "tv"


def stamp(token: Token, user: User) -> Token:
    """`token` marked with the user's current version (copied into access tokens made from it)."""
    token[CLAIM] = user.token_version
    return token


def is_current(token: Token, user: User) -> bool:
    return token.get(CLAIM, 0) == user.token_version


def revoke_tokens(user_id: int) -> None:
    """End every token `user_id` holds now (one UPDATE; no read, no race with another one)."""
    User.objects.filter(pk=user_id).update(token_version=F("token_version") + 1)


@receiver(post_save, sender=RoleAssignment, dispatch_uid="identity.revoke_on_role_withdrawn")
def _role_saved(sender, instance: RoleAssignment, created: bool, **kwargs) -> None:
    if not created and not instance.is_active:
        revoke_tokens(instance.user_id)


@receiver(post_delete, sender=RoleAssignment, dispatch_uid="identity.revoke_on_role_deleted")
def _role_deleted(sender, instance: RoleAssignment, **kwargs) -> None:
    revoke_tokens(instance.user_id)


class CurrentTokenRefreshSerializer(TokenRefreshSerializer):
    """simplejwt's refresh, refusing a refresh token issued before the user's last revocation
    (the new tokens keep the version of the one refreshed)."""

    def validate(self, attrs: dict) -> dict:
        refresh = self.token_class(attrs["refresh"])
        user_id = refresh.get(api_settings.USER_ID_CLAIM)
        try:
            user = (
                User.objects.filter(**{api_settings.USER_ID_FIELD: user_id})
                .only("token_version")
                .first()
            )
        except (ValueError, ValidationError):  # an id that is no id at all
            user = None
        if user is None or not is_current(refresh, user):
            raise AuthenticationFailed("Token revoked", code="token_revoked")
        return super().validate(attrs)
