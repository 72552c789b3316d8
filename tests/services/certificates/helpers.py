"""Certificate test data: a type and an application in a chosen state, built through the
workflow engine (so numbers, SLA and the action log are real)."""

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import count

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


# --- applying over the API (certcore's tests) -------------------------------------------------

APPLICATIONS = "/api/v1/me/certificate-applications/"
TYPES = "/api/v1/certificate-types/"
QUEUE = "/api/v1/staff/queue/"


def actions_url(number: str) -> str:
    return f"/api/v1/applications/{number}/actions/"


def staff_detail_url(number: str) -> str:
    return f"/api/v1/staff/certificate-applications/{number}/"


def use_tmp_media(settings, tmp_path) -> None:
    """Uploaded files go to a temporary directory on local disk, never into the repository."""
    root = tmp_path / "media"
    root.mkdir(exist_ok=True)
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@functools.cache  # Pillow stamps the creation time: one PDF per run, so copies compare equal
def tiny_pdf() -> bytes:
    """A real one-page PDF (Pillow writes it), like a scanned death certificate."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, "PDF")
    return buffer.getvalue()


def upload_document(citizen, *, purpose: str = "certificate_document", name="death.pdf"):
    """One of `citizen`'s uploads, stored through the uploads service (checks included)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from backend.uploads.services import store_upload

    return store_upload(
        file=SimpleUploadedFile(name, tiny_pdf(), content_type="application/pdf"),
        uploaded_by=citizen.user,
        owner=citizen,
        purpose=purpose,
    )


HEIRS_INPUT = (
    {
        "name_en": "Ayesha Begum",
        "name_bn": "আয়েশা বেগম",
        "relation": "wife",
        "nid": "1987654321",
        "age_years": 52,
    },
    {
        "name_en": "Karim Uddin",
        "name_bn": "করিম উদ্দিন",
        "relation": "son",
        "birth_registration_number": "20051234567890123",
        "date_of_birth": "2005-06-01",
    },
    {
        "name_en": "Shirin Akter",
        "name_bn": "শিরিন আক্তার",
        "relation": "daughter",
        "birth_registration_number": "২০১০১২৩৪৫৬৭৮৯০১২৪",  # Bangla digits are fine
        "age_years": "১৪",
    },
)


def heir_input(pourashava_code: str, ward_number: int, upload_id, **overrides) -> dict:
    """A complete heir certificate application body (for the applicant's own family)."""
    body = {
        "pourashava": pourashava_code,
        "type": "heir",
        "language": "bn",
        "relation": "self",
        "ward": ward_number,
        "address_bn": "কানাইখালী, নাটোর",
        "address_en": "Kanaikhali, Natore",
        "deceased": {
            "name_en": "Abdul Jalil",
            "name_bn": "আব্দুল জলিল",
            "nid": "1000000009",
            "date_of_death": "2025-03-14",
            "death_registration_number": "DR-2025-0042",
        },
        "heirs": [dict(heir) for heir in HEIRS_INPUT],
        "documents": [{"code": "death_certificate", "upload": str(upload_id)}],
    }
    body.update(overrides)
    return body


_NID_SERIALS = count(1)


@dataclass
class Town:
    """A pourashava with the default certificate types, two wards and a councillor for each,
    a certificate officer, and a citizen with a full profile."""

    pourashava: object
    wards: dict
    councillors: dict
    officer: object
    citizen: object


def make_town(code: str = "NAT", *, citizen=None) -> Town:
    from backend.identity.models import Role
    from services.certificates.services.catalogue import install_default_types
    from tests.factories import CitizenFactory, PourashavaFactory, WardFactory, staff_member

    pourashava = PourashavaFactory(
        code=code, name_en=f"{code.title()} Pourashava", name_bn=f"{code} পৌরসভা"
    )
    install_default_types(pourashava)
    wards = {n: WardFactory(pourashava=pourashava, number=n) for n in (1, 2)}
    councillors = {
        n: staff_member(Role.WARD_COUNCILLOR, pourashava, ward=ward) for n, ward in wards.items()
    }
    officer = staff_member(Role.CERTIFICATE_OFFICER, pourashava)
    if citizen is None:
        citizen = CitizenFactory(
            name_en="Abdul Karim",
            name_bn="আব্দুল করিম",
            father_name_en="Abdul Jalil",
            father_name_bn="আব্দুল জলিল",
            nid=f"197869123456{next(_NID_SERIALS):05d}",
            date_of_birth=date(1978, 3, 14),
        )
    return Town(pourashava, wards, councillors, officer, citizen)


def client_for(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def sign_with_fresh_key(settings) -> None:
    """Certificates issued in the test are signed with a key made for it (none read from var/)."""
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    settings.DOCUMENT_SIGNING_KEYS = f"test1:{base64.b64encode(raw).decode()}"
    settings.DOCUMENT_VERIFY_KEYS = ""
