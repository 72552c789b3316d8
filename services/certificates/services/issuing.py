"""The issued certificate: signed and registered through backend.documents when the certificate
officer approves (in the approving transaction), revoked or corrected by the pourashava.

What is signed (the document's fields) is everything the certificate prints, frozen at issue:
the filled wording, the deceased and heirs, who recommended and who signed. Editing the type or
the application later never changes an issued certificate; a correction issues a new one that
supersedes it (corrections.py). What the template prints from those fields is printing.py.

Verification page / API (public_fields): enough to tell a genuine paper from an altered one and
no more. The kind of certificate, ward, the name (always shown by the platform), and for an heir
certificate the deceased's name and the heirs' names and relations with their count. Names are
shown because an heir certificate's whole point is who the heirs are: a forger who swaps one
heir for another keeps the count, so a count alone would let a doctored table pass a scan. NID
and birth registration numbers, dates of birth, addresses and the death registration number stay
on the paper and off the public page.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from backend.common.errors import AppError, Conflict, Forbidden
from backend.common.numbering import next_number
from backend.common.text import Text
from backend.documents.kinds import register_document_kind
from backend.documents.models import IssuedDocument
from backend.documents.services import issue_document, revoke_document
from backend.identity.models import Role, User
from backend.identity.roles import has_role
from backend.municipality.fiscal_year import FiscalYear
from backend.workflow.models import ActionLog, Application
from backend.workflow.services import register_transition_hook
from services.certificates import workflow
from services.certificates.drawing import draw_certificate
from services.certificates.models import (
    CertificateApplication,
    Deceased,
    Heir,
    Signatory,
)
from services.certificates.printing import certificate_context
from services.certificates.verification import certificate_verification
from services.certificates.wording import fill_body

KIND = "councillor_certificate"
NUMBER_SERIES = "CT"  # NAT-CT-2026-27-000001
# Pourashava staff who revoke and correct issued certificates.
STAFF_ROLES = frozenset({Role.CERTIFICATE_OFFICER, Role.SECRETARY, Role.MAYOR})
# What issuing, correcting and revoking read with an application, in one query.
ISSUING_RELATED = ("application__applicant", "certificate_type", "pourashava", "ward")

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


def heir_row(heir: Heir) -> dict:
    """An heir as signed into the certificate (and as a correction's audit records it)."""
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
        heirs = [heir_row(heir) for heir in detail.heirs.order_by("position")]
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
        .select_related(*ISSUING_RELATED)
        .get(application=application)
    )
    if detail.certificate_id is not None:  # issued already (never re-issue on a replay)
        return
    issue_certificate(detail, actor=actor)


# Revoking ----------------------------------------------------------------------------------


def is_pourashava_staff(actor: User, pourashava_id: int) -> bool:
    return bool(
        actor
        and actor.is_authenticated
        and actor.is_active
        and has_role(actor, STAFF_ROLES, pourashava_id=pourashava_id)
    )


def require_staff(actor: User, document: IssuedDocument) -> None:
    """Refuse unless `document` is a councillor certificate and `actor` is its pourashava's
    certificate staff (revoking and correcting)."""
    if document.kind != KIND:
        raise AppError("not_a_certificate", NOT_A_CERTIFICATE)
    if not is_pourashava_staff(actor, document.pourashava_id):
        raise Forbidden("certificate_staff_only", NOT_POURASHAVA_STAFF)


def revoke_certificate(document: IssuedDocument, reason: str, actor: User) -> IssuedDocument:
    """Revoke an issued certificate (its QR then reports revoked). Pourashava staff only."""
    require_staff(actor, document)
    return revoke_document(document=document, reason=reason, actor=actor)


def application_of(document: IssuedDocument) -> CertificateApplication:
    """The application a certificate was issued for (by the number signed into it)."""
    return CertificateApplication.objects.select_related(*ISSUING_RELATED).get(
        application__number=document.fields.get("application"), pourashava=document.pourashava
    )


# Registration ------------------------------------------------------------------------------

_registered = False


def register() -> None:
    """The document kind, and issuing on approval (once, however often this is called)."""
    global _registered
    register_document_kind(
        KIND,
        title=TITLE,
        template=None,
        public_fields=PUBLIC_FIELDS,
        field_labels=FIELD_LABELS,
        extra_context=certificate_context,
        verification=certificate_verification,
        draw=draw_certificate,
    )
    if not _registered:
        register_transition_hook(workflow.KIND, _on_transition)
        _registered = True
