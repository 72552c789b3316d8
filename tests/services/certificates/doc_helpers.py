"""Helpers for the issued-certificate tests: a pourashava with its councillor and signing
officer, and an application taken through recommend and approve by the real engine."""

import base64
from dataclasses import dataclass
from datetime import timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from backend.identity.models import AssistedSession, OtpChallenge, Role, User
from backend.municipality.models import Pourashava, Ward
from backend.workflow.services import take_action
from services.certificates import workflow
from services.certificates.models import CertificateApplication, CertificateType, Signatory
from services.certificates.signatures import ensure_demo_signatory
from tests.factories import CitizenFactory, PourashavaFactory, WardFactory, staff_member
from tests.services.certificates.helpers import make_application, make_certificate_type

CHARACTER_BODY_EN = (
    "This is to certify that {name}, child of {father_name}, of {address}, Ward {ward}, "
    "{pourashava}, is personally known to me and bears a good moral character."
)
CHARACTER_BODY_BN = (
    "এই মর্মে প্রত্যয়ন করা যাচ্ছে যে, {pourashava}-এর {ward} নং ওয়ার্ডের {address} নিবাসী "
    "{father_name}-এর সন্তান {name} আমার ব্যক্তিগতভাবে পরিচিত এবং তাঁর স্বভাব-চরিত্র ভালো।"
)


def use_fresh_signing_key(settings) -> None:
    """Each test signs with its own key, so no test depends on a key file under var/."""
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    settings.DOCUMENT_SIGNING_KEYS = f"test1:{base64.b64encode(raw).decode()}"
    settings.DOCUMENT_VERIFY_KEYS = ""


@dataclass
class Office:
    """One pourashava's people for a certificate: a ward, its councillor, the officer who signs
    (with a signatory unless asked not to) and a citizen of the ward."""

    pourashava: Pourashava
    ward: Ward
    councillor: User
    officer: User
    signatory: Signatory | None
    citizen: object
    certificate_type: CertificateType


def make_office(code: str = "NAT", *, signatory: bool = True, lists_heirs: bool = True) -> Office:
    pourashava = PourashavaFactory(
        code=code,
        name_en=f"{code.title()} Pourashava",
        name_bn="নাটোর পৌরসভা" if code == "NAT" else "ফরিদপুর পৌরসভা",
        district_en="Natore",
        district_bn="নাটোর",
        upazila_en="Natore Sadar",
        upazila_bn="নাটোর সদর",
    )
    ward = WardFactory(pourashava=pourashava, number=3)
    councillor = staff_member(Role.WARD_COUNCILLOR, pourashava, ward=ward)
    councillor.full_name = "Md. Jahangir Alam"
    councillor.full_name_bn = "মো. জাহাঙ্গীর আলম"
    councillor.save(update_fields=["full_name", "full_name_bn"])
    officer = staff_member(Role.CERTIFICATE_OFFICER, pourashava)
    signer = (
        ensure_demo_signatory(
            officer,
            pourashava,
            name_en="Nasrin Sultana",
            name_bn="নাসরিন সুলতানা",
        )
        if signatory
        else None
    )
    citizen = CitizenFactory(name_en="Rahim Uddin", name_bn="রহিম উদ্দিন")
    certificate_type = (
        make_certificate_type(pourashava)
        if lists_heirs
        else make_certificate_type(
            pourashava,
            code="character",
            name_en="Character certificate",
            name_bn="চারিত্রিক সনদ",
            body_en=CHARACTER_BODY_EN,
            body_bn=CHARACTER_BODY_BN,
        )
    )
    return Office(pourashava, ward, councillor, officer, signer, citizen, certificate_type)


def recommended_application(office: Office, *, language: str = "bn") -> CertificateApplication:
    """An application the ward councillor has recommended: with the officer, to approve."""
    detail = make_application(
        applicant=office.citizen,
        ward=office.ward,
        certificate_type=office.certificate_type,
        language=language,
        state=workflow.WITH_COUNCILLOR,
    )
    take_action(application=detail.application, action=workflow.RECOMMEND, actor=office.councillor)
    return detail


def approve(office: Office, detail: CertificateApplication) -> CertificateApplication:
    take_action(application=detail.application, action=workflow.APPROVE, actor=office.officer)
    detail.refresh_from_db()
    detail.application.refresh_from_db()
    return detail


def issued_certificate(office: Office, *, language: str = "bn") -> CertificateApplication:
    """Recommended and approved: the application with its certificate."""
    return approve(office, recommended_application(office, language=language))


def token_of(scanned: str) -> str:
    """The token at the end of a scanned verification URL."""
    return scanned.rstrip("/").rsplit("/", 1)[-1]


# Reading a Bangla PDF back: text extraction keeps consonants and conjuncts but not always the
# order of vowel signs drawn before their letter (or a reph), so compare skeletons.
_SIGNS = {chr(c) for c in range(0x09BC, 0x09D8)} | {"\u200c", "\u200d"}


def skeleton(text: str) -> str:
    """The text without Bangla vowel signs, hasanta, nukta and spaces."""
    return "".join(ch for ch in text if ch not in _SIGNS and not ch.isspace())


def assisted_session(operator: User, centre, citizen, pourashava):
    """A live, confirmed assisted session of `operator` for `citizen`."""
    now = timezone.now()
    challenge = OtpChallenge.objects.create(
        mobile=citizen.mobile, purpose="consent", code_hash="x", expires_at=now, max_attempts=5
    )
    return AssistedSession.objects.create(
        operator=operator,
        udc_centre=centre,
        pourashava=pourashava,
        citizen=citizen,
        challenge=challenge,
        confirmed_at=now,
        expires_at=now + timedelta(minutes=30),
    )
