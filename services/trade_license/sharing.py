"""What trade licences share with agencies (backend/sharing): a licence's validity by its number,
for a bank, the NBR or a sector regulator handed a licence. Business name, category, validity and
status; the holder's name only as a personal field (scope "trade_licence:personal" and the
holder's consent). Never NID, mobile or address."""

from backend.sharing.registry import SharedDataset, SharedRecord, register_dataset
from services.trade_license.models import TradeLicence

CODE = "trade_licence.validity"
SCOPE = "trade_licence"


def validity_of(identifier: str, include_personal: bool = False) -> SharedRecord | None:
    """`identifier`: the licence number, e.g. NAT-TL-2026-27-000001."""
    licence = (
        TradeLicence.objects.select_related("category", "holder")
        .filter(licence_no=(identifier or "").strip().upper())
        .exclude(status="pending")
        .first()
    )
    if licence is None:
        return None
    fields = {
        "licence_no": licence.licence_no,
        "business_name_en": licence.business_name_en,
        "business_name_bn": licence.business_name_bn,
        "category_en": licence.category.name_en,
        "category_bn": licence.category.name_bn,
        "valid_until": licence.valid_to.isoformat() if licence.valid_to else None,
        "status": licence.status,
    }
    if include_personal:
        fields["holder_name_en"] = licence.holder.name_en
        fields["holder_name_bn"] = licence.holder.name_bn
    return SharedRecord(fields=fields, citizen_id=licence.holder_id)


def register() -> None:
    register_dataset(
        SharedDataset(
            code=CODE,
            scope=SCOPE,
            title_en="Trade licence validity",
            title_bn="ট্রেড লাইসেন্সের বৈধতা",
            subject_en="licence number",
            subject_bn="লাইসেন্স নম্বর",
            fields=(
                "licence_no",
                "business_name_en",
                "business_name_bn",
                "category_en",
                "category_bn",
                "valid_until",
                "status",
            ),
            personal_fields=("holder_name_en", "holder_name_bn"),
            lookup=validity_of,
        )
    )
