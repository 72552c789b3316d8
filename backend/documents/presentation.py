"""What a verification shows, shared by the JSON API and the public page."""

from django.utils import timezone

from backend.common.text import Text
from backend.documents.kinds import VerificationView, verification_view
from backend.documents.pdf import holder_name
from backend.documents.verification import Verification

STATUS_TEXT = {
    "valid": Text(en="Valid", bn="বৈধ"),
    "expired": Text(en="Expired", bn="মেয়াদোত্তীর্ণ"),
    "revoked": Text(en="Revoked", bn="বাতিল"),
    "superseded": Text(en="Superseded by a newer document", bn="নতুন দলিল দ্বারা প্রতিস্থাপিত"),
}
REASON_TEXT = {
    "genuine": Text(
        en="This document was issued by the pourashava named below.",
        bn="এই দলিলটি নিচে উল্লেখিত পৌরসভা ইস্যু করেছে।",
    ),
    "malformed_token": Text(
        en="The code is damaged or is not a document code.",
        bn="কোডটি ক্ষতিগ্রস্ত অথবা এটি কোনো দলিলের কোড নয়।",
    ),
    "bad_signature": Text(
        en="The code's signature does not match: it has been altered or forged.",
        bn="কোডের স্বাক্ষর মেলেনি: এটি পরিবর্তিত বা জাল।",
    ),
    "unknown_key": Text(
        en="The code was not signed by a key of this platform.",
        bn="কোডটি এই প্ল্যাটফর্মের কোনো চাবি দিয়ে স্বাক্ষরিত নয়।",
    ),
    "unknown_document": Text(
        en="No such document has been issued.", bn="এমন কোনো দলিল ইস্যু করা হয়নি।"
    ),
    "data_mismatch": Text(
        en="The code does not belong to the document on record.",
        bn="কোডটি নথিভুক্ত দলিলের সাথে মেলে না।",
    ),
}


def verification_data(result: Verification) -> dict:
    """The JSON body: {genuine, code, status, kind, kind_title, number, pourashava, holder_name,
    issued_at, valid_until, fields, asserts}. Nothing about a document is shown unless it is
    genuine."""
    data: dict = {
        "genuine": result.genuine,
        "code": result.code,
        "message": {"bn": REASON_TEXT[result.code].bn, "en": REASON_TEXT[result.code].en},
        "status": result.status,
    }
    document = result.document
    if not result.genuine or document is None:
        return data
    view = verification_view(document)
    pourashava = document.pourashava
    data.update(
        {
            "kind": document.kind,
            # The document's own name (an heir certificate, not "councillor certificate").
            "kind_title": {"bn": view.title_bn, "en": view.title_en},
            "number": document.number,
            "pourashava": {
                "code": pourashava.code,
                "name_bn": pourashava.name_bn,
                "name_en": pourashava.name_en,
            },
            "holder_name": {
                "bn": holder_name(document, "bn"),
                "en": holder_name(document, "en"),
            },
            "issued_at": timezone.localtime(document.issued_at).isoformat(),
            "valid_until": document.valid_until.isoformat() if document.valid_until else None,
            "revoked_at": timezone.localtime(document.revoked_at).isoformat()
            if document.revoked_at
            else None,
            "superseded_by": document.superseded_by.number if document.superseded_by else None,
            "fields": result.public_fields,
            "asserts": asserts_data(view),
        }
    )
    return data


def asserts_data(view: VerificationView) -> list[dict]:
    """What the document asserts, each as {label: {bn, en}, value: {bn, en}}."""
    return [
        {
            "label": {"bn": item.label.bn, "en": item.label.en},
            "value": {"bn": item.bn, "en": item.en},
        }
        for item in view.asserts
    ]
