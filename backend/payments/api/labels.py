"""The words a citizen reads beside the payment layer's codes: which service, what a demand is
for, what a status or channel means, and what happens to a credit, in the request's language.

Demands keep one `object_label` (written by the service that raised them, often English); the
display form is made here from the object's type and id, so it comes in either language."""

import re

from django.db import models

from backend.common import display
from backend.common.digits import to_bangla_digits
from backend.common.text import Text, in_language
from backend.payments.models import BillStatus, Channel, CreditStatus, DemandStatus, PaymentStatus
from backend.payments.registry import head_spec

SERVICE_NAMES: dict[str, Text] = {
    "holding_tax": Text(en="Holding tax", bn="হোল্ডিং কর"),
    "certificates": Text(en="Certificates", bn="সনদ"),
    "water_billing": Text(en="Water", bn="পানি"),
    "trade_license": Text(en="Trade licence", bn="ট্রেড লাইসেন্স"),
    "estate_leases": Text(en="Leases", bn="ইজারা"),
    "demo": Text(en="Demo charge", bn="ডেমো চার্জ"),
}

# What a demand is for, by the object it was raised on; `{id}` is the object's id, `{label}`
# the raising service's label (used only where it is an identifier, like a holding number).
OBJECT_LABELS: dict[str, Text] = {
    "holding": Text(en="Holding {label}", bn="হোল্ডিং {label}"),
    "certificate_application": Text(
        en="Certificate fee, application {id}", bn="সনদের ফি, আবেদন {id}"
    ),
    "demo": Text(en="Demo certificate fee no. {id}", bn="ডেমো সনদ ফি নং {id}"),
}

CREDIT_HOW = {
    CreditStatus.OPEN: Text(
        en="Kept for you as a credit: it is not applied to other dues by itself. The pourashava "
        "refunds it through the channel you paid with, or you can ask for the refund at its "
        "office.",
        bn="আপনার জন্য জমা হিসেবে রাখা আছে: এটি নিজে থেকে অন্য বকেয়ায় সমন্বয় হয় না। পৌরসভা "
        "যে মাধ্যমে পরিশোধ করেছিলেন সেই মাধ্যমে টাকা ফেরত দেবে, অথবা পৌরসভা কার্যালয়ে ফেরত চাইতে "
        "পারেন।",
    ),
    CreditStatus.REFUNDED: Text(en="Refunded to you.", bn="আপনাকে ফেরত দেওয়া হয়েছে।"),
}
CREDIT_WHY = Text(
    en="Paid when the bill could no longer be paid in full (already paid, changed or expired).",
    bn="বিলটি আর পুরোপুরি পরিশোধযোগ্য না থাকা অবস্থায় পরিশোধ হয়েছে (আগেই পরিশোধিত, বদলেছে বা মেয়াদ শেষ)।",
)


def service_name(code: str) -> str:
    text = SERVICE_NAMES.get(code)
    if text is not None:
        return text.render()
    head = head_spec(code)
    return in_language(head.name_en, head.name_bn) if head else code


def object_display(object_type: str, object_id: str, label: str, service_code: str) -> str:
    text = OBJECT_LABELS.get(object_type)
    lang = display.language()
    if text is not None:
        shown_id = display.number(object_id, lang) if object_id.isdigit() else object_id
        return text.render(label=label, id=shown_id)
    return f"{service_name(service_code)} {object_id}".strip()


def choice_label(choices: type[models.TextChoices], value: str | None) -> str | None:
    """A status or channel in words (the Bangla catalog translates the model's labels)."""
    if value is None:
        return None
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def demand_status(value: str) -> str | None:
    return choice_label(DemandStatus, value)


def bill_status(value: str) -> str | None:
    return choice_label(BillStatus, value)


def payment_status(value: str) -> str | None:
    return choice_label(PaymentStatus, value)


def channel(value: str) -> str | None:
    return choice_label(Channel, value)


# A bill line's note is written once, in English, by the service's bill rules (a surcharge or a
# rebate and why); these are its known forms, shown in the request's language.
NOTE_FORMS: list[tuple[re.Pattern[str], Text]] = [
    (
        re.compile(r"^(?P<percent>[\d.]+)% on arrears of (?P<year>[\d-]+)$"),
        Text(
            en="Surcharge of {percent}% on arrears of {year}",
            bn="{year} অর্থবছরের বকেয়ার উপর {percent}% সারচার্জ",
        ),
    ),
    (
        re.compile(r"^(?P<percent>[\d.]+)% early payment$"),
        Text(en="Rebate of {percent}% for early payment", bn="আগাম পরিশোধে {percent}% রেয়াত"),
    ),
]


def note_display(note: str) -> str:
    for pattern, text in NOTE_FORMS:
        match = pattern.match(note)
        if match:
            lang = display.language()
            shown = {
                key: to_bangla_digits(value) if lang == "bn" else value
                for key, value in match.groupdict().items()
            }
            return text.render(**shown)
    return note
