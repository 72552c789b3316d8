"""Rows for the scoping matrix: at least one row of every model the panel shows, in a given
pourashava (and ward), so every changelist, change view and choice list has something of the
other tenant to leak. Rows the pilot demo data lacks are made generically from the model's
fields (required fields filled by type, foreign keys pointing into the same pourashava), so a new
model is covered without new test code."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

from django.contrib import admin
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from backend.municipality.models import Mahalla, Pourashava, Ward
from backend.panel.tenancy import tenancy_of

_counter = itertools.count(1)

# Optional fields that a model's check constraint requires one of: filled as if required.
FILL_ALSO = {
    "property.HoldingAttachment": {"holding"},
    "certificates.Heir": {"age_years"},
}


def _first_certificate_state() -> dict:
    from backend.workflow.definitions import workflow_for

    return {"kind": "certificate", "state": workflow_for("certificate").states[0].code}


# Values a field's type cannot guess (a workflow state must be one its definition knows).
VALUES = {"workflow.Application": _first_certificate_state}


def rows_in(model, pourashava: Pourashava, ward: Ward | None = None) -> models.QuerySet:
    """The model's rows in `pourashava` (and `ward`, when the model has a ward), by its tenancy
    path; every row for a national model."""
    path = tenancy_of(model)
    queryset = model._default_manager.all()
    if path is None or path.national:
        return queryset
    queryset = queryset.filter(**{path.pourashava: pourashava.pk})
    if ward is not None and path.ward:
        queryset = queryset.filter(**{path.ward: ward.pk})
    return queryset.distinct() if path.many else queryset


def ensure_row(model, pourashava: Pourashava, ward: Ward) -> models.Model:
    found = rows_in(model, pourashava, ward).order_by("pk").first()
    if found is not None:
        return found
    return _build(model, pourashava, ward)


def models_shown(site: admin.AdminSite) -> list[type[models.Model]]:
    """Every registered model and every model of an inline on the site."""
    shown: list[type[models.Model]] = []
    for model, model_admin in site._registry.items():
        shown.append(model)
        for inline in getattr(model_admin, "inlines", ()):
            shown.append(inline.model)
    return list(dict.fromkeys(shown))


def fill(site: admin.AdminSite, pourashava: Pourashava, ward: Ward) -> None:
    """A row of every model shown on `site`, and of every model they point at, in the ward."""
    for model in models_shown(site):
        ensure_row(model, pourashava, ward)
        for field in model._meta.get_fields():
            related = field.related_model if field.concrete and field.is_relation else None
            if related is not None and tenancy_of(related) is not None:
                ensure_row(related, pourashava, ward)


def _build(model, pourashava: Pourashava, ward: Ward) -> models.Model:
    values = {}
    for field in model._meta.concrete_fields:
        if (field.primary_key and field.auto_created) or isinstance(field, models.AutoField):
            continue
        value = _value(field, pourashava, ward, field.name in FILL_ALSO.get(model._meta.label, ()))
        if value is not _SKIP:
            values[field.attname if field.is_relation else field.name] = value
    values.update(VALUES.get(model._meta.label, dict)())
    try:
        with transaction.atomic():
            row = model._default_manager.create(**values)
    except IntegrityError as exc:
        raise AssertionError(
            f"Cannot make a {model._meta.label} row for the scoping matrix ({exc}); "
            "teach tests/backend/panel/rows.py its constraint."
        ) from exc
    for field in model._meta.many_to_many:
        if field.related_model is Pourashava:
            getattr(row, field.name).add(pourashava)
    return row


_SKIP = object()


def _value(field: models.Field, pourashava: Pourashava, ward: Ward, force: bool = False):
    if field.is_relation:
        target = field.related_model
        if target is Pourashava:
            return pourashava.pk
        if target is Ward:
            return ward.pk
        if target is Mahalla:
            mahalla = Mahalla.objects.filter(ward=ward).first()
            return mahalla.pk if mahalla else (_SKIP if field.null else None)
        if field.null and not force:
            return _SKIP
        if field.unique:  # one-to-one: a target of its own
            return _build(target, pourashava, ward).pk
        return ensure_row(target, pourashava, ward).pk
    if (field.has_default() or field.null) and not force:
        return _SKIP
    if field.choices:
        return field.choices[0][0]
    n = next(_counter)
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DecimalField):
        return Decimal("1")
    if isinstance(field, models.IntegerField | models.FloatField):
        return n
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return date.today() + timedelta(days=n % 300)
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.GenericIPAddressField):
        return "127.0.0.1"
    if isinstance(field, models.UUIDField):
        import uuid

        return uuid.uuid4()
    if isinstance(field, models.FileField):
        return f"matrix/{n}.png"
    if isinstance(field, models.BinaryField):
        return b"x"
    if isinstance(field, models.CharField | models.TextField):
        text = f"X{n}"
        return text[: field.max_length] if field.max_length else text
    raise AssertionError(f"No value for {field.model._meta.label}.{field.name}")
