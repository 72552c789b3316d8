"""SQL pieces shared by the fact builders, portable between PostgreSQL and SQLite."""

from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db import connection
from django.utils import timezone

from backend.monitor.registry import ward_sources


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The local (Dhaka) day as an aware [start, end) range, for index-friendly filters."""
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), tz)
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), tz)


def local_day(moment: datetime) -> date:
    return timezone.localdate(moment)


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def fy_start_year(day: date) -> int:
    return day.year if day.month >= 7 else day.year - 1


def age_sql(fy_year: int) -> str:
    """Fiscal years between the demand's year and `fy_year` (0 current, 3 for 3 or more). The
    year is our own integer, written into the SQL so the CASE and GROUP BY are one expression."""
    diff = f"({int(fy_year)} - CAST(SUBSTR(d.fiscal_year, 1, 4) AS INTEGER))"
    return f"CASE WHEN {diff} <= 0 THEN 0 WHEN {diff} = 1 THEN 1 WHEN {diff} = 2 THEN 2 ELSE 3 END"


def ward_join(pourashava_id: int | None) -> tuple[str, list]:
    """A LEFT JOIN giving `w.ward_id` for each demand `d` from the registered ward sources,
    limited to the pourashava (a hash of its objects, not the nation's)."""
    parts, params = [], []
    quote = connection.ops.quote_name
    for source in ward_sources():
        if source.rows is not None:
            sql, row_params = source.rows(pourashava_id or None).query.sql_with_params()
            parts.append(
                "SELECT CAST(%s AS TEXT) AS object_type, "  # noqa: S608 - the service's queryset
                "CAST(s.monitor_object AS TEXT) AS object_id, s.monitor_ward AS ward_id "
                f"FROM ({sql}) s"
            )
            params += [source.object_type, *row_params]
            continue
        table = source.table
        if source.model:
            try:
                table = apps.get_model(source.model)._meta.db_table
            except LookupError:  # the service is not installed here
                continue
        if not table:
            continue
        # Names come from registered models (quoted); values are bound parameters.
        select = (
            f"SELECT CAST(%s AS TEXT) AS object_type, "  # noqa: S608
            f"CAST({quote(source.id_column)} AS TEXT) AS object_id, "
            f"{quote(source.ward_column)} AS ward_id FROM {quote(table)}"
        )
        if pourashava_id:
            select += f" WHERE {quote(source.pourashava_column)} = %s"
        parts.append(select)
        params += [source.object_type] + ([pourashava_id] if pourashava_id else [])
    if not parts:
        parts = [
            "SELECT CAST(NULL AS TEXT) AS object_type, CAST(NULL AS TEXT) AS object_id, "
            "CAST(NULL AS INTEGER) AS ward_id"
        ]
    body = " UNION ALL ".join(parts)
    return (
        f"LEFT JOIN ({body}) w ON w.object_type = d.object_type AND w.object_id = d.object_id",
        params,
    )


def lock_pourashava(pourashava_id: int) -> None:
    """Serialise rebuilds of one pourashava (PostgreSQL; SQLite writes one at a time anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [16016, pourashava_id])
