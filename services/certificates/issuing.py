"""The issued certificate: signed and registered through backend.documents when the certificate
officer approves (in the approving transaction), revoked or corrected by the pourashava.

What is signed (the document's fields) is everything the certificate prints, frozen at issue:
the filled wording, the deceased and heirs, who recommended and who signed. Editing the type or
the application later never changes an issued certificate; a correction issues a new one that
supersedes it.

Verification page / API (public_fields): enough to tell a genuine paper from an altered one and
no more. The kind of certificate, ward, the name (always shown by the platform), and for an heir
certificate the deceased's name and the heirs' names and relations with their count. Names are
shown because an heir certificate's whole point is who the heirs are: a forger who swaps one
heir for another keeps the count, so a count alone would let a doctored table pass a scan. NID
and birth registration numbers, dates of birth, addresses and the death registration number stay
on the paper and off the public page.
"""

import base64
import functools
import mimetypes
from dataclasses import replace
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from backend.common.errors import AppError, Conflict, Forbidden
from backend.common.numbering import next_number
from backend.common.text import Text
from backend.documents.kinds import get_document_kind, register_document_kind
from backend.documents.models import DocumentStatus, IssuedDocument
from backend.documents.services import NOT_SUPERSEDABLE, issue_document, revoke_document
from backend.identity.audit import record_audit
from backend.identity.models import Role, User
from backend.identity.roles import has_role
from backend.municipality.fiscal_year import FiscalYear
from backend.workflow.models import ActionLog, Application
from backend.workflow.services import register_transition_hook
from services.certificates import workflow
from services.certificates.models import (
    CertificateApplication,
    Deceased,
    Heir,
    Relation,
    Signatory,
)
from services.certificates.wording import a_date, digits, fill_body, in_language

KIND = "councillor_certificate"
NUMBER_SERIES = "CT"  # NAT-CT-2026-27-000001
TEMPLATE = "certificates/certificate.html"
# Pourashava staff who revoke and correct issued certificates.
STAFF_ROLES = frozenset({Role.CERTIFICATE_OFFICER, Role.SECRETARY, Role.MAYOR})
MAX_SIGNATURE_BYTES = 512 * 1024

TITLE = Text(en="Councillor certificate", bn="কাউন্সিলর সনদ")
FIELD_LABELS = {
    "type_name_en": Text(en="Certificate", bn="সনদ (ইংরেজি)"),
    "type_name_bn": Text(en="Certificate (Bangla)", bn="সনদ"),
    "ward": Text(en="Ward", bn="ওয়ার্ড"),
    "deceased_name_en": Text(en="Deceased", bn="মৃত ব্যক্তি (ইংরেজি)"),
    "deceased_name_bn": Text(en="Deceased (Bangla)", bn="মৃত ব্যক্তি"),
    "heir_count": Text(en="Number of heirs", bn="উত্তরাধিকারীর সংখ্যা"),
    "heirs_public": Text(en="Heirs", bn="উত্তরাধিকারীগণ"),
}
PUBLIC_FIELDS = tuple(FIELD_LABELS)

SIGNATORY_MISSING = Text(
    en="You have no signature on record in this pourashava, so the certificate cannot be "
    "signed. Ask the administrator to add your signature first.",
    bn="এই পৌরসভায় আপনার স্বাক্ষর সংরক্ষিত নেই, তাই সনদে স্বাক্ষর করা যাচ্ছে না। আগে "
    "প্রশাসককে আপনার স্বাক্ষর যুক্ত করতে বলুন।",
)
NOT_POURASHAVA_STAFF = Text(
    en="Only the certificate officer, secretary or mayor of this pourashava may do this.",
    bn="শুধু এই পৌরসভার সনদ কর্মকর্তা, সচিব বা মেয়র এটি করতে পারেন।",
)
NOT_A_CERTIFICATE = Text(en="This is not a councillor certificate.", bn="এটি কাউন্সিলর সনদ নয়।")
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


# Issuing -----------------------------------------------------------------------------------


def signatory_for(actor: User, pourashava) -> Signatory:
    """The actor's active signatory in the pourashava, with a signature image; refuses
    (signatory_missing) when there is none, so nothing unsigned is ever issued."""
    signatory = Signatory.objects.filter(pourashava=pourashava, user=actor, is_active=True).first()
    if signatory is None or not signatory.signature:
        raise Conflict("signatory_missing", SIGNATORY_MISSING)
    return signatory


def recommendation_of(application: Application) -> dict | None:
    """Who recommended the application (the last recommendation in its log), and when."""
    entry = (
        ActionLog.objects.filter(application=application, action=workflow.RECOMMEND)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    if entry is None:
        return None
    councillor = entry.actor
    # The councillor's own signatory record holds their name in both languages, if there is one.
    named = Signatory.objects.filter(
        pourashava_id=application.pourashava_id, user=councillor
    ).first()
    name_en = councillor.full_name or councillor.username
    return {
        "name_en": named.name_en if named else name_en,
        "name_bn": named.name_bn if named else (councillor.full_name_bn or name_en),
        "ward": application.ward.number if application.ward_id else None,
        "on": timezone.localdate(entry.at).isoformat(),
    }


def _heir_row(heir: Heir) -> dict:
    return {
        "position": heir.position,
        "name_en": heir.name_en,
        "name_bn": heir.name_bn,
        "relation": heir.relation,
        "nid": heir.nid,
        "brn": heir.birth_registration_number,
        "date_of_birth": heir.date_of_birth,
        "age_years": heir.age_years,
    }


def certificate_fields(detail: CertificateApplication, signatory: Signatory) -> dict:
    """What the certificate prints, as signed into its token."""
    certificate_type = detail.certificate_type
    fields: dict = {
        "application": detail.application.number,
        "type_code": certificate_type.code,
        "type_name_en": certificate_type.name_en,
        "type_name_bn": certificate_type.name_bn,
        "holder_name_en": detail.name_en,
        "holder_name_bn": detail.name_bn,
        "ward": detail.ward.number,
        "body": fill_body(detail, detail.language),
        "recommended_by": recommendation_of(detail.application),
        "signatory": {
            "name_en": signatory.name_en,
            "name_bn": signatory.name_bn,
            "designation_en": signatory.designation_en,
            "designation_bn": signatory.designation_bn,
            "signature": signatory.signature.name,
        },
    }
    if certificate_type.lists_heirs:
        deceased = Deceased.objects.filter(application=detail).first()
        heirs = [_heir_row(heir) for heir in detail.heirs.order_by("position")]
        fields.update(
            {
                "deceased_name_en": deceased.name_en if deceased else "",
                "deceased_name_bn": deceased.name_bn if deceased else "",
                "deceased": {
                    "father_or_husband_name_en": deceased.father_or_husband_name_en,
                    "father_or_husband_name_bn": deceased.father_or_husband_name_bn,
                    "nid": deceased.nid,
                    "brn": deceased.birth_registration_number,
                    "date_of_death": deceased.date_of_death,
                    "death_registration_number": deceased.death_registration_number,
                }
                if deceased
                else None,
                "heirs": heirs,
                "heir_count": len(heirs),
                "heirs_public": [
                    {"name_en": h["name_en"], "name_bn": h["name_bn"], "relation": h["relation"]}
                    for h in heirs
                ],
            }
        )
    return fields


def issue_certificate(
    detail: CertificateApplication,
    *,
    actor: User,
    supersedes: IssuedDocument | None = None,
    render: bool = True,
) -> IssuedDocument:
    """Sign and register the certificate for `detail`, signed by `actor`'s signatory, and link it
    to the application. Runs in the caller's transaction (the approval or the correction)."""
    with transaction.atomic():
        signatory = signatory_for(actor, detail.pourashava)
        now = timezone.now()
        certificate_type = detail.certificate_type
        valid_until = (
            timezone.localdate(now) + timedelta(days=certificate_type.validity_days)
            if certificate_type.validity_days
            else None
        )
        document = issue_document(
            kind=KIND,
            number=next_number(
                pourashava=detail.pourashava, series=NUMBER_SERIES, fiscal_year=FiscalYear.of(now)
            ),
            pourashava=detail.pourashava,
            fields=certificate_fields(detail, signatory),
            language=detail.language,
            holder=detail.application.applicant,
            valid_until=valid_until,
            supersedes=supersedes,
            actor=actor,
            render=render,
        )
        detail.certificate = document
        detail.save(update_fields=["certificate"])
    return document


def _on_transition(application: Application, transition, actor: User) -> None:
    """Approving (-> issued) issues the certificate inside the approving transaction: a refusal
    here (no signatory) rolls the approval back with it."""
    if transition.target != workflow.ISSUED:
        return
    detail = (
        CertificateApplication.objects.select_for_update(of=("self",))
        .select_related("application__applicant", "certificate_type", "pourashava", "ward")
        .get(application=application)
    )
    if detail.certificate_id is not None:  # issued already (never re-issue on a replay)
        return
    issue_certificate(detail, actor=actor)


# Revoking and correcting --------------------------------------------------------------------


def is_pourashava_staff(actor: User, pourashava_id: int) -> bool:
    return bool(
        actor
        and actor.is_authenticated
        and actor.is_active
        and has_role(actor, STAFF_ROLES, pourashava_id=pourashava_id)
    )


def _require_staff(actor: User, document: IssuedDocument) -> None:
    if document.kind != KIND:
        raise AppError("not_a_certificate", NOT_A_CERTIFICATE)
    if not is_pourashava_staff(actor, document.pourashava_id):
        raise Forbidden("certificate_staff_only", NOT_POURASHAVA_STAFF)


def revoke_certificate(document: IssuedDocument, reason: str, actor: User) -> IssuedDocument:
    """Revoke an issued certificate (its QR then reports revoked). Pourashava staff only."""
    _require_staff(actor, document)
    return revoke_document(document=document, reason=reason, actor=actor)


def application_of(document: IssuedDocument) -> CertificateApplication:
    """The application a certificate was issued for (by the number signed into it)."""
    return CertificateApplication.objects.select_related(
        "application__applicant", "certificate_type", "pourashava", "ward"
    ).get(application__number=document.fields.get("application"), pourashava=document.pourashava)


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
            [_heir_row(h) for h in detail.heirs.order_by("position")],
            [_heir_row(h) for h in heirs],
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
            .select_related("application__applicant", "certificate_type", "pourashava", "ward")
            .get(pk=detail.pk)
        )
        current = detail.certificate
        if current is None:
            raise AppError("not_a_certificate", NOT_A_CERTIFICATE)
        _require_staff(actor, current)
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


# Printing ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _title(en: str, bn: str) -> Text:
    # Texts register themselves for the bilingual check; cache so each type's title is made once.
    return Text(en=en, bn=bn)


def signature_data_uri(name: str) -> str | None:
    """The stored signature image as a data: URI, so the renderer fetches nothing."""
    if not name:
        return None
    try:
        with default_storage.open(name, "rb") as handle:
            data = handle.read(MAX_SIGNATURE_BYTES + 1)
    except (OSError, ValueError):
        return None
    if len(data) > MAX_SIGNATURE_BYTES:
        return None
    content_type = mimetypes.guess_type(name)[0] or "image/png"
    if content_type not in ("image/png", "image/jpeg"):
        return None
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


def _id_number(nid: str, brn: str, language: str) -> str:
    return digits(nid or brn or "", language)


def certificate_context(document: IssuedDocument) -> dict:
    """Template context beyond the platform's: everything in the copy's language."""
    language = document.language
    fields = document.fields or {}
    kind = get_document_kind(KIND)
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
        "image": signature_data_uri(signatory.get("signature", "")),
    }
    return context


# Registration ---------------------------------------------------------------------------------

_registered = False


def register() -> None:
    """The document kind, and issuing on approval (once, however often this is called)."""
    global _registered
    register_document_kind(
        KIND,
        title=TITLE,
        template=TEMPLATE,
        public_fields=PUBLIC_FIELDS,
        field_labels=FIELD_LABELS,
        extra_context=certificate_context,
    )
    if not _registered:
        register_transition_hook(workflow.KIND, _on_transition)
        _registered = True
