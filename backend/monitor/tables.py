"""The dashboard's tables: each has a code (for its export link), a title, typed columns and rows
of raw values (Decimal, ids resolved to names). Charts are drawn from the same rows."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from backend.common.money import ZERO
from backend.common.text import in_language
from backend.monitor import selectors
from backend.monitor.display import AGE_NAMES, CHANNEL_NAMES, SECTOR_NAMES, digits, pick
from backend.monitor.registry import MonitorScope
from backend.municipality.models import Pourashava, Ward
from backend.payments.models import RevenueHead


@dataclass
class Table:
    code: str
    title: str
    columns: list[tuple[str, str, str]]  # (key, heading, kind: text|money|pct|number)
    rows: list[dict[str, Any]]
    totals: dict[str, Any] = field(default_factory=dict)


def summary_columns(first: tuple[str, str], ranked: bool = False) -> list[tuple[str, str, str]]:
    columns = [(first[0], first[1], "text")]
    if ranked:
        columns.insert(0, ("rank", _("Rank"), "number"))
    return [
        *columns,
        ("collected", _("Collected"), "money"),
        ("collected_current", _("Current"), "money"),
        ("collected_arrears", _("Arrears"), "money"),
        ("collected_last_year", _("Same dates last year"), "money"),
        ("growth_pct", _("Growth"), "pct"),
        ("target_to_date", _("Target to date"), "money"),
        ("target_annual", _("Annual target"), "money"),
        ("achievement_pct", _("Achievement"), "pct"),
        ("demand", _("Demand for the year"), "money"),
        ("efficiency_pct", _("Collection efficiency"), "pct"),
        ("arrears_outstanding", _("Arrears outstanding"), "money"),
        ("arrears_recovery_pct", _("Arrears recovery"), "pct"),
    ]


_SUMMED = (
    "collected",
    "collected_current",
    "collected_arrears",
    "collected_last_year",
    "target_to_date",
    "target_annual",
    "demand",
    "arrears_outstanding",
)


def _totals(rows: list[dict]) -> dict:
    totals = {key: sum((r[key] for r in rows), ZERO) for key in _SUMMED}
    totals["achievement_pct"] = selectors._pct(totals["collected"], totals["target_to_date"])
    totals["efficiency_pct"] = selectors._pct(totals["collected_current"], totals["demand"])
    totals["arrears_recovery_pct"] = selectors._pct(
        totals["collected_arrears"], totals["collected_arrears"] + totals["arrears_outstanding"]
    )
    last = totals["collected_last_year"]
    totals["growth_pct"] = selectors._pct(totals["collected"] - last, last) if last else None
    return totals


def _names(model, ids) -> dict:
    return {
        obj.pk: in_language(obj.name_en, obj.name_bn) for obj in model.objects.filter(pk__in=ids)
    }


def by_pourashava(scope: MonitorScope, as_of: date, filters: dict, ranked: bool) -> Table:
    rows = selectors.revenue_summary(scope, as_of=as_of, group_by=("pourashava",), filters=filters)
    names = _names(Pourashava, [r["pourashava"] for r in rows])
    for row in rows:
        row["name"] = names.get(row["pourashava"], row["pourashava"])
    rows = selectors.ranked(rows) if ranked else sorted(rows, key=lambda r: str(r["name"]))
    return Table(
        "pourashavas",
        _("Pourashavas against target"),
        summary_columns(("name", _("Pourashava")), ranked),
        rows,
        _totals(rows),
    )


def by_sector(scope: MonitorScope, as_of: date, filters: dict) -> Table:
    rows = selectors.revenue_summary(scope, as_of=as_of, group_by=("sector",), filters=filters)
    for row in rows:
        row["name"] = pick(SECTOR_NAMES.get(row["sector"], (row["sector"], row["sector"])))
    return Table(
        "sectors", _("By sector"), summary_columns(("name", _("Sector"))), rows, _totals(rows)
    )


def by_head(scope: MonitorScope, as_of: date, filters: dict) -> Table:
    rows = selectors.revenue_summary(scope, as_of=as_of, group_by=("head",), filters=filters)
    names = {h.code: in_language(h.name_en, h.name_bn) for h in RevenueHead.objects.all()}
    for row in rows:
        row["name"] = names.get(row["head"], row["head"])
    return Table(
        "heads", _("By revenue head"), summary_columns(("name", _("Head"))), rows, _totals(rows)
    )


def by_ward(scope: MonitorScope, as_of: date, filters: dict) -> Table:
    rows = selectors.revenue_summary(scope, as_of=as_of, group_by=("ward",), filters=filters)
    wards = {w.pk: w for w in Ward.objects.filter(pk__in=[r["ward"] for r in rows if r["ward"]])}
    for row in rows:
        ward = wards.get(row["ward"])
        row["name"] = (
            _("Ward %(number)s") % {"number": digits(ward.number)} if ward else _("No ward")
        )
        row["ward_key"] = row["ward"] or "none"
        row["order"] = ward.number if ward else 10_000
    rows.sort(key=lambda r: r["order"])
    return Table("wards", _("By ward"), summary_columns(("name", _("Ward"))), rows, _totals(rows))


def trend(scope: MonitorScope, as_of: date, filters: dict) -> Table:
    rows = selectors.monthly_trend(scope, as_of=as_of, filters=filters)
    from django.utils.formats import date_format

    for row in rows:
        row["name"] = digits(date_format(row["month"], "M Y"))
        row["short"] = date_format(row["month"], "M")
    return Table(
        "trend",
        _("This year against last, by month"),
        [
            ("name", _("Month"), "text"),
            ("this_year", _("This year"), "money"),
            ("last_year", _("Last year"), "money"),
        ],
        rows,
        {
            "this_year": sum((r["this_year"] for r in rows), ZERO),
            "last_year": sum((r["last_year"] for r in rows), ZERO),
        },
    )


def channels(scope: MonitorScope, as_of: date, filters: dict) -> Table:
    from backend.municipality.fiscal_year import FiscalYear

    fy = FiscalYear.parse(scope.fiscal_year)
    totals = selectors.collected(
        scope, fy.start, min(as_of, fy.end), group_by=("channel",), filters=filters
    )
    grand = sum(totals.values(), ZERO)
    rows = [
        {
            "channel": code,
            "name": pick(names),
            "collected": totals.get((code,), ZERO),
            "share_pct": selectors._pct(totals.get((code,), ZERO), grand),
        }
        for code, names in CHANNEL_NAMES.items()
    ]
    return Table(
        "channels",
        _("Channel mix"),
        [
            ("name", _("Channel"), "text"),
            ("collected", _("Collected"), "money"),
            ("share_pct", _("Share"), "pct"),
        ],
        rows,
        {"collected": grand},
    )


def ageing(scope: MonitorScope, filters: dict) -> Table:
    owed = selectors.arrears(scope, group_by=("age",), filters=filters)
    rows = [
        {"age": age, "name": pick(names), "outstanding": owed.get((age,), ZERO)}
        for age, names in AGE_NAMES.items()
    ]
    return Table(
        "ageing",
        _("Still owed, by age"),
        [("name", _("Age"), "text"), ("outstanding", _("Outstanding"), "money")],
        rows,
        {"outstanding": sum((r["outstanding"] for r in rows), ZERO)},
    )


def from_section(code: str, title: str, table) -> Table:
    """A registered monitor section's table (MonitorTable) in the dashboard's form."""
    from backend.monitor.display import lang

    columns = [(key, bn if lang() == "bn" else en, "text") for key, en, bn in table.columns]
    rows = [
        {
            k: (v if isinstance(v, str | int | Decimal) or v is None else str(v))
            for k, v in r.items()
        }
        for r in table.rows
    ]
    return Table(f"section-{code}", title, columns, rows)
