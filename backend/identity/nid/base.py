"""What an NID verifier does: say whether an NID, date of birth and English name belong together."""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from backend.common.text import Text

NID_SERVICE_UNAVAILABLE = Text(
    en="The NID verification service is not answering. Please try again later.",
    bn="জাতীয় পরিচয়পত্র যাচাই সেবা এখন সাড়া দিচ্ছে না। পরে আবার চেষ্টা করুন।",
)


@dataclass(frozen=True)
class NidResult:
    matched: bool
    source: str  # recorded as Citizen.nid_verification_source
    details: dict = field(default_factory=dict)


class NidVerifier:
    source = "base"

    def verify(self, nid: str, date_of_birth: datetime.date, name_en: str) -> NidResult:
        raise NotImplementedError


def comparable_name(name: str) -> str:
    """A name as the NID card compares it: letters only, single spaces, case-folded."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^A-Za-z ]+", " ", text)
    return " ".join(text.split()).casefold()
