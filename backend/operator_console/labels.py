"""Words for the assisted-action codes the platform itself records (payments, uploads,
documents) and those the console records; services register their own from their console.py."""

from backend.operator_console.registry import register_action_label

PLATFORM_LABELS = {
    "payments.cash_collected": ("took a payment in cash", "নগদে একটি পরিশোধ গ্রহণ করেছেন"),
    "payments.bill_made": ("made a bill", "একটি বিল তৈরি করেছেন"),
    "payments.payment_started": ("started an online payment", "একটি অনলাইন পরিশোধ শুরু করেছেন"),
    "upload.": ("uploaded a document", "একটি কাগজ আপলোড করেছেন"),
    "console.receipt_printed": ("printed a receipt", "একটি রসিদ ছাপিয়েছেন"),
    "console.document_handed_over": (
        "printed and handed over a document",
        "একটি কাগজ ছাপিয়ে হস্তান্তর করেছেন",
    ),
    "holding_tax.review_filed": (
        "filed a holding-tax review",
        "হোল্ডিং করের পুনর্বিবেচনার আবেদন করেছেন",
    ),
    "holding_tax.clearance_issued": ("got a tax clearance", "কর পরিশোধের সনদ নিয়েছেন"),
    "property.attachments_added": ("added papers to a holding", "হোল্ডিংয়ে কাগজ যোগ করেছেন"),
}


def register() -> None:
    for code, (en, bn) in PLATFORM_LABELS.items():
        register_action_label(code, en=en, bn=bn)
