"""Shared pieces of the lease API: scoped lookups (another pourashava's rows are 404, as if
they did not exist) and money as strings."""

from decimal import Decimal

from rest_framework import serializers

from backend.common.errors import NotFound
from backend.identity.models import User
from backend.identity.permissions import StaffWithRole
from backend.municipality.models import Pourashava
from backend.municipality.scoping import restrict, scope_of
from services.estate_leases import access, errors
from services.estate_leases.models import Lease, Property, TenderCall


def money_out(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def pourashava_of(user: User, code: str, roles=access.STAFF) -> Pourashava:
    found = Pourashava.objects.filter(code=str(code).strip().upper()).first()
    if found is None or not scope_of(user, roles).covers(found.pk):
        raise NotFound("pourashava_not_found", errors.POURASHAVA_NOT_YOURS)
    return found


def visible_property(user: User, pk: int) -> Property:
    found = restrict(Property.objects.all(), user, roles=access.VIEWERS).filter(pk=pk).first()
    if found is None:
        raise NotFound("property_not_found", errors.PROPERTY_NOT_FOUND)
    return found


def visible_call(user: User, pk: int) -> TenderCall:
    found = (
        restrict(TenderCall.objects.select_related("pourashava"), user, roles=access.VIEWERS)
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound("call_not_found", errors.CALL_NOT_FOUND)
    return found


def visible_lease(user: User, pk: int) -> Lease:
    found = (
        restrict(
            Lease.objects.select_related("property", "lessee", "application", "demand"),
            user,
            roles=access.VIEWERS,
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound("lease_not_found", errors.LEASE_NOT_FOUND)
    return found


class PourashavaField(serializers.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)


def roles_permission(roles: frozenset[str]) -> type[StaffWithRole]:
    """A permission class (DRF instantiates it) for staff holding any of `roles`."""

    class HoldsRole(StaffWithRole):
        def __init__(self) -> None:
            super().__init__(roles)

    return HoldsRole
