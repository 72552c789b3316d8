"""Set-up for benchmarks/bench_certificates.py (nothing here is a test or runs in production).

prepare_heir_certificates(n) makes n heir certificates the way a pourashava issues them: an
application with the deceased and three heirs, recommended by the ward councillor and approved
by a certificate officer with a drawn signature, through the workflow engine (so the approval
hook numbers, signs and registers each one). Rows go to the benchmark pourashava (BNCH) shared
with the payments benchmark; users and the type are made once and reused on later runs.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from backend.documents.models import IssuedDocument
from backend.identity.models import Citizen, Role, RoleAssignment, User
from backend.municipality.models import Ward
from backend.workflow.models import Application
from backend.workflow.services import start_application, take_action
from benchmarks.support.payments import _bench_pourashava
from services.certificates import workflow
from services.certificates.models import (
    CertificateApplication,
    CertificateType,
    Deceased,
    Heir,
    Relation,
)
from services.certificates.signatures import ensure_demo_signatory

BODY_EN = (
    "This is to certify that {deceased_name}, of {address}, Ward {ward}, {pourashava}, died on "
    "{date_of_death}, leaving the heirs listed below."
)
BODY_BN = (
    "এই মর্মে প্রত্যয়ন করা যাচ্ছে যে, {pourashava}-এর {ward} নং ওয়ার্ডের {address} নিবাসী "
    "{deceased_name} {date_of_death} তারিখে মৃত্যুবরণ করেন। তাঁর উত্তরাধিকারীগণের তালিকা নিম্নরূপ।"
)
HEIRS = (
    ("Ayesha Begum", "আয়েশা বেগম", Relation.WIFE, "1987654321", "", 52),
    ("Karim Uddin", "করিম উদ্দিন", Relation.SON, "", "20051234567890123", 19),
    ("Shirin Akter", "শিরিন আক্তার", Relation.DAUGHTER, "", "20101234567890124", 14),
)


def _staff(username: str, full_name: str, role: str, pourashava, ward=None) -> User:
    user, _ = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "is_staff": True}
    )
    RoleAssignment.objects.get_or_create(user=user, role=role, pourashava=pourashava, ward=ward)
    return user


@transaction.atomic
def _setup():
    pourashava = _bench_pourashava()
    ward, _ = Ward.objects.get_or_create(pourashava=pourashava, number=1)
    certificate_type, _ = CertificateType.objects.get_or_create(
        pourashava=pourashava,
        code="heir",
        defaults={
            "name_en": "Heir certificate",
            "name_bn": "ওয়ারিশ সনদ",
            "fee_bn": Decimal("100.00"),
            "fee_en": Decimal("300.00"),
            "sla_days": 3,
            "lists_heirs": True,
            "body_en": BODY_EN,
            "body_bn": BODY_BN,
            "source": "Benchmark rows, not a real type.",
        },
    )
    councillor = _staff(
        "bench.cert.councillor", "Md. Jahangir Alam", Role.WARD_COUNCILLOR, pourashava, ward
    )
    officer = _staff("bench.cert.officer", "Nasrin Sultana", Role.CERTIFICATE_OFFICER, pourashava)
    ensure_demo_signatory(officer, pourashava)
    user, _ = User.objects.get_or_create(username="01999000001")
    citizen, _ = Citizen.objects.get_or_create(
        mobile="01999000001",
        defaults={"user": user, "name_en": "Rahim Uddin", "name_bn": "রহিম উদ্দিন"},
    )
    return pourashava, ward, certificate_type, councillor, officer, citizen


def prepare_heir_certificates(n: int, language: str = "bn") -> list[IssuedDocument]:
    """n freshly issued heir certificates (three heirs each), in `language`."""
    pourashava, ward, certificate_type, councillor, officer, citizen = _setup()
    documents = []
    for _ in range(n):
        with transaction.atomic():
            application = start_application(
                kind=workflow.KIND,
                series=workflow.SERIES,
                pourashava=pourashava,
                actor=citizen.user,
                applicant=citizen,
                ward=ward,
            )
            # Paid: the fee is another benchmark's subject.
            Application.objects.filter(pk=application.pk).update(state=workflow.WITH_COUNCILLOR)
            detail = CertificateApplication.objects.create(
                application=application,
                pourashava=pourashava,
                ward=ward,
                certificate_type=certificate_type,
                language=language,
                name_en=citizen.name_en,
                name_bn=citizen.name_bn,
                address_en="Kanaikhali",
                address_bn="কানাইখালী",
                fee=certificate_type.fee_for(language),
            )
            Deceased.objects.create(
                application=detail,
                name_en="Abdul Karim",
                name_bn="আব্দুল করিম",
                date_of_death=date(2025, 3, 14),
                death_registration_number="DR-2025-0042",
            )
            Heir.objects.bulk_create(
                Heir(
                    application=detail,
                    position=position,
                    name_en=name_en,
                    name_bn=name_bn,
                    relation=relation,
                    nid=nid,
                    birth_registration_number=brn,
                    age_years=age,
                )
                for position, (name_en, name_bn, relation, nid, brn, age) in enumerate(
                    HEIRS, start=1
                )
            )
        application.refresh_from_db()
        take_action(application=application, action=workflow.RECOMMEND, actor=councillor)
        take_action(application=application, action=workflow.APPROVE, actor=officer)
        detail.refresh_from_db()
        documents.append(
            IssuedDocument.objects.select_related("pourashava").get(pk=detail.certificate_id)
        )
    return documents
