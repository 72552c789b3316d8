"""Correcting an issued certificate: staff change the application's particulars (the subject,
answers, the deceased, the heirs), and a new certificate with a new number supersedes the old
one, whose QR then names the new one. Everything is checked before anything is written, and the
change is audited with what it was before and after."""

from django.core.exceptions import ValidationError
from django.db import transaction

from backend.common.errors import AppError, Conflict
from backend.common.text import Text
from backend.documents.models import DocumentStatus, IssuedDocument
from backend.documents.services import NOT_SUPERSEDABLE
from backend.identity.audit import record_audit
from backend.identity.models import User
from services.certificates.issuing import (
    ISSUING_RELATED,
    NOT_A_CERTIFICATE,
    heir_row,
    issue_certificate,
    require_staff,
)
from services.certificates.models import CertificateApplication, Deceased, Heir

UNKNOWN_CORRECTION = Text(
    en="These cannot be corrected: {names}.", bn="এগুলো সংশোধন করা যায় না: {names}।"
)
NOTHING_TO_CORRECT = Text(en="Say what to correct.", bn="কী সংশোধন করতে হবে তা লিখুন।")
NO_HEIRS_HERE = Text(
    en="This certificate does not list heirs.", bn="এই সনদে উত্তরাধিকারীর তালিকা থাকে না।"
)
HEIR_NEEDS_AGE = Text(
    en="Give each heir's date of birth or age.",
    bn="প্রত্যেক উত্তরাধিকারীর জন্মতারিখ বা বয়স দিন।",
)
INVALID_CORRECTION = Text(en="Some corrections are not valid.", bn="কিছু সংশোধন সঠিক নয়।")

# What a correction may change, by model.
CORRECTABLE = frozenset(
    {
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
        "address_en",
        "address_bn",
    }
)
DECEASED_FIELDS = frozenset(
    {
        "name_en",
        "name_bn",
        "father_or_husband_name_en",
        "father_or_husband_name_bn",
        "nid",
        "birth_registration_number",
        "date_of_death",
        "death_registration_number",
    }
)
HEIR_FIELDS = frozenset(
    {
        "name_en",
        "name_bn",
        "relation",
        "nid",
        "birth_registration_number",
        "date_of_birth",
        "age_years",
    }
)


def _cleaned(model, name: str, value, instance, errors: dict, prefix: str = ""):
    try:
        return model._meta.get_field(name).clean(value, instance)
    except ValidationError as error:
        errors[prefix + name] = list(error.messages)
        return None


def _apply_changes(detail: CertificateApplication, changes: dict) -> dict:
    """Validate and apply the changes to the application's rows. Returns {name: (before, after)}
    for the audit log; raises AppError listing what is unknown or invalid."""
    heir_changes = {"deceased", "heirs"} & set(changes)
    unknown = sorted(set(changes) - CORRECTABLE - {"answers", "deceased", "heirs"})
    if unknown:
        raise AppError(
            "correction_not_allowed",
            UNKNOWN_CORRECTION,
            params={"names": ", ".join(unknown)},
            fields={name: ["not_correctable"] for name in unknown},
        )
    if heir_changes and not detail.certificate_type.lists_heirs:
        raise AppError("certificate_lists_no_heirs", NO_HEIRS_HERE)
    errors: dict[str, list[str]] = {}
    diff: dict = {}
    for name in sorted(set(changes) & CORRECTABLE):
        value = _cleaned(CertificateApplication, name, changes[name], detail, errors)
        diff[name] = (getattr(detail, name), value)
        setattr(detail, name, value)
    if "answers" in changes:
        if not isinstance(changes["answers"], dict):
            errors["answers"] = ["invalid"]
        else:
            merged = {**(detail.answers or {}), **changes["answers"]}
            diff["answers"] = (detail.answers, merged)
            detail.answers = merged
    deceased = Deceased.objects.filter(application=detail).first()
    if "deceased" in changes:
        given = changes["deceased"] if isinstance(changes["deceased"], dict) else None
        if given is None or deceased is None or set(given) - DECEASED_FIELDS:
            errors["deceased"] = ["invalid"]
        else:
            for name, value in given.items():
                cleaned = _cleaned(Deceased, name, value, deceased, errors, "deceased.")
                diff[f"deceased.{name}"] = (getattr(deceased, name), cleaned)
                setattr(deceased, name, cleaned)
    heirs: list[Heir] | None = None
    if "heirs" in changes:
        heirs = _new_heirs(detail, changes["heirs"], errors)
        diff["heirs"] = (
            [heir_row(h) for h in detail.heirs.order_by("position")],
            [heir_row(h) for h in heirs],
        )
    if errors:
        raise AppError("invalid_correction", INVALID_CORRECTION, fields=errors)
    detail.save()
    if deceased is not None and "deceased" in changes:
        deceased.save()
    if heirs is not None:
        detail.heirs.all().delete()
        Heir.objects.bulk_create(heirs)
    return diff


def _new_heirs(detail: CertificateApplication, given, errors: dict) -> list[Heir]:
    if not isinstance(given, list) or not given:
        errors["heirs"] = ["invalid"]
        return []
    heirs: list[Heir] = []
    for position, row in enumerate(given, start=1):
        prefix = f"heirs.{position}."
        if not isinstance(row, dict) or set(row) - HEIR_FIELDS:
            errors[prefix.rstrip(".")] = ["invalid"]
            continue
        heir = Heir(application=detail, position=position)
        for name in HEIR_FIELDS:
            value = row.get(name, "" if name not in ("date_of_birth", "age_years") else None)
            if name in ("nid", "birth_registration_number") and value is None:
                value = ""
            setattr(heir, name, _cleaned(Heir, name, value, heir, errors, prefix))
        if heir.date_of_birth is None and heir.age_years is None:
            errors[prefix + "age_years"] = [HEIR_NEEDS_AGE.render()]
        heirs.append(heir)
    return heirs


def correct_certificate(
    detail: CertificateApplication,
    changes: dict,
    actor: User,
    *,
    reason: str = "",
    request=None,
) -> IssuedDocument:
    """Correct the application's particulars and issue a new certificate (new number) that
    supersedes the current one; the old one's QR then says superseded and names the new one.
    Pourashava staff only; signed by the correcting officer's signatory."""
    if not changes:
        raise AppError("nothing_to_correct", NOTHING_TO_CORRECT)
    with transaction.atomic():
        detail = (
            CertificateApplication.objects.select_for_update(of=("self",))
            .select_related(*ISSUING_RELATED)
            .get(pk=detail.pk)
        )
        current = detail.certificate
        if current is None:
            raise AppError("not_a_certificate", NOT_A_CERTIFICATE)
        require_staff(actor, current)
        if current.status != DocumentStatus.VALID:
            # issue_document refuses this too; refuse before touching the application
            raise Conflict("document_not_supersedable", NOT_SUPERSEDABLE)
        diff = _apply_changes(detail, changes)
        document = issue_certificate(detail, actor=actor, supersedes=current)
        record_audit(
            actor=actor,
            action="certificate.corrected",
            obj=detail,
            pourashava=detail.pourashava,
            before={name: old for name, (old, _) in diff.items()} | {"certificate": current.number},
            after={name: new for name, (_, new) in diff.items()}
            | {"certificate": document.number, "reason": reason},
            request=request,
        )
    return document
