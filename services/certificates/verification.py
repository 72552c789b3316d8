"""What a scanned certificate shows on the public verification page and API: its own name (the
certificate type, e.g. "Heir certificate"), the ward, and for an heir certificate the deceased
and every heir with the relation, read from the fields signed at issue. A forger who swaps an
heir or a relation on the paper is caught by a reader comparing the two. No NID, birth
registration number, date of birth or address (they stay on the paper)."""

from backend.common.text import Text
from backend.documents.kinds import Asserted, VerificationView, get_document_kind
from services.certificates.printing import RELATION_TEXT
from services.certificates.wording import digits, in_language

LABELS = {
    "ward": Text(en="Ward", bn="ওয়ার্ড"),
    "deceased": Text(en="Deceased", bn="মৃত ব্যক্তি"),
    "heir_count": Text(en="Number of heirs", bn="উত্তরাধিকারীর সংখ্যা"),
    "heir": Text(en="Heir (relation to the deceased)", bn="উত্তরাধিকারী (মৃতের সাথে সম্পর্ক)"),
}


def _relation(code: str) -> tuple[str, str]:
    text = RELATION_TEXT.get(code)
    return (text.bn, text.en) if text else (code, code)


def certificate_verification(document) -> VerificationView:
    fields = document.fields or {}
    kind = get_document_kind(document.kind)
    asserts: list[Asserted] = []
    if fields.get("ward") is not None:
        asserts.append(Asserted(LABELS["ward"], digits(fields["ward"], "bn"), str(fields["ward"])))
    if "heirs_public" in fields or "heirs" in fields:
        deceased_en = fields.get("deceased_name_en", "")
        deceased_bn = fields.get("deceased_name_bn", "")
        asserts.append(
            Asserted(
                LABELS["deceased"],
                in_language(deceased_en, deceased_bn, "bn"),
                in_language(deceased_en, deceased_bn, "en"),
            )
        )
        heirs = fields.get("heirs_public") or fields.get("heirs") or []
        asserts.append(Asserted(LABELS["heir_count"], digits(len(heirs), "bn"), str(len(heirs))))
        for n, heir in enumerate(heirs, start=1):
            relation_bn, relation_en = _relation(heir.get("relation", ""))
            name_en, name_bn = heir.get("name_en", ""), heir.get("name_bn", "")
            asserts.append(
                Asserted(
                    LABELS["heir"],
                    f"{digits(n, 'bn')}. {in_language(name_en, name_bn, 'bn')} ({relation_bn})",
                    f"{n}. {in_language(name_en, name_bn, 'en')} ({relation_en})",
                )
            )
    return VerificationView(
        title_bn=fields.get("type_name_bn") or kind.title.bn,
        title_en=fields.get("type_name_en") or kind.title.en,
        asserts=asserts,
    )
