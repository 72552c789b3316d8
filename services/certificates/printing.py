"""What the certificate prints beyond the platform's own context: the type's title,
the deceased and the heirs' table, the councillor's recommendation and the signatory with their
signature image, all in the copy's language and read only from the fields signed at issue (so a
reprint never differs from the original)."""

import functools
import mimetypes
from dataclasses import replace

from django.core.files.storage import default_storage

from backend.common.text import Text
from backend.documents.kinds import get_document_kind
from backend.documents.models import IssuedDocument
from services.certificates.models import Relation
from services.certificates.signatures import signature_max_bytes
from services.certificates.wording import a_date, digits, in_language

RELATION_TEXT = {
    Relation.SELF: Text(en="Self", bn="নিজ"),
    Relation.WIFE: Text(en="Wife", bn="স্ত্রী"),
    Relation.HUSBAND: Text(en="Husband", bn="স্বামী"),
    Relation.SON: Text(en="Son", bn="পুত্র"),
    Relation.DAUGHTER: Text(en="Daughter", bn="কন্যা"),
    Relation.FATHER: Text(en="Father", bn="পিতা"),
    Relation.MOTHER: Text(en="Mother", bn="মাতা"),
    Relation.BROTHER: Text(en="Brother", bn="ভাই"),
    Relation.SISTER: Text(en="Sister", bn="বোন"),
    Relation.GRANDSON: Text(en="Grandson", bn="নাতি"),
    Relation.GRANDDAUGHTER: Text(en="Granddaughter", bn="নাতনি"),
    Relation.OTHER: Text(en="Other", bn="অন্যান্য"),
}
RECOMMENDATION = Text(
    en="Issued on the recommendation of {name}, Councillor, Ward No. {ward}, dated {date}.",
    bn="ওয়ার্ড নং {ward}-এর কাউন্সিলর {name}-এর {date} তারিখের সুপারিশক্রমে প্রদত্ত।",
)
AGE_YEARS = Text(en="{age} years", bn="{age} বছর")
# Printed labels of the certificate (the template reads them as `t.<name>`).
LABELS = {
    "deceased": Text(en="Particulars of the deceased", bn="মৃত ব্যক্তির বিবরণ"),
    "deceased_name": Text(en="Name", bn="নাম"),
    "father_or_husband": Text(en="Father's / husband's name", bn="পিতা / স্বামীর নাম"),
    "id_number": Text(en="NID / birth registration", bn="এনআইডি / জন্ম নিবন্ধন"),
    "date_of_death": Text(en="Date of death", bn="মৃত্যুর তারিখ"),
    "death_registration": Text(en="Death registration No.", bn="মৃত্যু নিবন্ধন নং"),
    "heirs": Text(en="Heirs of the deceased", bn="উত্তরাধিকারীগণের তালিকা"),
    "serial": Text(en="No.", bn="ক্রমিক"),
    "heir_name": Text(en="Name", bn="নাম"),
    "relation": Text(en="Relation to the deceased", bn="মৃতের সাথে সম্পর্ক"),
    "dob_or_age": Text(en="Date of birth / age", bn="জন্মতারিখ / বয়স"),
    "application": Text(en="Application No.", bn="আবেদন নং"),
    "signature": Text(en="Signature", bn="স্বাক্ষর"),
}


@functools.lru_cache(maxsize=1024)
def _title(en: str, bn: str) -> Text:
    # Texts register themselves for the bilingual check; cache so each type's title is made once.
    return Text(en=en, bn=bn)


def signature_image(name: str) -> bytes | None:
    """The stored signature image's bytes (PNG or JPEG, within the size limit), or None."""
    if not name:
        return None
    limit = signature_max_bytes()
    try:
        with default_storage.open(name, "rb") as handle:
            data = handle.read(limit + 1)
    except (OSError, ValueError):
        return None
    if len(data) > limit:
        return None
    if (mimetypes.guess_type(name)[0] or "image/png") not in ("image/png", "image/jpeg"):
        return None
    return data


def _id_number(nid: str, brn: str, language: str) -> str:
    return digits(nid or brn or "", language)


def certificate_context(document: IssuedDocument) -> dict:
    """Template context beyond the platform's: everything in the copy's language."""
    language = document.language
    fields = document.fields or {}
    kind = get_document_kind(document.kind)
    context: dict = {
        "kind": replace(
            kind,
            title=_title(
                fields.get("type_name_en") or kind.title.en,
                fields.get("type_name_bn") or kind.title.bn,
            ),
        ),
        "t": LABELS,
        "body": fields.get("body", ""),
        "application_number": fields.get("application", ""),
    }
    deceased = fields.get("deceased")
    if deceased is not None:
        context["deceased"] = {
            "name": in_language(
                fields.get("deceased_name_en", ""), fields.get("deceased_name_bn", ""), language
            ),
            "father_or_husband": in_language(
                deceased.get("father_or_husband_name_en", ""),
                deceased.get("father_or_husband_name_bn", ""),
                language,
            ),
            "id_number": _id_number(deceased.get("nid"), deceased.get("brn"), language),
            "date_of_death": a_date(deceased.get("date_of_death"), language),
            "death_registration": digits(deceased.get("death_registration_number", ""), language),
        }
    if "heirs" in fields:
        context["heirs"] = [
            {
                "serial": digits(heir.get("position"), language),
                "name": in_language(heir.get("name_en", ""), heir.get("name_bn", ""), language),
                "relation": RELATION_TEXT.get(heir.get("relation"), RELATION_TEXT["other"]).render(
                    language
                ),
                "id_number": _id_number(heir.get("nid"), heir.get("brn"), language),
                "dob_or_age": a_date(heir.get("date_of_birth"), language)
                if heir.get("date_of_birth")
                else AGE_YEARS.render(language, age=digits(heir.get("age_years"), language)),
            }
            for heir in fields["heirs"]
        ]
    recommended = fields.get("recommended_by")
    if recommended:
        context["recommendation"] = RECOMMENDATION.render(
            language,
            name=in_language(
                recommended.get("name_en", ""), recommended.get("name_bn", ""), language
            ),
            ward=digits(recommended.get("ward") or "", language),
            date=a_date(recommended.get("on"), language),
        )
    signatory = fields.get("signatory") or {}
    context["signatory"] = {
        "name": in_language(signatory.get("name_en", ""), signatory.get("name_bn", ""), language),
        "designation": in_language(
            signatory.get("designation_en", ""), signatory.get("designation_bn", ""), language
        ),
        "image": signature_image(signatory.get("signature", "")),
    }
    return context
