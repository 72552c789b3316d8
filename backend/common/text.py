"""Bilingual text: every citizen-facing message is written in Bangla and English side by side.

Keeping both at the point of definition (rather than in a separate .po catalogue) means a message
cannot ship in one language only; tests/backend/common checks that every registered text has both.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation

from backend.common.digits import to_bangla_digits

_REGISTRY: list["Text"] = []


@dataclass(frozen=True)
class Text:
    en: str
    bn: str

    def __post_init__(self) -> None:
        _REGISTRY.append(self)

    def render(self, language: str | None = None, **params: object) -> str:
        """The text in `language` (default: the active request language), formatted with params.

        In Bangla, numbers (int, Decimal) are written in Bangla digits. Strings are left as they
        are: codes, reference numbers and amounts already formatted keep the digits they have
        (an SMS login code stays ASCII so phones can fill it in)."""
        lang = (language or translation.get_language() or "en")[:2]
        template = self.bn if lang == "bn" else self.en
        if not params:
            return template
        params = {k: v.render(lang) if isinstance(v, InBoth) else v for k, v in params.items()}
        if lang == "bn":
            params = {k: _bangla_number(v) for k, v in params.items()}
        return template.format(**params)

    def both(self, **params: object) -> str:
        """Bangla then English, for SMS and documents read by either kind of reader."""
        return f"{self.render('bn', **params)}\n{self.render('en', **params)}"

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class InBoth:
    """A parameter already written in each language (a date in words, an amount with its
    sign), so that a Text sent in both languages carries each its own."""

    en: str
    bn: str

    def render(self, language: str) -> str:
        return self.bn if language == "bn" else self.en


def _bangla_number(value: object) -> object:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return to_bangla_digits(value)
    return value


def registered_texts() -> list[Text]:
    return list(_REGISTRY)


def in_language(en: str, bn: str, language: str | None = None) -> str:
    """A stored bilingual value (name_en/name_bn...) in the active language, or the other one
    when that is empty."""
    lang = (language or translation.get_language() or "en")[:2]
    return (bn or en) if lang == "bn" else (en or bn)
