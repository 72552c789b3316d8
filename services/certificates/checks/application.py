"""Every check on one application's input (the shape applications.py documents), run before
anything is written: the type and its form, the ward, the people named and their NID/BRN. All
problems are reported together; what passes comes back as a CheckedApplication to write."""

from collections.abc import Mapping
from dataclasses import dataclass

from backend.common.text import Text
from backend.documents.models import DocumentLanguage
from backend.identity.models import Citizen
from backend.municipality.models import Mahalla, Ward
from backend.uploads.models import Upload
from services.certificates.checks.form import (
    check_answers,
    check_documents,
    check_type,
    check_ward,
)
from services.certificates.checks.input import Problems
from services.certificates.checks.people import (
    RELATION_INVALID,
    check_deceased,
    check_heirs,
    check_subject,
)
from services.certificates.models import CertificateType, Relation

LANGUAGE_INVALID = Text(
    en="Choose Bangla (bn) or English (en).", bn="বাংলা (bn) অথবা ইংরেজি (en) বেছে নিন।"
)
HEIRS_NOT_EXPECTED = Text(
    en="This certificate does not list a deceased person or heirs.",
    bn="এই সনদে মৃত ব্যক্তি বা উত্তরাধিকারীর তালিকা থাকে না।",
)


@dataclass
class CheckedApplication:
    """The input as it will be written: normalised, every reference looked up."""

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


def check_application(
    data: Mapping, citizen: Citizen, certificate_type: CertificateType | None, problems: Problems
) -> CheckedApplication:
    """Every check on one application's input, with `certificate_type` already known on a
    resubmission (None: from the input). Raises AppError with every problem found, including
    any already in `problems`."""
    if certificate_type is None:
        certificate_type = check_type(problems, data)
    language = data.get("language") or DocumentLanguage.BN
    if language not in DocumentLanguage.values:
        problems.add("language", "invalid_language", LANGUAGE_INVALID)
        language = DocumentLanguage.BN
    relation = data.get("relation") or Relation.SELF
    if relation not in Relation.values:
        problems.add("relation", "invalid_relation", RELATION_INVALID)
        relation = Relation.SELF
    subject = check_subject(problems, data, citizen, relation, language)
    if certificate_type is None:
        problems.raise_if_any()
    ward, mahalla = check_ward(problems, data, certificate_type)
    answers = check_answers(problems, data.get("answers"), certificate_type)
    documents = check_documents(problems, data.get("documents"), certificate_type, citizen)
    deceased, heirs = None, []
    if certificate_type.lists_heirs:
        deceased = check_deceased(problems, data.get("deceased"), language)
        heirs = check_heirs(problems, data.get("heirs"), language)
    elif data.get("deceased") or data.get("heirs"):
        problems.add("heirs", "heirs_not_expected", HEIRS_NOT_EXPECTED)
    problems.raise_if_any()
    return CheckedApplication(
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
