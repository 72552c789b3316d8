"""Set a pourashava's revenue target for a fiscal year and an own-revenue head, split by month:
evenly, like last year's collection, or as given. The pourashava (secretary, mayor) sets its
own; the ministry (national roles) any."""

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction

from backend.common.errors import AppError, Forbidden
from backend.common.money import ZERO, money
from backend.identity.audit import record_audit
from backend.identity.models import NATIONAL_ROLES, Role, User
from backend.identity.roles import has_role
from backend.monitor import errors
from backend.monitor.models import RevenueTarget, TargetMonth, TargetSetBy
from backend.monitor.registry import MonitorScope
from backend.monitor.services.summary import fiscal_year_months, rebuild_summary_months
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from backend.payments.models import RevenueHead

POURASHAVA_SETTERS = frozenset({Role.SECRETARY, Role.MAYOR})
SPLITS = ("even", "last_year", "given")


def setter_level(user: User, pourashava_id: int) -> str | None:
    """ "ministry", "pourashava" or None (may not set this pourashava's targets)."""
    if user.is_superuser or has_role(user, NATIONAL_ROLES):
        return TargetSetBy.MINISTRY
    if has_role(user, POURASHAVA_SETTERS, pourashava_id=pourashava_id):
        return TargetSetBy.POURASHAVA
    return None


def check_head(head: RevenueHead) -> None:
    if head.collected_for:
        raise AppError(
            "target_not_own_revenue",
            errors.COLLECTED_FOR_OTHERS,
            params={"body": head.collected_for.upper()},
            fields={"head": ["not_own_revenue"]},
        )
    if head.is_adjustment:
        raise AppError(
            "target_adjustment_head", errors.ADJUSTMENT_HEAD, fields={"head": ["invalid"]}
        )


def even_split(amount: Decimal) -> list[Decimal]:
    """Twelve months, the paisa left over by rounding on June."""
    part = money(amount / 12)
    return [part] * 11 + [amount - part * 11]


def pattern_split(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Twelve months in proportion to `weights` (evenly when they are all zero)."""
    total = sum(weights, ZERO)
    if total <= ZERO:
        return even_split(amount)
    parts = [money(amount * w / total) for w in weights[:11]]
    return [*parts, amount - sum(parts, ZERO)]


def last_year_weights(pourashava_id: int, fiscal_year: str, head_code: str) -> list[Decimal]:
    from backend.monitor.selectors import collected, fiscal_month

    fy = FiscalYear.parse(fiscal_year).previous()
    scope = MonitorScope(frozenset({pourashava_id}), fy.label)
    rows = collected(scope, fy.start, fy.end, group_by=("month",), filters={"head": head_code})
    weights = [ZERO] * 12
    for (month,), amount in rows.items():
        weights[fiscal_month(month) - 1] += amount
    return weights


def set_target(
    *,
    actor: User,
    pourashava: Pourashava,
    fiscal_year: str,
    head: RevenueHead,
    amount: Decimal,
    split: str = "even",
    months: Sequence[Decimal] | None = None,
    note: str = "",
) -> RevenueTarget:
    level = setter_level(actor, pourashava.pk)
    if level is None:
        raise Forbidden("permission_denied", errors.NOT_ALLOWED)
    try:
        fiscal_year = FiscalYear.parse(fiscal_year).label
    except ValueError as exc:
        raise AppError(
            "invalid_fiscal_year", errors.BAD_FISCAL_YEAR, fields={"fiscal_year": ["invalid"]}
        ) from exc
    check_head(head)
    amount = money(amount)
    if amount <= ZERO:
        raise AppError("invalid_amount", errors.BAD_AMOUNT, fields={"amount": ["invalid"]})
    if split == "given":
        parts = [money(m) for m in months or ()]
        if len(parts) != 12 or sum(parts, ZERO) != amount or any(p < ZERO for p in parts):
            raise AppError(
                "invalid_months",
                errors.BAD_MONTHS,
                params={"amount": amount},
                fields={"months": ["invalid"]},
            )
    elif split == "last_year":
        parts = pattern_split(amount, last_year_weights(pourashava.pk, fiscal_year, head.code))
    else:
        parts = even_split(amount)
    with transaction.atomic():
        target, created = RevenueTarget.objects.select_for_update().get_or_create(
            pourashava=pourashava,
            fiscal_year=fiscal_year,
            head=head,
            defaults={"amount": amount, "set_by": level, "note": note, "updated_by": actor},
        )
        before = None if created else {"amount": str(target.amount), "set_by": target.set_by}
        target.amount, target.set_by, target.note, target.updated_by = amount, level, note, actor
        target.save()
        TargetMonth.objects.filter(target=target).delete()
        TargetMonth.objects.bulk_create(
            TargetMonth(
                pourashava=pourashava,
                target=target,
                fiscal_year=fiscal_year,
                head=head,
                month=i,
                amount=part,
            )
            for i, part in enumerate(parts, start=1)
        )
        # The summary the national figures read carries the targets: its twelve months anew.
        rebuild_summary_months(pourashava.pk, fiscal_year_months(fiscal_year))
        record_audit(
            actor=actor,
            action="monitor.target_set",
            obj=target,
            pourashava=pourashava,
            before=before,
            after={"amount": str(amount), "split": split, "months": [str(p) for p in parts]},
        )
    return target
