"""Reads over the tenancy tables. Public reads show active pourashavas only; staff reads go
through `scoping.restrict`."""

from collections.abc import Iterable

from django.db.models import Count, Prefetch, QuerySet

from backend.identity.models import User
from backend.municipality.models import Mahalla, Pourashava, Ward
from backend.municipality.scoping import restrict


def public_pourashavas() -> QuerySet[Pourashava]:
    """Active pourashavas with their ward count, in one query."""
    return (
        Pourashava.objects.filter(is_active=True)
        .annotate(ward_count=Count("wards"))
        .order_by("code")
    )


def public_pourashava(code: str) -> Pourashava | None:
    return Pourashava.objects.filter(is_active=True, code=code.strip().upper()).first()


def wards_with_mahallas(pourashava: Pourashava) -> QuerySet[Ward]:
    """A pourashava's wards with their mahallas: two queries whatever the count."""
    return (
        Ward.objects.filter(pourashava=pourashava)
        .order_by("number")
        .prefetch_related(Prefetch("mahallas", queryset=Mahalla.objects.order_by("name_en")))
    )


def ward_queryset() -> QuerySet[Ward]:
    """Wards with their pourashava and mahallas loaded, not yet scoped (the staff API and admin
    scope it through `restrict`)."""
    return (
        Ward.objects.select_related("pourashava")
        .prefetch_related(Prefetch("mahallas", queryset=Mahalla.objects.order_by("name_en")))
        .order_by("pourashava__code", "number")
    )


def mahalla_queryset() -> QuerySet[Mahalla]:
    return Mahalla.objects.select_related("pourashava", "ward").order_by(
        "pourashava__code", "ward__number", "name_en"
    )


def staff_wards(user: User, *, roles: Iterable[str] | None = None) -> QuerySet[Ward]:
    """The wards `user` may see: their pourashavas' wards, or a councillor's own ward."""
    return restrict(ward_queryset(), user, ward_field="pk", roles=roles)


def staff_mahallas(user: User, *, roles: Iterable[str] | None = None) -> QuerySet[Mahalla]:
    return restrict(mahalla_queryset(), user, ward_field="ward", roles=roles)
