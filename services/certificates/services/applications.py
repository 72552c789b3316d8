"""Applying for a certificate, and resubmitting one returned for correction.

`apply` checks everything first (the type's form, its required documents, the ward, the people
named and their NID/BRN) and reports every problem at once, in the request's language, each with
a stable code; only then does it write, in one transaction: the workflow application, its
certificate details, the deceased and heirs, the attachments, and the fee demand. A bad heir
therefore leaves nothing behind. The checks are application_checks.py (with form_checks.py,
people_checks.py and input_checks.py); this module writes.

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

from collections.abc import Mapping

from django.db import transaction

from backend.common.digits import to_ascii_digits
from backend.common.errors import Conflict, Forbidden, NotFound
from backend.common.text import Text
from backend.identity.acting import assisted_session_of
from backend.identity.assisted import record_assisted_action
from backend.identity.models import Citizen, User
from backend.workflow.definitions import RESUBMIT
from backend.workflow.models import Application
from backend.workflow.services import start_application, take_action
from services.certificates.checks.application import CheckedApplication, check_application
from services.certificates.checks.input import Problems
from services.certificates.checks.people import DECEASED_TEXT, SUBJECT_TEXT
from services.certificates.models import (
    CertificateApplication,
    CertificateAttachment,
    CertificateType,
    Deceased,
    Heir,
)
from services.certificates.services import fees
from services.certificates.workflow import KIND, RETURNED, SERIES

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


def _write_people(detail: CertificateApplication, checked: CheckedApplication) -> None:
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
    problems = Problems()
    checked = check_application(data, citizen, None, problems)
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
        **{key: getattr(detail, key) for key in (*SUBJECT_TEXT, "nid", "date_of_birth")},
        "birth_registration_number": detail.birth_registration_number,
    }
    deceased = Deceased.objects.filter(application=detail).first()
    if deceased is not None:
        data["deceased"] = {
            key: getattr(deceased, key)
            for key in (*DECEASED_TEXT, "nid", "birth_registration_number", "date_of_death")
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
    if "mahalla" not in corrections and _moves_ward(current, corrections):
        merged["mahalla"] = None  # the old mahalla is in the old ward
    if isinstance(corrections.get("answers"), Mapping):
        merged["answers"] = {**current["answers"], **corrections["answers"]}
    elif "answers" in corrections:
        merged["answers"] = corrections["answers"]
    if isinstance(corrections.get("documents"), list):
        replaced = {
            d.get("code")
            for d in corrections["documents"]
            if isinstance(d, Mapping) and isinstance(d.get("code"), str)
        }
        merged["documents"] = [
            d for d in current["documents"] if d["code"] not in replaced
        ] + corrections["documents"]
    elif "documents" in corrections:
        merged["documents"] = corrections["documents"]
    return merged


def _moves_ward(current: dict, corrections: Mapping) -> bool:
    if "ward" not in corrections:
        return False
    return to_ascii_digits(str(corrections["ward"])).strip() != str(current["ward"])


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
    _check_assisted_pourashava(request, detail.certificate_type)
    if detail.application.state != RETURNED:
        raise Conflict("application_not_returned", NOT_RETURNED)
    problems = Problems()
    for fixed in ("type", "pourashava", "language"):
        if fixed in corrections and corrections[fixed] != _fixed_value(detail, fixed):
            problems.add(fixed, "cannot_change", FIXED_ON_RESUBMIT)
    problems.raise_if_any()
    checked = check_application(
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
