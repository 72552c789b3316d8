"""Checks on the people an application names: the subject (for "self", the applicant's profile
fills what is not given), and for an heir certificate the deceased and the heirs."""

from collections.abc import Mapping

from backend.common.digits import to_ascii_digits
from backend.common.text import Text
from backend.identity.models import Citizen
from services.certificates.checks.input import (
    REQUIRED,
    REQUIRED_IN_LANGUAGE,
    TOO_MANY,
    Problems,
    identity_numbers,
    read_date,
    read_list,
    read_object,
    read_text,
)
from services.certificates.models import Relation

MAX_HEIRS = 40
MAX_AGE = 130

RELATION_INVALID = Text(en="Choose a relation from the list.", bn="তালিকা থেকে সম্পর্ক বেছে নিন।")
ID_REQUIRED = Text(
    en="Give an NID or a birth registration number.",
    bn="জাতীয় পরিচয়পত্র নম্বর অথবা জন্ম নিবন্ধন নম্বর দিন।",
)
DECEASED_REQUIRED = Text(en="Give the deceased person's details.", bn="মৃত ব্যক্তির তথ্য দিন।")
HEIRS_REQUIRED = Text(en="List at least one heir.", bn="অন্তত একজন উত্তরাধিকারীর তথ্য দিন।")
DOB_OR_AGE = Text(en="Give the date of birth or the age.", bn="জন্মতারিখ অথবা বয়স দিন।")
AGE_INVALID = Text(
    en="Enter the age in whole years, 0 to 130.", bn="বয়স পূর্ণ বছরে লিখুন, ০ থেকে ১৩০।"
)

SUBJECT_TEXT = {  # field: max length
    "name_en": 150,
    "name_bn": 150,
    "father_name_en": 150,
    "father_name_bn": 150,
    "mother_name_en": 150,
    "mother_name_bn": 150,
    "spouse_name_en": 150,
    "spouse_name_bn": 150,
    "address_en": 300,
    "address_bn": 300,
}
PROFILE_FIELDS = (
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
)
DECEASED_TEXT = {
    "name_en": 150,
    "name_bn": 150,
    "father_or_husband_name_en": 150,
    "father_or_husband_name_bn": 150,
    "death_registration_number": 30,
}
HEIR_RELATIONS = frozenset(Relation.values) - {Relation.SELF}


def check_subject(
    problems: Problems, data: Mapping, citizen: Citizen, relation: str, language: str
):
    given = dict(data)
    if relation == Relation.SELF:
        # Your own certificate: what your profile says, unless you give something else.
        for key in PROFILE_FIELDS:
            if given.get(key) in (None, "") and getattr(citizen, key, None):
                given[key] = getattr(citizen, key)
    subject = {
        key: read_text(problems, given, key, limit, key) for key, limit in SUBJECT_TEXT.items()
    }
    for key in (f"name_{language}", f"address_{language}"):
        if not subject[key] and not any(p == key for p, *_ in problems.found):
            problems.add(key, "required", REQUIRED_IN_LANGUAGE)
    subject["date_of_birth"] = read_date(problems, given.get("date_of_birth"), "date_of_birth")
    nid, brn = identity_numbers(problems, given, "", subject["date_of_birth"])
    if not nid and not brn and not given.get("nid") and not given.get("birth_registration_number"):
        problems.add("nid", "identity_number_required", ID_REQUIRED)
    subject["nid"], subject["birth_registration_number"] = nid, brn
    return subject


def check_deceased(problems: Problems, raw: object, language: str) -> dict | None:
    if raw is None:
        problems.add("deceased", "deceased_required", DECEASED_REQUIRED)
        return None
    given = read_object(problems, raw, "deceased")
    deceased = {
        key: read_text(problems, given, key, limit, f"deceased.{key}")
        for key, limit in DECEASED_TEXT.items()
    }
    if not deceased[f"name_{language}"]:
        problems.add(f"deceased.name_{language}", "required", REQUIRED_IN_LANGUAGE)
    deceased["date_of_death"] = read_date(
        problems, given.get("date_of_death"), "deceased.date_of_death"
    )
    if deceased["date_of_death"] is None and given.get("date_of_death") in (None, ""):
        problems.add("deceased.date_of_death", "required", REQUIRED)
    nid, brn = identity_numbers(problems, given, "deceased.", None)
    deceased["nid"], deceased["birth_registration_number"] = nid, brn
    return deceased


def check_heirs(problems: Problems, raw: object, language: str) -> list[dict]:
    items = read_list(problems, raw, "heirs")
    if not items:
        if raw is None or isinstance(raw, list):
            problems.add("heirs", "heirs_required", HEIRS_REQUIRED)
        return []
    if len(items) > MAX_HEIRS:
        problems.add("heirs", "too_many", TOO_MANY, limit=MAX_HEIRS)
        return []
    heirs = []
    for index, item in enumerate(items):
        path = f"heirs.{index}."
        given = read_object(problems, item, f"heirs.{index}")
        heir = {
            "name_en": read_text(problems, given, "name_en", 150, f"{path}name_en"),
            "name_bn": read_text(problems, given, "name_bn", 150, f"{path}name_bn"),
        }
        if not heir[f"name_{language}"]:
            problems.add(f"{path}name_{language}", "required", REQUIRED_IN_LANGUAGE)
        relation = given.get("relation")
        if not isinstance(relation, str) or relation not in HEIR_RELATIONS:
            problems.add(f"{path}relation", "invalid_relation", RELATION_INVALID)
        heir["relation"] = relation
        heir["date_of_birth"] = read_date(
            problems, given.get("date_of_birth"), f"{path}date_of_birth"
        )
        heir["age_years"] = None
        if given.get("age_years") not in (None, ""):
            try:
                age = int(to_ascii_digits(str(given["age_years"])).strip())
            except ValueError:
                age = -1
            if not 0 <= age <= MAX_AGE:
                problems.add(f"{path}age_years", "invalid_age", AGE_INVALID)
            else:
                heir["age_years"] = age
        if given.get("date_of_birth") in (None, "") and given.get("age_years") in (None, ""):
            problems.add(f"{path}date_of_birth", "dob_or_age_required", DOB_OR_AGE)
        heir["nid"], heir["birth_registration_number"] = identity_numbers(
            problems, given, path, heir["date_of_birth"]
        )
        heirs.append(heir)
    return heirs
