"""Model instances from hand-written SELECTs: the columns of a model in its field order, and the
instance built from them with the converters the ORM would apply (so a Decimal, a datetime or
a JSON value comes out as a queryset's would, on any backend). For hot reads and locks where
compiling the ORM's query costs more than running it."""

from functools import cache

from django.db import connection
from django.db.models import Model


def columns(model: type[Model], alias: str) -> str:
    """`alias."col", ...` for the model's concrete fields, in their order."""
    return ", ".join(f'{alias}."{f.column}"' for f in model._meta.concrete_fields)


def width(model: type[Model]) -> int:
    return len(model._meta.concrete_fields)


@cache
def _converters(model: type[Model]) -> tuple:
    return tuple(
        (
            field,
            [
                *connection.ops.get_db_converters(field.cached_col),
                *field.get_db_converters(connection),
            ],
        )
        for field in model._meta.concrete_fields
    )


def instance(model: type[Model], values) -> Model:
    """The model instance of one row's values (in `columns` order), as the ORM makes it."""
    converted = []
    for (field, converters), value in zip(_converters(model), values, strict=True):
        for convert in converters:
            value = convert(value, field.cached_col, connection)
        converted.append(value)
    return model.from_db(connection.alias, None, converted)
