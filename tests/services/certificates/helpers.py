"""Certificate test data: a type and an application in a chosen state, built through the
workflow engine (so numbers, SLA and the action log are real)."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from backend.workflow.models import Application
from backend.workflow.services import start_application
from services.certificates.models import (
    CertificateApplication,
    CertificateType,
    Deceased,
    Heir,
    Relation,
)
from services.certificates.workflow import KIND, SERIES

HEIR_BODY_EN = (
    "This is to certify that {deceased_name}, of {address}, died on {date_of_death}, "
    "leaving the heirs listed below."
)
HEIR_BODY_BN = (
    "এই মর্মে প্রত্যয়ন করা যাচ্ছে যে, {address} নিবাসী {deceased_name} {date_of_death} তারিখে "
    "মৃত্যুবরণ করেন। তাঁর উত্তরাধিকারীগণের তালিকা নিম্নরূপ।"
)
THREE_HEIRS = (
    ("Ayesha Begum", "আয়েশা বেগম", Relation.WIFE, "1987654321", None, 52),
    ("Karim Uddin", "করিম উদ্দিন", Relation.SON, "", "20051234567890123", 19),
    ("Shirin Akter", "শিরিন আক্তার", Relation.DAUGHTER, "", "20101234567890124", 14),
)


def make_certificate_type(pourashava, code: str = "heir", **overrides) -> CertificateType:
    values = {
        "name_en": "Heir certificate",
        "name_bn": "ওয়ারিশ সনদ",
        "fee_bn": Decimal("100.00"),
        "fee_en": Decimal("300.00"),
        "sla_days": 3,
        "lists_heirs": code == "heir",
        "body_en": HEIR_BODY_EN,
        "body_bn": HEIR_BODY_BN,
        "required_documents": [
            {
                "code": "death_certificate",
                "label_en": "Death certificate",
                "label_bn": "মৃত্যু সনদ",
                "required": True,
            }
        ]
        if code == "heir"
        else [],
    }
    values.update(overrides)
    return CertificateType.objects.create(pourashava=pourashava, code=code, **values)


@transaction.atomic
def make_application(
    *,
    applicant,
    ward,
    certificate_type: CertificateType,
    language: str = "bn",
    state: str | None = None,
    heirs=THREE_HEIRS,
) -> CertificateApplication:
    """An application by `applicant` (a Citizen) for themselves, in `state` if given (set
    directly: tests of later steps should not depend on the earlier ones' rules)."""
    application = start_application(
        kind=KIND,
        series=SERIES,
        pourashava=ward.pourashava,
        actor=applicant.user,
        applicant=applicant,
        ward=ward,
    )
    if state is not None:
        Application.objects.filter(pk=application.pk).update(state=state)
        application.refresh_from_db()
    detail = CertificateApplication.objects.create(
        application=application,
        pourashava=ward.pourashava,
        ward=ward,
        certificate_type=certificate_type,
        language=language,
        name_en=applicant.name_en or "Rahim Uddin",
        name_bn=applicant.name_bn or "রহিম উদ্দিন",
        father_name_en="Abdul Karim",
        father_name_bn="আব্দুল করিম",
        nid=applicant.nid or "",
        address_en=f"Ward {ward.number}, {ward.pourashava.name_en}",
        address_bn=f"ওয়ার্ড {ward.number}, {ward.pourashava.name_bn}",
        fee=certificate_type.fee_for(language),
    )
    if certificate_type.lists_heirs:
        Deceased.objects.create(
            application=detail,
            name_en="Abdul Karim",
            name_bn="আব্দুল করিম",
            date_of_death=date(2025, 3, 14),
            death_registration_number="DR-2025-0042",
        )
        for position, (name_en, name_bn, relation, nid, brn, age) in enumerate(heirs, start=1):
            Heir.objects.create(
                application=detail,
                position=position,
                name_en=name_en,
                name_bn=name_bn,
                relation=relation,
                nid=nid,
                birth_registration_number=brn or "",
                age_years=age,
            )
    return detail
