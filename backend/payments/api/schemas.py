"""The typed answers of the payment API, as the OpenAPI schema publishes them (a generated client
gets a class per shape). The views build the answers in serializers.py; these serializers only
describe them, and the contract tests (schemathesis, the generated client) hold the two together.

`*_display` fields are the raw value beside them in the request's language, for people."""

from rest_framework import serializers

AMOUNT = {"max_digits": 14, "decimal_places": 2, "coerce_to_string": True}


def amount_field(help_text: str = "") -> serializers.DecimalField:
    return serializers.DecimalField(**AMOUNT, help_text=help_text)


def display_field(help_text: str = "", *, null: bool = False) -> serializers.CharField:
    return serializers.CharField(
        help_text=help_text or "For people, in the request's language.",
        allow_null=null,
        allow_blank=True,
    )


class PourashavaRef(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name_en = serializers.CharField()
    name_bn = serializers.CharField()
    name = display_field("The name in the request's language.")


class HeadNames(serializers.Serializer):
    head = serializers.CharField(help_text="Revenue head code (`holding_tax`, `surcharge`...).")
    head_en = serializers.CharField()
    head_bn = serializers.CharField()
    head_name = display_field("The head's name in the request's language.")


class DemandLineOut(HeadNames):
    amount = amount_field()
    amount_display = display_field("`৳ ১২,৩৪৫.০০` / `Tk 12,345.00`")
    paid = amount_field()
    paid_display = display_field()
    outstanding = amount_field()
    outstanding_display = display_field()


class DemandOut(serializers.Serializer):
    id = serializers.IntegerField()
    service_code = serializers.CharField()
    service_name = display_field()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    object_label = serializers.CharField(help_text="As the raising service wrote it.")
    object_display = display_field("What the demand is for, in the request's language.")
    fiscal_year = serializers.CharField()
    period = serializers.CharField(help_text="`2025-26 Q4`: for programs.")
    period_display = display_field("`২০২৫-২৬, ৪র্থ কিস্তি` / `2025-26, instalment 4`")
    due_date = serializers.DateField()
    due_date_display = display_field("In the Gregorian and Bangla calendars.")
    status = serializers.CharField()
    status_label = display_field()
    outstanding = amount_field()
    outstanding_display = display_field()
    lines = DemandLineOut(many=True, required=False, help_text="Only with `?lines=1`.")


class DuesServiceOut(serializers.Serializer):
    service_code = serializers.CharField()
    service_name = display_field()
    total = amount_field()
    total_display = display_field()
    demands = DemandOut(many=True)


class DuesPourashavaOut(serializers.Serializer):
    pourashava = PourashavaRef()
    total = amount_field()
    total_display = display_field()
    services = DuesServiceOut(many=True)


class CreditOut(serializers.Serializer):
    id = serializers.IntegerField()
    pourashava = PourashavaRef()
    payment_reference = serializers.CharField()
    amount = amount_field()
    amount_display = display_field()
    refunded = amount_field()
    refunded_display = display_field()
    remaining = amount_field()
    remaining_display = display_field()
    status = serializers.CharField(help_text="`open` or `refunded`.")
    status_label = display_field()
    created_at = serializers.DateTimeField()
    created_at_display = display_field()
    why = display_field("Why the payment became a credit.")
    how_applied = display_field(
        "What happens to it: refunded, never applied to other dues by itself."
    )


class DuesOut(serializers.Serializer):
    total = amount_field()
    total_display = display_field()
    pourashavas = DuesPourashavaOut(many=True)
    credit_total = amount_field("Open credits held for you (not subtracted from `total`).")
    credit_total_display = display_field()
    credits = CreditOut(many=True)


class PaymentBillLineOut(HeadNames):
    demand = serializers.IntegerField()
    demand_label = serializers.CharField()
    demand_display = display_field()
    period = serializers.CharField()
    period_display = display_field()
    amount = amount_field()
    amount_display = display_field()
    note = serializers.CharField(allow_blank=True, help_text="As the bill rules wrote it.")
    note_display = display_field("The note in the request's language.")


class PaymentBillOut(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    pourashava = PourashavaRef()
    as_of = serializers.DateField()
    as_of_display = display_field()
    valid_until = serializers.DateTimeField()
    valid_until_display = display_field()
    status = serializers.CharField()
    status_label = display_field()
    total = amount_field()
    total_display = display_field()
    lines = PaymentBillLineOut(many=True)


class PaymentOut(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    bill = serializers.IntegerField(allow_null=True)
    channel = serializers.CharField()
    channel_label = display_field()
    amount = amount_field()
    amount_display = display_field()
    currency = serializers.CharField()
    status = serializers.CharField(
        help_text="`pending`, `settled`, `credited`, `failed` or `flagged`."
    )
    status_label = display_field()
    redirect_url = serializers.CharField(
        allow_null=True, help_text="Where to send the citizen's browser to pay."
    )
    receipt_number = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    created_at_display = display_field()
    settled_at = serializers.DateTimeField(allow_null=True)
    settled_at_display = display_field(null=True)


class ReceiptLineOut(HeadNames):
    demand = serializers.IntegerField(allow_null=True)
    amount = amount_field()
    amount_display = display_field()


class ReceiptOut(serializers.Serializer):
    number = serializers.CharField()
    pourashava = PourashavaRef()
    payer_name_en = serializers.CharField(allow_blank=True)
    payer_name_bn = serializers.CharField(allow_blank=True)
    payer_name = display_field()
    total = amount_field()
    total_display = display_field()
    channel = serializers.CharField()
    channel_label = display_field()
    paid_at = serializers.DateTimeField()
    paid_at_display = display_field()
    payment_reference = serializers.CharField()
    lines = ReceiptLineOut(many=True)


class CounterPaymentOut(PaymentOut):
    receipt = ReceiptOut(allow_null=True)


class PaymentResultOut(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.CharField()
    amount = amount_field()
    receipt_number = serializers.CharField(allow_null=True)
