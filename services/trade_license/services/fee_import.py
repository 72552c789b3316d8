"""Importing a fee schedule from CSV: all rows or none.

Columns: category, fy_from, lower, upper, new_fee, renewal_fee[, gazette_ref, name_en, name_bn,
fee_basis, requires_inspection]. A category not yet known is created when name_en and name_bn are
given. Each (category, fy_from) must tile [0, ∞) with no gap and no overlap (checks/slabs.py).
A schedule already in force is never rewritten: the pourashava adds one for a later year."""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from backend.common.digits import to_ascii_digits
from backend.common.errors import AppError
from backend.identity.audit import record_audit
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from services.trade_license import messages as m
from services.trade_license import rates_cache
from services.trade_license.checks.slabs import check_tiling
from services.trade_license.models import BusinessCategory, FeeBasis, FeeSlab

REQUIRED = ("category", "fy_from", "lower", "upper", "new_fee", "renewal_fee")


@dataclass(frozen=True)
class _Row:
    number: int
    category: str
    fy_from: str
    lower: Decimal
    upper: Decimal | None
    new_fee: Decimal
    renewal_fee: Decimal
    gazette_ref: str
    extra: dict


def _bad(row: int, detail: str) -> AppError:
    return AppError(
        "fee_schedule_bad_row", m.SCHEDULE_BAD_ROW, params={"row": row, "detail": detail}
    )


def _decimal(value: str, row: int, name: str, *, blank_ok: bool = False) -> Decimal | None:
    value = to_ascii_digits((value or "").strip()).replace(",", "")
    if not value:
        if blank_ok:
            return None
        raise _bad(row, f"{name} is empty")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise _bad(row, f"{name} is not a number") from None
    if number < 0:
        raise _bad(row, f"{name} is negative")
    return number


def parse(text: str) -> list[_Row]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise _bad(1, "missing columns " + ", ".join(missing))
    rows = []
    for number, raw in enumerate(reader, start=2):
        fy = (raw.get("fy_from") or "").strip()
        try:
            FiscalYear.parse(fy)
        except ValueError:
            raise _bad(number, "fy_from is not a fiscal year like 2025-26") from None
        rows.append(
            _Row(
                number=number,
                category=(raw.get("category") or "").strip(),
                fy_from=fy,
                lower=_decimal(raw["lower"], number, "lower"),
                upper=_decimal(raw["upper"], number, "upper", blank_ok=True),
                new_fee=_decimal(raw["new_fee"], number, "new_fee"),
                renewal_fee=_decimal(raw["renewal_fee"], number, "renewal_fee"),
                gazette_ref=(raw.get("gazette_ref") or "").strip()[:200],
                extra={k: (raw.get(k) or "").strip() for k in ("name_en", "name_bn", "fee_basis")}
                | {"requires_inspection": (raw.get("requires_inspection") or "").strip()},
            )
        )
        if not rows[-1].category:
            raise _bad(number, "category is empty")
    if not rows:
        raise AppError("fee_schedule_empty", m.SCHEDULE_EMPTY)
    return rows


def _category(pourashava: Pourashava, row: _Row) -> BusinessCategory:
    found = BusinessCategory.objects.filter(pourashava=pourashava, code=row.category).first()
    if found is not None:
        return found
    if not (row.extra["name_en"] and row.extra["name_bn"]):
        raise _bad(row.number, f"unknown category {row.category} (give name_en and name_bn)")
    basis = row.extra["fee_basis"] or FeeBasis.FLAT
    if basis not in FeeBasis.values:
        raise _bad(row.number, f"fee_basis is one of {', '.join(FeeBasis.values)}")
    return BusinessCategory.objects.create(
        pourashava=pourashava,
        code=row.category,
        name_en=row.extra["name_en"],
        name_bn=row.extra["name_bn"],
        fee_basis=basis,
        requires_inspection=row.extra["requires_inspection"].lower() not in ("0", "no", "false"),
    )


def import_fee_schedule(*, pourashava: Pourashava, text: str, actor, is_demo: bool = False) -> int:
    """Check every schedule in the file, then write them in one transaction. Returns the number
    of slabs written."""
    rows = parse(text)
    groups: dict[tuple[str, str], list[_Row]] = defaultdict(list)
    for row in rows:
        groups[(row.category, row.fy_from)].append(row)
    for (category, fy), group in groups.items():
        check_tiling([(r.lower, r.upper) for r in group], category=category, fy=fy)
    current = FiscalYear.of()
    with transaction.atomic():
        written = 0
        for (code, fy), group in groups.items():
            category = _category(pourashava, group[0])
            existing = FeeSlab.objects.filter(category=category, fy_from=fy)
            if existing.exists():
                if FiscalYear.parse(fy) <= current:
                    raise AppError(
                        "fee_schedule_in_force",
                        m.SCHEDULE_PAST,
                        params={"category": code, "fy": fy},
                    )
                existing.delete()
            FeeSlab.objects.bulk_create(
                FeeSlab(
                    pourashava=pourashava,
                    category=category,
                    fy_from=fy,
                    lower=r.lower,
                    upper=r.upper,
                    new_fee=r.new_fee,
                    renewal_fee=r.renewal_fee,
                    gazette_ref=r.gazette_ref,
                    is_demo=is_demo,
                )
                for r in group
            )
            written += len(group)
        record_audit(
            actor=actor,
            action="trade_licence.fee_schedule_imported",
            obj=pourashava,
            pourashava=pourashava,
            after={"slabs": written, "schedules": sorted(f"{c} {f}" for c, f in groups)},
        )
        transaction.on_commit(rates_cache.clear)  # bulk_create sends no signals
    return written
