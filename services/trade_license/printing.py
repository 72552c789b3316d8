"""The licence document: the fields signed into its QR, the printed page (Bangla and English side
by side, both calendars, the signature block) and what the public verification page shows
(business, holder, category, validity, status: never NID, mobile or address)."""

from backend.common.digits import to_bangla_digits
from backend.common.text import Text
from backend.documents.kinds import Asserted, VerificationView, register_document_kind
from backend.documents.models import IssuedDocument
from services.trade_license.models import LicenceStatus, OwnershipKind, TradeLicence

DOCUMENT_KIND = "trade_licence"
TITLE = Text(en="Trade licence", bn="ট্রেড লাইসেন্স")
TEMPLATE = "trade_license/licence.html"

LABELS = {
    "licence_no": Text(en="Licence No.", bn="লাইসেন্স নং"),
    "business": Text(en="Business", bn="ব্যবসার নাম"),
    "holder": Text(en="Licence holder", bn="লাইসেন্সধারী"),
    "category": Text(en="Category of business", bn="ব্যবসার ধরন"),
    "ownership": Text(en="Ownership", bn="মালিকানার ধরন"),
    "premises": Text(en="Premises", bn="ব্যবসার ঠিকানা"),
    "valid_from": Text(en="Valid from", bn="বৈধতা শুরু"),
    "valid_to": Text(en="Valid until", bn="বৈধতার মেয়াদ"),
    "status": Text(en="Status", bn="অবস্থা"),
    "duplicate": Text(en="DUPLICATE COPY", bn="দ্বিতীয় কপি"),
    "tin": Text(en="TIN", bn="টিআইএন"),
    "bin": Text(en="BIN", bn="বিআইএন"),
    "signatory": Text(en="Mayor / Administrator", bn="মেয়র / প্রশাসক"),
    "licence_officer": Text(en="Licence officer", bn="লাইসেন্স কর্মকর্তা"),
}
STATUS_TEXT = {
    LicenceStatus.PENDING: Text(en="Not yet issued", bn="এখনও ইস্যু হয়নি"),
    LicenceStatus.ACTIVE: Text(en="Active", bn="সক্রিয়"),
    LicenceStatus.EXPIRED: Text(en="Expired", bn="মেয়াদোত্তীর্ণ"),
    LicenceStatus.SUSPENDED: Text(en="Suspended", bn="স্থগিত"),
    LicenceStatus.CANCELLED: Text(en="Cancelled", bn="বাতিল"),
}
OWNERSHIP_TEXT = {
    OwnershipKind.PROPRIETOR: Text(en="Proprietorship", bn="একক মালিকানা"),
    OwnershipKind.PARTNERSHIP: Text(en="Partnership", bn="অংশীদারি"),
    OwnershipKind.COMPANY: Text(en="Limited company", bn="লিমিটেড কোম্পানি"),
    OwnershipKind.OTHER: Text(en="Other", bn="অন্যান্য"),
}


def document_fields(licence: TradeLicence, *, duplicate: bool = False) -> dict:
    holding = licence.premises_holding
    premises_en = f"Holding {holding.reference}" if holding else licence.premises_address_en
    premises_bn = f"হোল্ডিং {holding.reference}" if holding else licence.premises_address_bn
    holder = licence.holder
    return {
        "licence_no": licence.licence_no,
        "business_name_en": licence.business_name_en,
        "business_name_bn": licence.business_name_bn,
        "holder_name_en": holder.name_en or holder.name_bn,
        "holder_name_bn": holder.name_bn or holder.name_en,
        "category_code": licence.category.code,
        "category_en": licence.category.name_en,
        "category_bn": licence.category.name_bn,
        "ownership": licence.ownership_kind,
        "premises_en": premises_en,
        "premises_bn": premises_bn,
        "tin": licence.tin,
        "bin": licence.bin,
        "valid_from": licence.valid_from.isoformat() if licence.valid_from else "",
        "valid_to": licence.valid_to.isoformat() if licence.valid_to else "",
        "duplicate": duplicate,
    }


def _current_status(document: IssuedDocument) -> str:
    """The licence's status now (a licence expires or is cancelled after its paper is printed)."""
    licence_no = (document.fields or {}).get("licence_no", "")
    status = (
        TradeLicence.objects.filter(licence_no=licence_no).values_list("status", flat=True).first()
    )
    return status or LicenceStatus.PENDING


def licence_context(document: IssuedDocument) -> dict:
    fields = document.fields or {}
    return {
        "t": LABELS,
        "f": fields,
        "ownership": OWNERSHIP_TEXT.get(fields.get("ownership"), OWNERSHIP_TEXT["other"]),
        "signatory_title": LABELS["signatory"],
    }


def licence_verification(document: IssuedDocument) -> VerificationView:
    fields = document.fields or {}
    status = STATUS_TEXT[_current_status(document)]

    def pair(label: str, bn: str, en: str) -> Asserted:
        return Asserted(LABELS[label], bn, en)

    return VerificationView(
        title_bn=TITLE.bn,
        title_en=TITLE.en,
        asserts=[
            pair(
                "licence_no",
                to_bangla_digits(fields.get("licence_no", "")),
                fields.get("licence_no", ""),
            ),
            pair(
                "business", fields.get("business_name_bn", ""), fields.get("business_name_en", "")
            ),
            pair("holder", fields.get("holder_name_bn", ""), fields.get("holder_name_en", "")),
            pair("category", fields.get("category_bn", ""), fields.get("category_en", "")),
            pair(
                "valid_to",
                to_bangla_digits(fields.get("valid_to", "")),
                fields.get("valid_to", ""),
            ),
            pair("status", status.bn, status.en),
        ],
    )


def register() -> None:
    register_document_kind(
        DOCUMENT_KIND,
        title=TITLE,
        template=TEMPLATE,
        field_labels={},
        extra_context=licence_context,
        verification=licence_verification,
    )
