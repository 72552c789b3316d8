"""Input and output shapes of the payment API. Amounts are strings; Bangla digits accepted."""

from functools import lru_cache

from rest_framework import serializers

from backend.common import display
from backend.common.digits import to_ascii_digits
from backend.common.money import ZERO
from backend.common.text import in_language
from backend.payments.api import labels
from backend.payments.models import ONLINE_CHANNELS, CreditStatus, period_label


class LocalDecimalField(serializers.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = to_ascii_digits(data.strip())
        return super().to_internal_value(data)


# The largest id a BigAutoField holds: a larger number names nothing, and SQLite cannot even
# compare it (OverflowError, a 500), so it is refused as input.
MAX_ID = 2**63 - 1


class LocalIntegerField(serializers.IntegerField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = to_ascii_digits(data.strip())
        return super().to_internal_value(data)


class LocalDateField(serializers.DateField):
    def to_internal_value(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value.strip())
        return super().to_internal_value(value)


def money_str(value) -> str:
    return f"{value:.2f}"


# --- input -----------------------------------------------------------------------------------


class BillCreateIn(serializers.Serializer):
    demand_ids = serializers.ListField(
        child=LocalIntegerField(min_value=1), min_length=1, max_length=200
    )


class PaymentCreateIn(serializers.Serializer):
    bill = LocalIntegerField(min_value=1)
    gateway = serializers.ChoiceField(choices=list(ONLINE_CHANNELS))


class CounterPaymentIn(serializers.Serializer):
    pourashava = serializers.CharField(required=False, max_length=20)
    bill = LocalIntegerField(min_value=1, required=False)
    payer = serializers.CharField(
        required=False,
        max_length=20,
        help_text="Citizen id or mobile (not needed in a UDC session).",
    )
    amount = LocalDecimalField(required=False, min_value=0)


class DayCloseIn(serializers.Serializer):
    date = LocalDateField()
    declared_cash = LocalDecimalField(min_value=0)
    pourashava = serializers.CharField(required=False, max_length=20)


class RefundIn(serializers.Serializer):
    credit = LocalIntegerField(min_value=1, required=False)
    payment = LocalIntegerField(min_value=1, required=False)
    amount = LocalDecimalField(min_value=0)
    reason = serializers.CharField(max_length=300)

    def validate(self, attrs):
        if bool(attrs.get("credit")) == bool(attrs.get("payment")):
            raise serializers.ValidationError({"credit": ["Give a credit or a payment."]})
        return attrs


# --- output ----------------------------------------------------------------------------------
# Every amount, period, date and code a citizen reads comes with a display form beside it, in the
# request's language (backend/common/display.py): `total` "12345.00", `total_display` "৳ ১২,৩৪৫.০০".
# The typed shapes the schema publishes are in schemas.py.


def pourashava_out(p) -> dict:
    return {
        "id": p.pk,
        "code": p.code,
        "name_en": p.name_en,
        "name_bn": p.name_bn,
        "name": in_language(p.name_en, p.name_bn),
    }


def _pourashava_dict(p: dict) -> dict:
    return {**p, "name": in_language(p["name_en"], p["name_bn"])}


def _head(head_id: str, name_en: str, name_bn: str) -> dict:
    return {
        "head": head_id,
        "head_en": name_en,
        "head_bn": name_bn,
        "head_name": in_language(name_en, name_bn),
    }


# Pure functions of a value and a language (no catalog, no clock): kept across requests too, so
# the dates, amounts and periods every citizen's dues share are formatted once per process.
_amount = lru_cache(maxsize=4096)(display.amount)
_day = lru_cache(maxsize=4096)(display.day)
_period = lru_cache(maxsize=1024)(display.period)


class _Shown:
    """The display forms of one dues answer, in its one language: the language is resolved once
    (not five times per demand), and a value shown on many demands (the same due date, amount,
    period, status and service on every holding's quarter) is formatted once. Each form is the
    one backend.common.display and labels give for that value in that language."""

    def __init__(self) -> None:
        self.lang = display.language()
        self._amounts: dict = {}
        self._days: dict = {}
        self._periods: dict = {}
        self._statuses: dict = {}
        self._services: dict = {}
        self._objects: dict = {}
        self._heads: dict = {}
        self._money: dict = {}
        self._when: dict = {}

    def amount(self, value) -> str | None:
        # Equal amounts (400.0 and 400.00 alike) have one display form: two places.
        shown = self._amounts.get(value)
        if shown is None:
            shown = self._amounts[value] = _amount(value, self.lang)
        return shown

    def money(self, value) -> tuple[str, str | None]:
        """The amount as the API's string and its display form, formatted once per value."""
        shown = self._money.get(value)
        if shown is None:
            shown = self._money[value] = (money_str(value), self.amount(value))
        return shown

    def day(self, value) -> str | None:
        shown = self._days.get(value)
        if shown is None:
            shown = self._days[value] = _day(value, self.lang)
        return shown

    def period(self, fiscal_year: str, quarter, month) -> tuple[str, str | None]:
        key = (fiscal_year, quarter, month)
        shown = self._periods.get(key)
        if shown is None:
            shown = self._periods[key] = (
                period_label(fiscal_year, quarter, month),
                _period(fiscal_year, quarter, month, self.lang),
            )
        return shown

    def status(self, value: str) -> str | None:
        if value not in self._statuses:
            self._statuses[value] = labels.demand_status(value)
        return self._statuses[value]

    def service(self, code: str) -> str:
        shown = self._services.get(code)
        if shown is None:
            shown = self._services[code] = labels.service_name(code)
        return shown

    def object(self, object_type: str, object_id: str, label: str, service_code: str) -> str:
        key = (object_type, object_id, label, service_code)
        shown = self._objects.get(key)
        if shown is None:
            shown = self._objects[key] = labels.object_display(*key)
        return shown

    def when(self, service_code: str, fiscal_year: str, quarter, month, due_date, status) -> tuple:
        """(service name, period, period display, due date, its display, status label): a
        citizen's demands share these quarter by quarter, so they are formed once per answer."""
        key = (service_code, fiscal_year, quarter, month, due_date, status)
        shown = self._when.get(key)
        if shown is None:
            shown = self._when[key] = (
                self.service(service_code),
                *self.period(fiscal_year, quarter, month),
                due_date.isoformat(),
                self.day(due_date),
                self.status(status),
            )
        return shown

    def head(self, head_id: str, name_en: str, name_bn: str) -> dict:
        key = (head_id, name_en, name_bn)
        shown = self._heads.get(key)
        if shown is None:
            shown = self._heads[key] = _head(head_id, name_en, name_bn)
        return shown


def demand_out(demand: dict, shown: _Shown | None = None) -> dict:
    shown = shown or _Shown()
    service_code, due_date, status = demand["service_code"], demand["due_date"], demand["status"]
    fiscal_year = demand["fiscal_year"]
    object_key = (demand["object_type"], demand["object_id"], demand["object_label"], service_code)
    when = shown.when(
        service_code,
        fiscal_year,
        demand["period_quarter"],
        demand["period_month"],
        due_date,
        status,
    )
    object_display = shown.object(*object_key)
    outstanding = shown.money(demand["outstanding"])
    out = {
        "id": demand["id"],
        "service_code": service_code,
        "service_name": when[0],
        "object_type": object_key[0],
        "object_id": object_key[1],
        "object_label": object_key[2],
        "object_display": object_display,
        "fiscal_year": fiscal_year,
        "period": when[1],
        "period_display": when[2],
        "due_date": when[3],
        "due_date_display": when[4],
        "status": status,
        "status_label": when[5],
        "outstanding": outstanding[0],
        "outstanding_display": outstanding[1],
    }
    if demand["lines"] is not None:
        out["lines"] = [
            {
                **shown.head(line["head_id"], line["head__name_en"], line["head__name_bn"]),
                "amount": money_str(line["amount"]),
                "amount_display": shown.amount(line["amount"]),
                "paid": money_str(line["amount_paid"]),
                "paid_display": shown.amount(line["amount_paid"]),
                "outstanding": money_str(line["amount"] - line["amount_paid"]),
                "outstanding_display": shown.amount(line["amount"] - line["amount_paid"]),
            }
            for line in demand["lines"]
        ]
    return out


def credit_out(credit) -> dict:
    """A payment kept as a credit (nothing was left to pay when it arrived), with what happens
    to it: it is never applied to other dues by itself; the pourashava refunds it."""
    return {
        "id": credit.pk,
        "pourashava": pourashava_out(credit.pourashava),
        "payment_reference": credit.payment.reference,
        "amount": money_str(credit.amount),
        "amount_display": display.amount(credit.amount),
        "refunded": money_str(credit.amount_refunded),
        "refunded_display": display.amount(credit.amount_refunded),
        "remaining": money_str(credit.remaining),
        "remaining_display": display.amount(credit.remaining),
        "status": credit.status,
        "status_label": labels.choice_label(CreditStatus, credit.status),
        "created_at": credit.created_at.isoformat(),
        "created_at_display": display.moment(credit.created_at),
        "why": labels.CREDIT_WHY.render(),
        "how_applied": labels.CREDIT_HOW[CreditStatus(credit.status)].render(),
    }


def dues_out(groups: list[dict], credits: list | None = None) -> dict:
    shown = _Shown()
    total = sum((g["total"] for g in groups), ZERO)
    credits = list(credits or [])
    held = sum((c.remaining for c in credits if c.status == CreditStatus.OPEN), ZERO)
    return {
        "total": money_str(total),
        "total_display": shown.amount(total),
        "pourashavas": [
            {
                "pourashava": _pourashava_dict(g["pourashava"]),
                "total": money_str(g["total"]),
                "total_display": shown.amount(g["total"]),
                "services": [
                    {
                        "service_code": s["service_code"],
                        "service_name": shown.service(s["service_code"]),
                        "total": money_str(s["total"]),
                        "total_display": shown.amount(s["total"]),
                        "demands": [demand_out(d, shown) for d in s["demands"]],
                    }
                    for s in g["services"]
                ],
            }
            for g in groups
        ],
        "credit_total": money_str(held),
        "credit_total_display": shown.amount(held),
        "credits": [credit_out(c) for c in credits],
    }


def bill_out(bill) -> dict:
    return {
        "id": bill.pk,
        "number": bill.number,
        "pourashava": pourashava_out(bill.pourashava),
        "as_of": bill.as_of.isoformat(),
        "as_of_display": display.day(bill.as_of),
        "valid_until": bill.valid_until.isoformat(),
        "valid_until_display": display.moment(bill.valid_until),
        "status": bill.status,
        "status_label": labels.bill_status(bill.status),
        "total": money_str(bill.total),
        "total_display": display.amount(bill.total),
        "lines": [
            {
                "demand": line.demand_id,
                "demand_label": line.demand.object_label,
                "demand_display": labels.object_display(
                    line.demand.object_type,
                    line.demand.object_id,
                    line.demand.object_label,
                    line.demand.service_code,
                ),
                "period": line.demand.period_label,
                "period_display": display.period(
                    line.demand.fiscal_year, line.demand.period_quarter, line.demand.period_month
                ),
                **_head(line.head_id, line.head.name_en, line.head.name_bn),
                "amount": money_str(line.amount),
                "amount_display": display.amount(line.amount),
                "note": line.note,
                "note_display": labels.note_display(line.note),
            }
            for line in bill.lines.all()
        ],
    }


def payment_out(payment) -> dict:
    receipt = getattr(payment, "receipt", None) if payment.status == "settled" else None
    return {
        "id": payment.pk,
        "reference": payment.reference,
        "bill": payment.bill_id,
        "channel": payment.channel,
        "channel_label": labels.channel(payment.channel),
        "amount": money_str(payment.amount),
        "amount_display": display.amount(payment.amount),
        "currency": payment.currency,
        "status": payment.status,
        "status_label": labels.payment_status(payment.status),
        "redirect_url": payment.redirect_url or None,
        "receipt_number": receipt.number if receipt else None,
        "created_at": payment.created_at.isoformat(),
        "created_at_display": display.moment(payment.created_at),
        "settled_at": payment.settled_at.isoformat() if payment.settled_at else None,
        "settled_at_display": display.moment(payment.settled_at),
    }


def receipt_out(receipt) -> dict:
    return {
        "number": receipt.number,
        "pourashava": pourashava_out(receipt.pourashava),
        "payer_name_en": receipt.payer_name_en,
        "payer_name_bn": receipt.payer_name_bn,
        "payer_name": in_language(receipt.payer_name_en, receipt.payer_name_bn),
        "total": money_str(receipt.total),
        "total_display": display.amount(receipt.total),
        "channel": receipt.channel,
        "channel_label": labels.channel(receipt.channel),
        "paid_at": receipt.paid_at.isoformat(),
        "paid_at_display": display.moment(receipt.paid_at),
        "payment_reference": receipt.payment.reference,
        "lines": [
            {
                **_head(line.head_id, line.head.name_en, line.head.name_bn),
                "demand": line.demand_id,
                "amount": money_str(line.amount),
                "amount_display": display.amount(line.amount),
            }
            for line in receipt.lines.all()
        ],
    }


def day_close_out(close) -> dict:
    return {
        "id": close.pk,
        "pourashava": close.pourashava_id,
        "date": close.date.isoformat(),
        "totals_by_head": close.totals_by_head,
        "receipt_count": close.receipt_count,
        "expected_total": money_str(close.expected_total),
        "declared_cash": money_str(close.declared_cash),
        "difference": money_str(close.difference),
        "flagged": close.flagged,
    }


def refund_out(refund) -> dict:
    return {
        "id": refund.pk,
        "payment": refund.payment_id,
        "credit": refund.credit_id,
        "amount": money_str(refund.amount),
        "method": refund.method,
        "status": refund.status,
        "reason": refund.reason,
        "gateway_refund_id": refund.gateway_refund_id or None,
    }
