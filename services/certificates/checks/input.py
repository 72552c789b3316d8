"""Reading an application's input value by value, collecting every problem instead of stopping at
the first: the citizen sees all of them at once, each with a stable code and a message in the
request's language, at the path of the value (`heirs.2.nid`)."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils import timezone

from backend.common.digits import to_ascii_digits
from backend.common.errors import AppError
from backend.common.text import Text
from backend.identity.validators import normalise_brn, normalise_nid

INVALID = Text(en="Some of the information is not valid.", bn="কিছু তথ্য সঠিক নয়।")
REQUIRED = Text(en="This is required.", bn="এই তথ্যটি আবশ্যক।")
REQUIRED_IN_LANGUAGE = Text(
    en="Required for a certificate in this language.",
    bn="এই ভাষার সনদের জন্য এই তথ্যটি আবশ্যক।",
)
DATE_INVALID = Text(en="Enter a date as YYYY-MM-DD.", bn="তারিখ YYYY-MM-DD আকারে লিখুন।")
DATE_IN_FUTURE = Text(en="This date is in the future.", bn="এই তারিখটি ভবিষ্যতের।")
TOO_LONG = Text(
    en="This is too long (at most {limit} characters).",
    bn="লেখাটি বেশি লম্বা (সর্বোচ্চ {limit} অক্ষর)।",
)
NOT_TEXT = Text(en="Enter text.", bn="লেখা দিন।")
SHAPE_INVALID = Text(en="This is not in the expected form.", bn="তথ্যটি প্রত্যাশিত আকারে নেই।")
TOO_MANY = Text(en="At most {limit} are accepted.", bn="সর্বোচ্চ {limit}টি গ্রহণ করা হয়।")


@dataclass
class Problems:
    """Every problem found so far: (path, code, message, message params)."""

    found: list[tuple[str, str, Text, dict]] = field(default_factory=list)

    def add(self, path: str, code: str, message: Text, **params) -> None:
        self.found.append((path, code, message, params))

    def add_error(self, path: str, error: AppError) -> None:
        self.found.append((path, error.code, error.message, error.params))

    def raise_if_any(self) -> None:
        """One problem: its own code and message. Several: `validation_failed`. Either way
        every problem is in `fields` as {path: [{code, message}]}, like DRF's own errors."""
        if not self.found:
            return
        fields: dict[str, list[dict[str, str]]] = {}
        for path, code, message, params in self.found:
            fields.setdefault(path, []).append({"code": code, "message": message.render(**params)})
        if len(self.found) == 1:
            _, code, message, params = self.found[0]
            raise AppError(code, message, params=params, fields=fields)
        raise AppError("validation_failed", INVALID, fields=fields)


def read_text(problems: Problems, data: Mapping, key: str, limit: int, path: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.add(path, "invalid", NOT_TEXT)
        return ""
    value = " ".join(value.split())  # one line, single spaces
    if len(value) > limit:
        problems.add(path, "too_long", TOO_LONG, limit=limit)
    return value


def read_date(problems: Problems, raw: object, path: str, *, past: bool = True):
    if raw in (None, ""):
        return None
    if isinstance(raw, datetime.date):
        value = raw
    else:
        try:
            value = datetime.date.fromisoformat(to_ascii_digits(str(raw)).strip())
        except ValueError:
            problems.add(path, "invalid_date", DATE_INVALID)
            return None
    if past and value > timezone.localdate():
        problems.add(path, "date_in_future", DATE_IN_FUTURE)
        return None
    return value


def identity_numbers(problems: Problems, data: Mapping, path: str, dob) -> tuple[str, str]:
    """(nid, brn) normalised; an invalid one is a problem at `path`nid or `path`brn."""
    nid = brn = ""
    if data.get("nid") not in (None, ""):
        try:
            nid = normalise_nid(data["nid"], dob)
        except AppError as error:
            problems.add_error(f"{path}nid", error)
    if data.get("birth_registration_number") not in (None, ""):
        try:
            brn = normalise_brn(data["birth_registration_number"])
        except AppError as error:
            problems.add_error(f"{path}birth_registration_number", error)
    return nid, brn


def read_object(problems: Problems, raw: object, path: str) -> Mapping:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        problems.add(path, "invalid", SHAPE_INVALID)
        return {}
    return raw


def read_list(problems: Problems, raw: object, path: str) -> list:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.add(path, "invalid", SHAPE_INVALID)
        return []
    return raw
