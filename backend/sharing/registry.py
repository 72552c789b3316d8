"""What services share with other agencies through /api/gov/v1/ (backend/sharing).

Services register datasets at import time (their AppConfig.ready, from a `sharing.py` module), as
they register revenue heads; the sharing app never imports them. A dataset answers one subject at a
time (no listing, no wildcard): `lookup` gets an identifier an agency already holds (a licence
number, a holding number, a certificate number) and returns the record or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SharedRecord:
    fields: dict[str, Any]  # JSON-ready; personal fields only when asked with include_personal
    citizen_id: int | None = None  # whose record it is: shown to them in "who looked at my records"


@dataclass(frozen=True)
class SharedDataset:
    code: str  # "trade_licence.validity"
    scope: str  # the OAuth2 scope that allows it: "trade_licence"
    title_en: str
    title_bn: str
    subject_en: str  # what identifies a subject: "licence number"
    subject_bn: str
    fields: tuple[str, ...]  # returned to any client with the scope
    # Returned only with the scope "<scope>:personal" and the citizen's consent (by OTP).
    personal_fields: tuple[str, ...]
    # lookup(identifier, include_personal=...) -> SharedRecord | None
    lookup: Callable[..., SharedRecord | None]


_datasets: dict[str, SharedDataset] = {}


def register_dataset(dataset: SharedDataset) -> None:
    _datasets[dataset.code] = dataset


def shared_datasets() -> list[SharedDataset]:
    return sorted(_datasets.values(), key=lambda d: d.code)


def shared_dataset(code: str) -> SharedDataset | None:
    return _datasets.get(code)
