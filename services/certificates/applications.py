"""Applying for a certificate, and resubmitting one returned for correction.

`apply` checks everything first (the type's form, its required documents, the ward, the people
named and their NID/BRN) and reports every problem at once, in the request's language, each with
a stable code; only then does it write, in one transaction: the workflow application, its
certificate details, the deceased and heirs, the attachments, and the fee demand. A bad heir
therefore leaves nothing behind.

Input (a JSON object, the same for the API and for code):
    pourashava, type            which certificate (type code within the pourashava)
    language                    "bn" | "en": the copy asked for (the fee depends on it)
    relation                    whom it is about, from the applicant: "self" (default) or a
                                family member ("father", "son", ...)
    ward, mahalla               ward number (and optional mahalla id) of the subject's address:
                                the ward decides which councillor recommends
    name_en/_bn, father_name_en/_bn, mother_name_en/_bn, spouse_name_en/_bn, nid,
    birth_registration_number, date_of_birth, address_en/_bn
                                the subject; for "self" the profile fills what is not given
    answers                     {field code: value} for the type's form_fields
    documents                   [{"code": required document code, "upload": upload id}]
    deceased                    heir certificates: {name_en/_bn, nid, birth_registration_number,
                                date_of_death, death_registration_number, ...}
    heirs                       heir certificates: [{name_en/_bn, relation, nid,
                                birth_registration_number, date_of_birth | age_years}]
"""

import datetime
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from backend.common.digits import to_ascii_digits
from backend.common.errors import AppError, Conflict, Forbidden, NotFound
from backend.common.text import Text
from backend.documents.models import DocumentLanguage
from backend.identity.acting import assisted_session_of
from backend.identity.assisted import record_assisted_action
from backend.identity.models import Citizen, User
from backend.identity.validators import normalise_brn, normalise_nid
from backend.municipality.models import Mahalla, Ward
from backend.uploads.models import Upload
from backend.uploads.services import uploads_for
from backend.workflow.definitions import RESUBMIT
from backend.workflow.models import Application
from backend.workflow.services import start_application, take_action
from services.certificates import fees
from services.certificates.models import (
    CERTIFICATE_DOCUMENT,
    CertificateApplication,
    CertificateAttachment,
    CertificateType,
    Deceased,
    Heir,
    Relation,
)
from services.certificates.workflow import KIND, RETURNED, SERIES

MAX_HEIRS = 40
MAX_DOCUMENTS = 20
MAX_AGE = 130

INVALID = Text(en="Some of the information is not valid.", bn="কিছু তথ্য সঠিক নয়।")
REQUIRED = Text(en="This is required.", bn="এই তথ্যটি আবশ্যক।")
REQUIRED_IN_LANGUAGE = Text(
    en="Required for a certificate in this language.",
    bn="এই ভাষার সনদের জন্য এই তথ্যটি আবশ্যক।",
)
TYPE_UNKNOWN = Text(en="This pourashava has no such certificate.", bn="এই পৌরসভায় এমন কোনো সনদ নেই।")
LANGUAGE_INVALID = Text(
    en="Choose Bangla (bn) or English (en).", bn="বাংলা (bn) অথবা ইংরেজি (en) বেছে নিন।"
)
RELATION_INVALID = Text(en="Choose a relation from the list.", bn="তালিকা থেকে সম্পর্ক বেছে নিন।")
WARD_UNKNOWN = Text(en="This pourashava has no such ward.", bn="এই পৌরসভায় এমন কোনো ওয়ার্ড নেই।")
MAHALLA_UNKNOWN = Text(en="This ward has no such mahalla.", bn="এই ওয়ার্ডে এমন কোনো মহল্লা নেই।")
ID_REQUIRED = Text(
    en="Give an NID or a birth registration number.",
    bn="জাতীয় পরিচয়পত্র নম্বর অথবা জন্ম নিবন্ধন নম্বর দিন।",
)
DATE_INVALID = Text(en="Enter a date as YYYY-MM-DD.", bn="তারিখ YYYY-MM-DD আকারে লিখুন।")
DATE_IN_FUTURE = Text(en="This date is in the future.", bn="এই তারিখটি ভবিষ্যতের।")
NUMBER_INVALID = Text(en="Enter a number, 0 or more.", bn="০ বা তার বেশি একটি সংখ্যা লিখুন।")
CHOICE_INVALID = Text(en="Choose one of the listed answers.", bn="তালিকার একটি উত্তর বেছে নিন।")
TOO_LONG = Text(
    en="This is too long (at most {limit} characters).",
    bn="লেখাটি বেশি লম্বা (সর্বোচ্চ {limit} অক্ষর)।",
)
NOT_TEXT = Text(en="Enter text.", bn="লেখা দিন।")
SHAPE_INVALID = Text(en="This is not in the expected form.", bn="তথ্যটি প্রত্যাশিত আকারে নেই।")
UNKNOWN_FIELD = Text(en="This form has no such question.", bn="এই ফর্মে এমন কোনো প্রশ্ন নেই।")
DOCUMENT_MISSING = Text(
    en="Upload this document: {label_en}.", bn="এই কাগজটি আপলোড করুন: {label_bn}।"
)
DOCUMENT_UNKNOWN = Text(
    en="This certificate does not ask for this document.", bn="এই সনদের জন্য এই কাগজ চাওয়া হয় না।"
)
TOO_MANY = Text(en="At most {limit} are accepted.", bn="সর্বোচ্চ {limit}টি গ্রহণ করা হয়।")
DECEASED_REQUIRED = Text(en="Give the deceased person's details.", bn="মৃত ব্যক্তির তথ্য দিন।")
HEIRS_REQUIRED = Text(en="List at least one heir.", bn="অন্তত একজন উত্তরাধিকারীর তথ্য দিন।")
HEIRS_NOT_EXPECTED = Text(
    en="This certificate does not list a deceased person or heirs.",
    bn="এই সনদে মৃত ব্যক্তি বা উত্তরাধিকারীর তালিকা থাকে না।",
)
DOB_OR_AGE = Text(en="Give the date of birth or the age.", bn="জন্মতারিখ অথবা বয়স দিন।")
AGE_INVALID = Text(
    en="Enter the age in whole years, 0 to 130.", bn="বয়স পূর্ণ বছরে লিখুন, ০ থেকে ১৩০।"
)
ASSISTED_ELSEWHERE = Text(
    en="Your assisted session is for another pourashava.",
    bn="আপনার সহায়তা সেশনটি অন্য পৌরসভার জন্য।",
)
APPLICATION_NOT_FOUND = Text(en="No such application.", bn="এমন কোনো আবেদন নেই।")
NOT_RETURNED = Text(
    en="Only an application returned for correction can be resubmitted.",
    bn="কেবল সংশোধনের জন্য ফেরত আসা আবেদনই পুনরায় জমা দেওয়া যায়।",
)
FIXED_ON_RESUBMIT = Text(
    en="This cannot change once the application is made; apply again instead.",
    bn="আবেদন করার পর এটি বদলানো যায় না; প্রয়োজনে নতুন করে আবেদন করুন।",
)

_SUBJECT_TEXT = {  # field: max length
    "name_en": 150,
    "name_bn": 150,
    "father_name_en": 150,
    "father_name_bn": 150,
    "mother_name_en": 150,
    "mother_name_bn": 150,
    "spouse_name_en": 150,
    "spouse_name_bn": 150,
    "address_en": 300,
    "address_bn": 300,
}
_PROFILE_FIELDS = (
    "name_en",
    "name_bn",
    "father_name_en",
    "father_name_bn",
    "mother_name_en",
    "mother_name_bn",
    "spouse_name_en",
    "spouse_name_bn",
    "nid",
    "birth_registration_number",
    "date_of_birth",
)
_DECEASED_TEXT = {
    "name_en": 150,
    "name_bn": 150,
    "father_or_husband_name_en": 150,
    "father_or_husband_name_bn": 150,
    "death_registration_number": 30,
}
_HEIR_RELATIONS = frozenset(Relation.values) - {Relation.SELF}
_TEXT_ANSWER_LIMIT = 1000


# --- collecting problems ------------------------------------------------------------------


@dataclass
class _Problems:
    found: list[tuple[str, str, Text, dict]] = field(default_factory=list)

    def add(self, path: str, code: str, message: Text, **params) -> None:
        self.found.append((path, code, message, params))

    def add_error(self, path: str, error: AppError) -> None:
        self.found.append((path, error.code, error.message, error.params))

    def raise_if_any(self) -> None:
        """One problem: its own code and message. Several: `validation_failed`. Either way
        every problem is in `fields` as {path: [{code, message}]}, like DRF's own errors."""
        if not self.found:
            return
        fields: dict[str, list[dict[str, str]]] = {}
        for path, code, message, params in self.found:
            fields.setdefault(path, []).append({"code": code, "message": message.render(**params)})
        if len(self.found) == 1:
            _, code, message, params = self.found[0]
            raise AppError(code, message, params=params, fields=fields)
        raise AppError("validation_failed", INVALID, fields=fields)


def _text(problems: _Problems, data: Mapping, key: str, limit: int, path: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.add(path, "invalid", NOT_TEXT)
        return ""
    value = " ".join(value.split())  # one line, single spaces
    if len(value) > limit:
        problems.add(path, "too_long", TOO_LONG, limit=limit)
    return value


def _date(problems: _Problems, raw: object, path: str, *, past: bool = True):
    if raw in (None, ""):
        return None
    if isinstance(raw, datetime.date):
        value = raw
    else:
        try:
            value = datetime.date.fromisoformat(to_ascii_digits(str(raw)).strip())
        except ValueError:
            problems.add(path, "invalid_date", DATE_INVALID)
            return None
    if past and value > timezone.localdate():
        problems.add(path, "date_in_future", DATE_IN_FUTURE)
        return None
    return value


def _identity_numbers(problems: _Problems, data: Mapping, path: str, dob) -> tuple[str, str]:
    """(nid, brn) normalised; an invalid one is a problem at `path`nid or `path`brn."""
    nid = brn = ""
    if data.get("nid") not in (None, ""):
        try:
            nid = normalise_nid(data["nid"], dob)
        except AppError as error:
            problems.add_error(f"{path}nid", error)
    if data.get("birth_registration_number") not in (None, ""):
        try:
            brn = normalise_brn(data["birth_registration_number"])
        except AppError as error:
            problems.add_error(f"{path}birth_registration_number", error)
    return nid, brn


def _object(problems: _Problems, raw: object, path: str) -> Mapping:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        problems.add(path, "invalid", SHAPE_INVALID)
        return {}
    return raw


def _list(problems: _Problems, raw: object, path: str) -> list:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.add(path, "invalid", SHAPE_INVALID)
        return []
    return raw


# --- the checked application ----------------------------------------------------------------


@dataclass
class _Checked:
    certificate_type: CertificateType
    language: str
    relation: str
    ward: Ward
    mahalla: Mahalla | None
    subject: dict
    answers: dict
    documents: list[tuple[str, Upload]]
    deceased: dict | None
    heirs: list[dict]


def _certificate_type(problems: _Problems, data: Mapping) -> CertificateType | None:
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


def _ward(problems: _Problems, data: Mapping, certificate_type: CertificateType):
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


def _subject(problems: _Problems, data: Mapping, citizen: Citizen, relation: str, language: str):
    given = dict(data)
    if relation == Relation.SELF:
        # Your own certificate: what your profile says, unless you give something else.
        for key in _PROFILE_FIELDS:
            if given.get(key) in (None, "") and getattr(citizen, key, None):
                given[key] = getattr(citizen, key)
    subject = {key: _text(problems, given, key, limit, key) for key, limit in _SUBJECT_TEXT.items()}
    for key in (f"name_{language}", f"address_{language}"):
        if not subject[key] and not any(p == key for p, *_ in problems.found):
            problems.add(key, "required", REQUIRED_IN_LANGUAGE)
    subject["date_of_birth"] = _date(problems, given.get("date_of_birth"), "date_of_birth")
    nid, brn = _identity_numbers(problems, given, "", subject["date_of_birth"])
    if not nid and not brn and not given.get("nid") and not given.get("birth_registration_number"):
        problems.add("nid", "identity_number_required", ID_REQUIRED)
    subject["nid"], subject["birth_registration_number"] = nid, brn
    return subject


def _answers(problems: _Problems, raw: object, certificate_type: CertificateType) -> dict:
    given = _object(problems, raw, "answers")
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
            if number is None or not number.is_finite() or number < 0:
                problems.add(path, "invalid_number", NUMBER_INVALID)
                continue
            answers[code] = format(number.normalize(), "f")
        elif kind == "date":
            day = _date(problems, value, path, past=False)
            if day is not None:
                answers[code] = day.isoformat()
        elif kind == "choice":
            if value not in spec.get("choices", []):
                problems.add(path, "invalid_choice", CHOICE_INVALID)
                continue
            answers[code] = value
        else:
            text = _text(problems, {code: value}, code, _TEXT_ANSWER_LIMIT, path)
            if text:
                answers[code] = text
    return answers


def _documents(
    problems: _Problems, raw: object, certificate_type: CertificateType, owner: Citizen
) -> list[tuple[str, Upload]]:
    items = _list(problems, raw, "documents")
    if len(items) > MAX_DOCUMENTS:
        problems.add("documents", "too_many", TOO_MANY, limit=MAX_DOCUMENTS)
        return []
    asked = {d["code"]: d for d in certificate_type.required_documents}
    wanted: list[tuple[str, str]] = []
    for index, item in enumerate(items):
        item = _object(problems, item, f"documents.{index}")
        code, upload_id = item.get("code"), item.get("upload")
        if code not in asked:
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
                purpose=CERTIFICATE_DOCUMENT.code,
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


def _canonical(upload_id: str) -> str:
    return str(uuid.UUID(upload_id))


def _deceased(problems: _Problems, raw: object, language: str) -> dict | None:
    if raw is None:
        problems.add("deceased", "deceased_required", DECEASED_REQUIRED)
        return None
    given = _object(problems, raw, "deceased")
    deceased = {
        key: _text(problems, given, key, limit, f"deceased.{key}")
        for key, limit in _DECEASED_TEXT.items()
    }
    if not deceased[f"name_{language}"]:
        problems.add(f"deceased.name_{language}", "required", REQUIRED_IN_LANGUAGE)
    deceased["date_of_death"] = _date(
        problems, given.get("date_of_death"), "deceased.date_of_death"
    )
    if deceased["date_of_death"] is None and given.get("date_of_death") in (None, ""):
        problems.add("deceased.date_of_death", "required", REQUIRED)
    nid, brn = _identity_numbers(problems, given, "deceased.", None)
    deceased["nid"], deceased["birth_registration_number"] = nid, brn
    return deceased


def _heirs(problems: _Problems, raw: object, language: str) -> list[dict]:
    items = _list(problems, raw, "heirs")
    if not items:
        if raw is None or isinstance(raw, list):
            problems.add("heirs", "heirs_required", HEIRS_REQUIRED)
        return []
    if len(items) > MAX_HEIRS:
        problems.add("heirs", "too_many", TOO_MANY, limit=MAX_HEIRS)
        return []
    heirs = []
    for index, item in enumerate(items):
        path = f"heirs.{index}."
        given = _object(problems, item, f"heirs.{index}")
        heir = {
            "name_en": _text(problems, given, "name_en", 150, f"{path}name_en"),
            "name_bn": _text(problems, given, "name_bn", 150, f"{path}name_bn"),
        }
        if not heir[f"name_{language}"]:
            problems.add(f"{path}name_{language}", "required", REQUIRED_IN_LANGUAGE)
        relation = given.get("relation")
        if relation not in _HEIR_RELATIONS:
            problems.add(f"{path}relation", "invalid_relation", RELATION_INVALID)
        heir["relation"] = relation
        heir["date_of_birth"] = _date(problems, given.get("date_of_birth"), f"{path}date_of_birth")
        heir["age_years"] = None
        if given.get("age_years") not in (None, ""):
            try:
                age = int(to_ascii_digits(str(given["age_years"])).strip())
            except ValueError:
                age = -1
            if not 0 <= age <= MAX_AGE:
                problems.add(f"{path}age_years", "invalid_age", AGE_INVALID)
            else:
                heir["age_years"] = age
        if given.get("date_of_birth") in (None, "") and given.get("age_years") in (None, ""):
            problems.add(f"{path}date_of_birth", "dob_or_age_required", DOB_OR_AGE)
        heir["nid"], heir["birth_registration_number"] = _identity_numbers(
            problems, given, path, heir["date_of_birth"]
        )
        heirs.append(heir)
    return heirs


def _check(
    data: Mapping, citizen: Citizen, certificate_type: CertificateType | None, problems: _Problems
) -> _Checked | None:
    """Every check on one application's input; None when `problems` has something."""
    if certificate_type is None:
        certificate_type = _certificate_type(problems, data)
    language = data.get("language") or DocumentLanguage.BN
    if language not in DocumentLanguage.values:
        problems.add("language", "invalid_language", LANGUAGE_INVALID)
        language = DocumentLanguage.BN
    relation = data.get("relation") or Relation.SELF
    if relation not in Relation.values:
        problems.add("relation", "invalid_relation", RELATION_INVALID)
        relation = Relation.SELF
    subject = _subject(problems, data, citizen, relation, language)
    if certificate_type is None:
        problems.raise_if_any()
    ward, mahalla = _ward(problems, data, certificate_type)
    answers = _answers(problems, data.get("answers"), certificate_type)
    documents = _documents(problems, data.get("documents"), certificate_type, citizen)
    deceased, heirs = None, []
    if certificate_type.lists_heirs:
        deceased = _deceased(problems, data.get("deceased"), language)
        heirs = _heirs(problems, data.get("heirs"), language)
    elif data.get("deceased") or data.get("heirs"):
        problems.add("heirs", "heirs_not_expected", HEIRS_NOT_EXPECTED)
    problems.raise_if_any()
    return _Checked(
        certificate_type=certificate_type,
        language=language,
        relation=relation,
        ward=ward,
        mahalla=mahalla,
        subject=subject,
        answers=answers,
        documents=documents,
        deceased=deceased,
        heirs=heirs,
    )


# --- writing ------------------------------------------------------------------------------


def _write_people(detail: CertificateApplication, checked: _Checked) -> None:
    if checked.deceased is not None:
        Deceased.objects.update_or_create(application=detail, defaults=checked.deceased)
    Heir.objects.filter(application=detail).delete()
    Heir.objects.bulk_create(
        Heir(application=detail, position=position, **heir)
        for position, heir in enumerate(checked.heirs, start=1)
    )


def _write_attachments(detail: CertificateApplication, documents) -> None:
    have = set(detail.attachments.values_list("upload_id", flat=True))
    CertificateAttachment.objects.bulk_create(
        CertificateAttachment(application=detail, upload=upload, document_code=code)
        for code, upload in documents
        if upload.pk not in have
    )


def _check_assisted_pourashava(request, certificate_type: CertificateType) -> None:
    session = assisted_session_of(request) if request is not None else None
    if session is not None and session.pourashava_id != certificate_type.pourashava_id:
        raise Forbidden("assisted_other_pourashava", ASSISTED_ELSEWHERE)


def apply(*, citizen: Citizen, actor: User, data: Mapping, request=None) -> CertificateApplication:
    """Check `data` (see the module docstring) and make the application for `citizen`, acted
    by `actor` (the citizen, or an operator in their confirmed assisted session, `request`).
    Returns the application waiting for its fee, or with the councillor when the fee is zero."""
    problems = _Problems()
    checked = _check(data, citizen, None, problems)
    certificate_type = checked.certificate_type
    _check_assisted_pourashava(request, certificate_type)
    with transaction.atomic():
        application = start_application(
            kind=KIND,
            series=SERIES,
            pourashava=certificate_type.pourashava,
            actor=actor,
            applicant=citizen,
            ward=checked.ward,
            request=request,
        )
        detail = CertificateApplication.objects.create(
            application=application,
            pourashava=certificate_type.pourashava,
            ward=checked.ward,
            mahalla=checked.mahalla,
            certificate_type=certificate_type,
            language=checked.language,
            relation=checked.relation,
            answers=checked.answers,
            fee=certificate_type.fee_for(checked.language),
            **checked.subject,
        )
        _write_people(detail, checked)
        _write_attachments(detail, checked.documents)
        fees.charge_fee(detail)
        if request is not None:
            record_assisted_action(request, action="certificates.apply", obj=application)
    detail.application.refresh_from_db()  # a zero fee has moved it on already
    return detail


def _as_input(detail: CertificateApplication) -> dict:
    """A stored application in apply()'s input shape, so corrections are checked by the same
    rules as a new application."""
    data = {
        "language": detail.language,
        "relation": detail.relation,
        "ward": detail.ward.number,
        "mahalla": detail.mahalla_id,
        "answers": dict(detail.answers),
        "documents": [
            {"code": a.document_code, "upload": str(a.upload.public_id)}
            for a in detail.attachments.select_related("upload")
        ],
        **{key: getattr(detail, key) for key in (*_SUBJECT_TEXT, "nid", "date_of_birth")},
        "birth_registration_number": detail.birth_registration_number,
    }
    deceased = Deceased.objects.filter(application=detail).first()
    if deceased is not None:
        data["deceased"] = {
            key: getattr(deceased, key)
            for key in (*_DECEASED_TEXT, "nid", "birth_registration_number", "date_of_death")
        }
    data["heirs"] = [
        {
            "name_en": heir.name_en,
            "name_bn": heir.name_bn,
            "relation": heir.relation,
            "nid": heir.nid,
            "birth_registration_number": heir.birth_registration_number,
            "date_of_birth": heir.date_of_birth,
            "age_years": heir.age_years,
        }
        for heir in detail.heirs.all()
    ]
    return data


def _merge(current: dict, corrections: Mapping) -> dict:
    """Corrections over the stored input: answers by question, documents by document code
    (new uploads for a code replace the old ones), anything else as a whole."""
    merged = {
        **current,
        **{k: v for k, v in corrections.items() if k not in ("answers", "documents")},
    }
    if isinstance(corrections.get("answers"), Mapping):
        merged["answers"] = {**current["answers"], **corrections["answers"]}
    elif "answers" in corrections:
        merged["answers"] = corrections["answers"]
    if isinstance(corrections.get("documents"), list):
        replaced = {d.get("code") for d in corrections["documents"] if isinstance(d, Mapping)}
        merged["documents"] = [
            d for d in current["documents"] if d["code"] not in replaced
        ] + corrections["documents"]
    elif "documents" in corrections:
        merged["documents"] = corrections["documents"]
    return merged


def resubmit(
    *,
    citizen: Citizen,
    actor: User,
    number: str,
    corrections: Mapping,
    comment: str = "",
    request=None,
) -> CertificateApplication:
    """Correct an application returned to `citizen` and send it back to the councillor.
    The language (the fee was set by it) and the type cannot change."""
    detail = (
        CertificateApplication.objects.select_related("application", "certificate_type", "ward")
        .filter(application__number=number, application__applicant=citizen)
        .first()
    )
    if detail is None:
        raise NotFound("application_not_found", APPLICATION_NOT_FOUND)
    if detail.application.state != RETURNED:
        raise Conflict("application_not_returned", NOT_RETURNED)
    problems = _Problems()
    for fixed in ("type", "pourashava", "language"):
        if fixed in corrections and corrections[fixed] != _fixed_value(detail, fixed):
            problems.add(fixed, "cannot_change", FIXED_ON_RESUBMIT)
    problems.raise_if_any()
    checked = _check(
        _merge(_as_input(detail), corrections), citizen, detail.certificate_type, problems
    )
    with transaction.atomic():
        locked = CertificateApplication.objects.select_for_update().get(pk=detail.pk)
        for key, value in checked.subject.items():
            setattr(locked, key, value)
        locked.relation = checked.relation
        locked.ward = checked.ward
        locked.mahalla = checked.mahalla
        locked.answers = checked.answers
        locked.save()
        Application.objects.filter(pk=locked.application_id).update(ward=checked.ward)
        _write_people(locked, checked)
        kept = {upload.pk for _, upload in checked.documents}
        locked.attachments.exclude(upload_id__in=kept).delete()
        _write_attachments(locked, checked.documents)
        application = Application.objects.get(pk=locked.application_id)
        take_action(
            application=application, action=RESUBMIT, actor=actor, comment=comment, request=request
        )
        if request is not None:
            record_assisted_action(request, action="certificates.resubmit", obj=application)
    locked.refresh_from_db()
    return locked


def _fixed_value(detail: CertificateApplication, key: str) -> str:
    if key == "type":
        return detail.certificate_type.code
    if key == "pourashava":
        return detail.pourashava.code
    return detail.language
