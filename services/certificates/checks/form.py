"""Checks on what the certificate type decides: that the type exists in the pourashava, the ward
(and mahalla) of the address, the answers to the type's own form fields, and the documents it
asks for (each an upload of the applicant's)."""

import uuid
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from backend.common.digits import to_ascii_digits
from backend.common.errors import AppError
from backend.common.text import Text
from backend.identity.models import Citizen
from backend.municipality.models import Mahalla, Ward
from backend.uploads.models import Upload
from backend.uploads.services import uploads_for
from services.certificates.checks.input import (
    REQUIRED,
    TOO_MANY,
    Problems,
    read_date,
    read_list,
    read_object,
    read_text,
)
from services.certificates.models import CertificateType
from services.certificates.uploads import DOCUMENT_PURPOSE

MAX_DOCUMENTS = 20
TEXT_ANSWER_LIMIT = 1000
# A number answer (an income, a year) written out in full stays short: "1e999999" would be a
# million digits in the stored answers (and a Decimal overflow past that).
NUMBER_DIGITS_LIMIT = 20

TYPE_UNKNOWN = Text(en="This pourashava has no such certificate.", bn="এই পৌরসভায় এমন কোনো সনদ নেই।")
WARD_UNKNOWN = Text(en="This pourashava has no such ward.", bn="এই পৌরসভায় এমন কোনো ওয়ার্ড নেই।")
MAHALLA_UNKNOWN = Text(en="This ward has no such mahalla.", bn="এই ওয়ার্ডে এমন কোনো মহল্লা নেই।")
NUMBER_INVALID = Text(en="Enter a number, 0 or more.", bn="০ বা তার বেশি একটি সংখ্যা লিখুন।")
CHOICE_INVALID = Text(en="Choose one of the listed answers.", bn="তালিকার একটি উত্তর বেছে নিন।")
UNKNOWN_FIELD = Text(en="This form has no such question.", bn="এই ফর্মে এমন কোনো প্রশ্ন নেই।")
DOCUMENT_MISSING = Text(
    en="Upload this document: {label_en}.", bn="এই কাগজটি আপলোড করুন: {label_bn}।"
)
DOCUMENT_UNKNOWN = Text(
    en="This certificate does not ask for this document.", bn="এই সনদের জন্য এই কাগজ চাওয়া হয় না।"
)


def check_type(problems: Problems, data: Mapping) -> CertificateType | None:
    pourashava = str(data.get("pourashava") or "").strip().upper()
    code = str(data.get("type") or "").strip()
    if not pourashava or not code:
        problems.add("type" if pourashava else "pourashava", "required", REQUIRED)
        return None
    found = (
        CertificateType.objects.select_related("pourashava")
        .filter(pourashava__code=pourashava, code=code, is_active=True)
        .first()
    )
    if found is None:
        problems.add("type", "certificate_type_unknown", TYPE_UNKNOWN)
    return found


def check_ward(problems: Problems, data: Mapping, certificate_type: CertificateType):
    raw = data.get("ward")
    if raw in (None, ""):
        problems.add("ward", "required", REQUIRED)
        return None, None
    try:
        number = int(to_ascii_digits(str(raw)).strip())
    except ValueError:
        problems.add("ward", "ward_unknown", WARD_UNKNOWN)
        return None, None
    ward = Ward.objects.filter(pourashava=certificate_type.pourashava, number=number).first()
    if ward is None:
        problems.add("ward", "ward_unknown", WARD_UNKNOWN)
        return None, None
    mahalla = None
    if data.get("mahalla") not in (None, ""):
        try:
            mahalla = Mahalla.objects.filter(ward=ward, pk=int(data["mahalla"])).first()
        except (TypeError, ValueError):
            mahalla = None
        if mahalla is None:
            problems.add("mahalla", "mahalla_unknown", MAHALLA_UNKNOWN)
    return ward, mahalla


def check_answers(problems: Problems, raw: object, certificate_type: CertificateType) -> dict:
    given = read_object(problems, raw, "answers")
    fields = {f["code"]: f for f in certificate_type.form_fields}
    answers: dict[str, str] = {}
    for code in given:
        if code not in fields:
            problems.add(f"answers.{code}", "unknown_field", UNKNOWN_FIELD)
    for code, spec in fields.items():
        path, value = f"answers.{code}", given.get(code)
        if value is None or (isinstance(value, str) and not value.strip()):
            if spec.get("required"):
                problems.add(path, "required", REQUIRED)
            continue
        kind = spec.get("type", "text")
        if kind == "number":
            try:
                number = Decimal(to_ascii_digits(str(value)).replace(",", "").strip())
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite() or number < 0 or _too_long(number):
                problems.add(path, "invalid_number", NUMBER_INVALID)
                continue
            answers[code] = format(number.normalize(), "f")
        elif kind == "date":
            day = read_date(problems, value, path, past=False)
            if day is not None:
                answers[code] = day.isoformat()
        elif kind == "choice":
            if value not in spec.get("choices", []):
                problems.add(path, "invalid_choice", CHOICE_INVALID)
                continue
            answers[code] = value
        else:
            text = read_text(problems, {code: value}, code, TEXT_ANSWER_LIMIT, path)
            if text:
                answers[code] = text
    return answers


def check_documents(
    problems: Problems, raw: object, certificate_type: CertificateType, owner: Citizen
) -> list[tuple[str, Upload]]:
    items = read_list(problems, raw, "documents")
    if len(items) > MAX_DOCUMENTS:
        problems.add("documents", "too_many", TOO_MANY, limit=MAX_DOCUMENTS)
        return []
    asked = {d["code"]: d for d in certificate_type.required_documents}
    wanted: list[tuple[str, str]] = []
    for index, item in enumerate(items):
        item = read_object(problems, item, f"documents.{index}")
        code, upload_id = item.get("code"), item.get("upload")
        if not isinstance(code, str) or code not in asked:
            problems.add(f"documents.{index}.code", "document_unknown", DOCUMENT_UNKNOWN)
        elif not upload_id:
            problems.add(f"documents.{index}.upload", "required", REQUIRED)
        else:
            wanted.append((code, str(upload_id)))
    uploads: list[Upload] = []
    if wanted:
        try:
            uploads = uploads_for(
                citizen=owner,
                public_ids=[upload_id for _, upload_id in wanted],
                purpose=DOCUMENT_PURPOSE,
            )
        except AppError as error:
            problems.add_error("documents", error)
            return []
    by_id = {str(upload.public_id): upload for upload in uploads}
    documents = [(code, by_id[str(_canonical(upload_id))]) for code, upload_id in wanted]
    given_codes = {code for code, _ in documents}
    for code, spec in asked.items():
        if spec.get("required") and code not in given_codes:
            problems.add(
                "documents",
                "document_missing",
                DOCUMENT_MISSING,
                label_en=spec["label_en"],
                label_bn=spec["label_bn"],
            )
    return documents


def _too_long(number: Decimal) -> bool:
    """More digits than NUMBER_DIGITS_LIMIT once written without an exponent."""
    _, digits, exponent = number.as_tuple()
    whole = max(number.adjusted() + 1, 1)
    fraction = max(-exponent, 0) if digits != (0,) else 0
    return whole + fraction > NUMBER_DIGITS_LIMIT


def _canonical(upload_id: str) -> str:
    return str(uuid.UUID(upload_id))
