"""How each model reaches its pourashava (and ward): its tenancy path, declared once and used by
every panel page, choice list, raw-id lookup, autocomplete and post-save check.

A model with a `pourashava` foreign key (and, optionally, a `ward` one) needs no declaration: its
path is derived. Others declare theirs where the model is defined or administered, e.g.

    declare_tenancy(ComponentRate, pourashava="rules__pourashava")
    declare_tenancy(Heir, pourashava="application__pourashava", ward="application__ward")
    declare_national(RevenueHead)  # one national list, not owned by a pourashava

A model with neither is *unknown*: non-national staff see none of its rows anywhere in the panel
(fail closed) and the panel's system check (backend/panel/checks.py) names it."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet

from backend.municipality.models import Pourashava, Ward
from backend.municipality.scoping import restrict, scope_of


@dataclass(frozen=True)
class TenancyPath:
    """`pourashava`: the lookup from the model to its pourashava ("pk" for Pourashava itself);
    `ward`: the lookup to its ward, if rows belong to one ward; `many`: the pourashava lookup
    crosses a many-valued relation (a UDC centre serves several pourashavas), so rows are
    matched by id to avoid duplicates. `national`: not owned by any pourashava (citizens, users'
    logins, revenue heads); `pick_by_search`: a national register too large to list, offered in
    forms only as a typed id or a search (citizens)."""

    pourashava: str | None = None
    ward: str | None = None
    many: bool = False
    national: bool = False
    pick_by_search: bool = False


NATIONAL = TenancyPath(national=True)

_declared: dict[type[models.Model], TenancyPath] = {}


def declare_tenancy(
    model: type[models.Model], *, pourashava: str, ward: str | None = None, many: bool = False
) -> None:
    _declared[model] = TenancyPath(pourashava=pourashava, ward=ward, many=many)


def declare_national(model: type[models.Model], *, pick_by_search: bool = False) -> None:
    _declared[model] = TenancyPath(national=True, pick_by_search=pick_by_search)


def tenancy_of(model: type[models.Model]) -> TenancyPath | None:
    """The model's path, or None when it has none (then nothing of it is shown to local staff)."""
    model = model._meta.concrete_model
    if model in _declared:
        return _declared[model]
    if model is Pourashava:
        return TenancyPath(pourashava="pk")
    if model is Ward:
        return TenancyPath(pourashava="pourashava", ward="pk")
    pourashava = _foreign_key(model, "pourashava", Pourashava)
    if pourashava is None:
        return None
    return TenancyPath(
        pourashava="pourashava", ward="ward" if _foreign_key(model, "ward", Ward) else None
    )


def _foreign_key(model, name: str, target) -> models.Field | None:
    try:
        field = model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist
        return None
    if field.many_to_one and field.related_model is target:
        return field
    return None


def scoped(queryset: QuerySet, user, *, roles: Iterable[str] | None = None) -> QuerySet:
    """`queryset` cut down to the rows `user` may reach by the model's tenancy path, counting
    only `roles` (when given). National models are returned whole (who may open their pages is
    a role question, answered by the admin's permissions)."""
    path = tenancy_of(queryset.model)
    if path is not None and path.national:
        return queryset
    if path is None:
        return queryset if scope_of(user, roles).national else queryset.none()
    if path.many:
        inner = restrict(
            queryset.model._default_manager.all(),
            user,
            pourashava_field=path.pourashava,
            ward_field=path.ward,
            roles=roles,
        )
        return queryset.filter(pk__in=inner.values("pk"))
    return restrict(
        queryset, user, pourashava_field=path.pourashava, ward_field=path.ward, roles=roles
    )


def value_at(obj: models.Model, lookup: str | None):
    """The id `lookup` names on `obj`, following relations in memory: "pk" is the object itself,
    "a__b" follows a then b, a final foreign key gives its `<name>_id`. None if a step is None."""
    if lookup is None:
        return None
    if lookup == "pk":
        return obj.pk
    *steps, last = lookup.split("__")
    for step in steps:
        obj = getattr(obj, step, None)
        if obj is None:
            return None
    if last == "pk":
        return obj.pk
    return getattr(obj, f"{last}_id", None)


def pourashava_id_of(obj: models.Model) -> int | None:
    """The pourashava a row belongs to, by its tenancy path (None: national or unknown)."""
    path = tenancy_of(type(obj))
    if path is None or path.national or path.many:
        return None
    return value_at(obj, path.pourashava)
