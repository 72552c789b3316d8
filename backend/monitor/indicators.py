"""The e-governance indicators the monitor computes from platform data (workflow, payments,
assisted service). Services add their own with registry.register_indicator."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from backend.identity.models import AssistedSession
from backend.monitor.registry import ComputedIndicator, register_indicator
from backend.payments.models import ONLINE_CHANNELS, Payment, PaymentStatus
from backend.workflow.definitions import APPLICANT, registered_workflows
from backend.workflow.models import ActionLog, Application

HUNDRED = Decimal(100)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start, end] as local days, an aware [from, to) range."""
    tz = timezone.get_default_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), tz),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz),
    )


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (HUNDRED * part / whole).quantize(Decimal("0.01"))


def sla_days_of(kind: str) -> int | None:
    """The whole SLA of a workflow: the sum of its states' clocks (None: no clock at all)."""
    for definition in registered_workflows():
        if definition.kind == kind:
            days = [s.sla_days for s in definition.states if s.sla_days and not s.terminal]
            return sum(days) if days else None
    return None


def decided_within_sla(pourashava_id: int, start: date, end: date) -> Decimal | None:
    """% of applications closed in the period within their workflow's whole SLA."""
    lo, hi = _bounds(start, end)
    rows = Application.objects.filter(
        pourashava_id=pourashava_id, closed_at__gte=lo, closed_at__lt=hi
    ).values_list("kind", "submitted_at", "closed_at")
    within = total = 0
    for kind, submitted_at, closed_at in rows:
        days = sla_days_of(kind)
        if days is None:
            continue
        total += 1
        within += (closed_at - submitted_at) <= timedelta(days=days)
    return _share(within, total)


def payments_online(pourashava_id: int, start: date, end: date) -> Decimal | None:
    """% of confirmed payments made through bKash, Nagad or SSLCommerz."""
    lo, hi = _bounds(start, end)
    counts = Payment.objects.filter(
        pourashava_id=pourashava_id,
        status=PaymentStatus.SETTLED,
        created_at__gte=lo,
        created_at__lt=hi,
    ).aggregate(all=Count("id"), online=Count("id", filter=Q(channel__in=ONLINE_CHANNELS)))
    return _share(counts["online"], counts["all"])


def applications_by_app_or_udc(pourashava_id: int, start: date, end: date) -> Decimal | None:
    """% of applications submitted by the citizen in the app, or for them at a UDC (not at the
    pourashava's counter or by staff), judged by each application's first log entry."""
    lo, hi = _bounds(start, end)
    applications = Application.objects.filter(
        pourashava_id=pourashava_id, submitted_at__gte=lo, submitted_at__lt=hi
    )
    total = applications.count()
    if not total:
        return None
    first = {}
    for app_id, role, session_id in (
        ActionLog.objects.filter(application__in=applications)
        .order_by("application_id", "at", "id")
        .values_list("application_id", "actor_role", "assisted_session_id")
    ):
        first.setdefault(app_id, (role, session_id))
    udc_sessions = set(
        AssistedSession.objects.filter(
            pk__in=[s for _, s in first.values() if s], udc_centre__isnull=False
        ).values_list("pk", flat=True)
    )
    good = sum(
        1
        for role, session in first.values()
        if (role == APPLICANT and session is None) or session in udc_sessions
    )
    return _share(good, total)


def average_days_to_issue(pourashava_id: int, start: date, end: date, kind: str = ""):
    """Average days from submission to closing, of applications closed in the period."""
    lo, hi = _bounds(start, end)
    rows = Application.objects.filter(
        pourashava_id=pourashava_id, closed_at__gte=lo, closed_at__lt=hi
    )
    if kind:
        rows = rows.filter(kind=kind)
    spans = [(c - s).total_seconds() for s, c in rows.values_list("submitted_at", "closed_at")]
    if not spans:
        return None
    return (Decimal(sum(spans)) / len(spans) / 86400).quantize(Decimal("0.01"))


def register_builtin() -> None:
    register_indicator(
        ComputedIndicator(
            "[E.1]",
            "Share of applications decided within the service time (SLA)",
            "নির্ধারিত সময়ের (এসএলএ) মধ্যে নিষ্পন্ন আবেদনের হার",
            "%",
            Decimal(10),
            decided_within_sla,
        )
    )
    register_indicator(
        ComputedIndicator(
            "[E.2]",
            "Share of payments made online",
            "অনলাইনে পরিশোধিত অর্থের লেনদেনের হার",
            "%",
            Decimal(8),
            payments_online,
        )
    )
    register_indicator(
        ComputedIndicator(
            "[E.3]",
            "Share of applications made through the app or a UDC",
            "অ্যাপ বা ইউডিসির মাধ্যমে করা আবেদনের হার",
            "%",
            Decimal(7),
            applications_by_app_or_udc,
        )
    )
    register_indicator(
        ComputedIndicator(
            "[E.4]",
            "Average days to issue (all services)",
            "সেবা প্রদানে গড় দিন (সকল সেবা)",
            "days",
            Decimal(5),
            average_days_to_issue,
        )
    )
