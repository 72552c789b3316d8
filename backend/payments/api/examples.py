"""Examples for the citizen's payment journey (dues -> bill -> payment), shown in /api/docs/ and
sent as-is by the contract tests. Taken from a real run, trimmed."""

from drf_spectacular.utils import OpenApiExample

_POURASHAVA = {"id": 1, "code": "NAT", "name_en": "Natore", "name_bn": "নাটোর"}

DUES_EXAMPLES = [
    OpenApiExample(
        "One holding's tax for a quarter, in Bangla (Accept-Language: bn)",
        value={
            "total": "500.50",
            "total_display": "৳ ৫০০.৫০",
            "credit_total": "0.00",
            "credit_total_display": "৳ ০.০০",
            "credits": [],
            "pourashavas": [
                {
                    "pourashava": _POURASHAVA,
                    "total": "500.50",
                    "services": [
                        {
                            "service_code": "holding_tax",
                            "total": "500.50",
                            "demands": [
                                {
                                    "id": 17,
                                    "service_code": "holding_tax",
                                    "object_type": "holding",
                                    "object_id": "1",
                                    "service_name": "হোল্ডিং কর",
                                    "object_label": "NAT-03-0042",
                                    "object_display": "হোল্ডিং NAT-03-0042",
                                    "fiscal_year": "2025-26",
                                    "period": "2025-26 Q4",
                                    "period_display": "২০২৫-২৬, ৪র্থ কিস্তি",
                                    "due_date": "2026-06-30",
                                    "due_date_display": "১৬ আষাঢ় ১৪৩৩ বঙ্গাব্দ / ৩০ জুন ২০২৬ খ্রিস্টাব্দ",
                                    "status": "open",
                                    "status_label": "খোলা",
                                    "outstanding": "500.50",
                                    "outstanding_display": "৳ ৫০০.৫০",
                                }
                            ],
                        }
                    ],
                }
            ],
        },
        response_only=True,
        status_codes=["200"],
    ),
]

_LINE = {"demand": 17, "demand_label": "Holding NAT-03-0042", "period": "2025-26", "note": ""}

BILL_EXAMPLES = [
    OpenApiExample("The demands to pay", value={"demand_ids": [17]}, request_only=True),
    OpenApiExample(
        "Bill made",
        value={
            "id": 9,
            "number": "NAT-BL-2025-26-000009",
            "pourashava": _POURASHAVA,
            "as_of": "2026-03-02",
            "valid_until": "2026-03-02T17:59:59+00:00",
            "status": "open",
            "total": "500.50",
            "lines": [
                {
                    **_LINE,
                    "head": "holding_tax",
                    "head_en": "Holding tax",
                    "head_bn": "হোল্ডিং কর",
                    "amount": "400.00",
                },
                {
                    **_LINE,
                    "head": "conservancy",
                    "head_en": "Conservancy rate",
                    "head_bn": "পরিচ্ছন্নতা রেট",
                    "amount": "100.50",
                },
            ],
        },
        response_only=True,
        status_codes=["201"],
    ),
]

PAYMENT_EXAMPLES = [
    OpenApiExample("Pay a bill by bKash", value={"bill": 9, "gateway": "bkash"}, request_only=True),
    OpenApiExample(
        "Payment started: send the citizen's browser to redirect_url",
        value={
            "id": 5,
            "reference": "NATP369CFC9A7044A5",
            "bill": 9,
            "channel": "bkash",
            "amount": "500.50",
            "currency": "BDT",
            "status": "pending",
            "redirect_url": "https://tokenized.pay.bka.sh/v1.2.0-beta/checkout/TR0011abc",
            "receipt_number": None,
            "created_at": "2026-03-02T10:15:14+06:00",
            "created_at_display": "2 March 2026 (17 Falgun 1432 BS), 10:15",
            "settled_at": None,
            "settled_at_display": None,
            "amount_display": "Tk 500.50",
            "channel_label": "bKash",
            "status_label": "Pending",
        },
        response_only=True,
        status_codes=["201"],
    ),
    OpenApiExample(
        "Another gateway's payment of this bill is still open",
        value={
            "error": {
                "code": "payment_in_progress",
                "message": "A payment for this bill is already in progress with another gateway. "
                "Finish it, or try again in a few minutes.",
            }
        },
        response_only=True,
        status_codes=["409"],
    ),
]
