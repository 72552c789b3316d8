"""Input and output shapes of the payment API. Amounts are strings; Bangla digits accepted."""

from rest_framework import serializers

from backend.common.digits import to_ascii_digits
from backend.common.money import ZERO
from backend.payments.models import ONLINE_CHANNELS, period_label


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


def pourashava_out(p) -> dict:
    return {"id": p.pk, "code": p.code, "name_en": p.name_en, "name_bn": p.name_bn}


def demand_out(demand: dict) -> dict:
    out = {
        "id": demand["id"],
        "service_code": demand["service_code"],
        "object_type": demand["object_type"],
        "object_id": demand["object_id"],
        "object_label": demand["object_label"],
        "fiscal_year": demand["fiscal_year"],
        "period": period_label(
            demand["fiscal_year"], demand["period_quarter"], demand["period_month"]
        ),
        "due_date": demand["due_date"].isoformat(),
        "status": demand["status"],
        "outstanding": money_str(demand["outstanding"]),
    }
    if demand["lines"] is not None:
        out["lines"] = [
            {
                "head": line["head_id"],
                "head_en": line["head__name_en"],
                "head_bn": line["head__name_bn"],
                "amount": money_str(line["amount"]),
                "paid": money_str(line["amount_paid"]),
                "outstanding": money_str(line["amount"] - line["amount_paid"]),
            }
            for line in demand["lines"]
        ]
    return out


def dues_out(groups: list[dict]) -> dict:
    return {
        "total": money_str(sum((g["total"] for g in groups), ZERO)),
        "pourashavas": [
            {
                "pourashava": g["pourashava"],
                "total": money_str(g["total"]),
                "services": [
                    {
                        "service_code": s["service_code"],
                        "total": money_str(s["total"]),
                        "demands": [demand_out(d) for d in s["demands"]],
                    }
                    for s in g["services"]
                ],
            }
            for g in groups
        ],
    }


def bill_out(bill) -> dict:
    return {
        "id": bill.pk,
        "number": bill.number,
        "pourashava": pourashava_out(bill.pourashava),
        "as_of": bill.as_of.isoformat(),
        "valid_until": bill.valid_until.isoformat(),
        "status": bill.status,
        "total": money_str(bill.total),
        "lines": [
            {
                "demand": line.demand_id,
                "demand_label": line.demand.object_label,
                "period": line.demand.period_label,
                "head": line.head_id,
                "head_en": line.head.name_en,
                "head_bn": line.head.name_bn,
                "amount": money_str(line.amount),
                "note": line.note,
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
        "amount": money_str(payment.amount),
        "currency": payment.currency,
        "status": payment.status,
        "redirect_url": payment.redirect_url or None,
        "receipt_number": receipt.number if receipt else None,
        "created_at": payment.created_at.isoformat(),
        "settled_at": payment.settled_at.isoformat() if payment.settled_at else None,
    }


def receipt_out(receipt) -> dict:
    return {
        "number": receipt.number,
        "pourashava": pourashava_out(receipt.pourashava),
        "payer_name_en": receipt.payer_name_en,
        "payer_name_bn": receipt.payer_name_bn,
        "total": money_str(receipt.total),
        "channel": receipt.channel,
        "paid_at": receipt.paid_at.isoformat(),
        "payment_reference": receipt.payment.reference,
        "lines": [
            {
                "head": line.head_id,
                "head_en": line.head.name_en,
                "head_bn": line.head.name_bn,
                "demand": line.demand_id,
                "amount": money_str(line.amount),
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
