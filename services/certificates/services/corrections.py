"""Correcting an issued certificate: staff change the application's particulars (the subject,
answers, the deceased, the heirs), and a new certificate with a new number supersedes the old
one, whose QR then names the new one. Everything is checked before anything is written, and the
change is audited with what it was before and after."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import models, transaction

from backend.common.errors import AppError, Conflict
from backend.common.text import Text
from backend.documents.models import DocumentStatus, IssuedDocument
from backend.documents.services import NOT_SUPERSEDABLE
from backend.identity.audit import record_audit
from backend.identity.models import User
from services.certificates.checks.form import check_answers
from services.certificates.checks.input import (
    REQUIRED,
    Problems,
    identity_numbers,
    read_date,
)
from services.certificates.checks.people import DECEASED_TEXT, SUBJECT_TEXT, check_heirs
from services.certificates.models import CertificateApplication, Deceased, Heir
from services.certificates.services.issuing import (
    ISSUING_RELATED,
    NOT_A_CERTIFICATE,
    heir_row,
    issue_certificate,
    require_staff,
)

UNKNOWN_CORRECTION = Text(
    en="These cannot be corrected: {names}.", bn="এগুলো সংশোধন করা যায় না: {names}।"
)
NOTHING_TO_CORRECT = Text(en="Say what to correct.", bn="কী সংশোধন করতে হবে তা লিখুন।")
NO_HEIRS_HERE = Text(
    en="This certificate does not list heirs.", bn="এই সনদে উত্তরাধিকারীর তালিকা থাকে না।"
)
INVALID_CORRECTION = Text(en="Some corrections are not valid.", bn="কিছু সংশোধন সঠিক নয়।")

# What a correction may change, by model: the same fields an application gives.
CORRECTABLE = frozenset(SUBJECT_TEXT) | {"nid", "birth_registration_number", "date_of_birth"}
DECEASED_FIELDS = frozenset(DECEASED_TEXT) | {"nid", "birth_registration_number", "date_of_death"}
# Read as the application reads them (people_checks / input_checks), not just by the column.
IDENTITY_NUMBERS = ("nid", "birth_registration_number")
DATES = ("date_of_birth", "date_of_death")


def _cleaned(model, name: str, value, instance, errors: dict, prefix: str = ""):
    try:
        return model._meta.get_field(name).clean(value, instance)
    except ValidationError as error:
        errors[prefix + name] = list(error.messages)
        return None


def _take(problems: Problems, errors: dict) -> None:
    for path, _code, message, params in problems.found:
        errors.setdefault(path, []).append(message.render(**params))


def _assign(row: models.Model, given: Mapping, prefix: str, errors: dict) -> dict:
    """Set the given fields on `row` (a detail or its deceased): text as the column allows,
    dates (past only) and NID / birth registration numbers (checked, normalised) as the
    application takes them. Returns {prefix + name: (before, after)}."""
    problems = Problems()
    diff: dict = {}

    def put(name: str, value) -> None:
        diff[prefix + name] = (getattr(row, name), value)
        setattr(row, name, value)

    for name in sorted(set(given) - set(IDENTITY_NUMBERS) - set(DATES)):
        put(name, _cleaned(type(row), name, given[name], row, errors, prefix))
    for name in DATES:
        if name in given:
            if given[name] in (None, "") and not type(row)._meta.get_field(name).null:
                problems.add(prefix + name, "required", REQUIRED)
            put(name, read_date(problems, given[name], prefix + name))
    numbers = {name: given[name] for name in IDENTITY_NUMBERS if name in given}
    if numbers:
        checked = identity_numbers(problems, numbers, prefix, getattr(row, "date_of_birth", None))
        for name, value in zip(IDENTITY_NUMBERS, checked, strict=True):
            if name in numbers:
                put(name, value)
    _take(problems, errors)
    return diff


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
    diff = _assign(detail, {k: v for k, v in changes.items() if k in CORRECTABLE}, "", errors)
    if "answers" in changes:
        if not isinstance(changes["answers"], dict):
            errors["answers"] = ["invalid"]
        else:
            # Checked against the type's form fields as the application's are (unknown field,
            # number, choice, a required answer blanked), and stored as it stores them.
            problems = Problems()
            merged = {**(detail.answers or {}), **changes["answers"]}
            checked = check_answers(problems, merged, detail.certificate_type)
            _take(problems, errors)
            diff["answers"] = (detail.answers, checked)
            detail.answers = checked
    deceased = Deceased.objects.filter(application=detail).first()
    if "deceased" in changes:
        given = changes["deceased"] if isinstance(changes["deceased"], dict) else None
        if given is None or deceased is None or set(given) - DECEASED_FIELDS:
            errors["deceased"] = ["invalid"]
        else:
            diff |= _assign(deceased, given, "deceased.", errors)
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
    """The full corrected list, checked as the application checks its heirs."""
    problems = Problems()
    rows = check_heirs(problems, given, detail.language)
    _take(problems, errors)
    return [
        Heir(application=detail, position=position, **row)
        for position, row in enumerate(rows, start=1)
    ]


def correct_certificate(
    detail: CertificateApplication,
    changes: dict,
    actor: User,
    *,
    reason: str = "",
    request=None,
    certificate: IssuedDocument | None = None,
) -> IssuedDocument:
    """Correct the application's particulars and issue a new certificate (new number) that
    supersedes the current one; the old one's QR then says superseded and names the new one.
    Pourashava staff only; signed by the correcting officer's signatory. `certificate`, when
    given, is the one the caller means to correct: refused unless it is still the current one,
    so two corrections of one paper at once supersede it once (the second gets a conflict)."""
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
        stale = certificate is not None and certificate.pk != current.pk
        if stale or current.status != DocumentStatus.VALID:
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
