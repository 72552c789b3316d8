"""An assisted action in words for the citizen's app: "Done for you at Natore UDC by operator
Rafiqul Islam: applied for a certificate", or "... by phone through the 333 call line ...".
Used by the citizen's assisted-actions API (backend/identity/api/assisted.py)."""

from django.utils import translation

from backend.common.text import Text
from backend.identity.models import AssistedAction
from backend.operator_console.models import ConsoleSession
from backend.operator_console.registry import action_label

AT_CENTRE = Text(
    en="Done for you at {place} by {operator}: {what}.",
    bn="{place}-এ {operator} আপনার পক্ষে করেছেন: {what}।",
)
BY_PHONE = Text(
    en="Done for you by phone, through {place}, by {operator}: {what}.",
    bn="ফোনে, {place}-এর মাধ্যমে {operator} আপনার পক্ষে করেছেন: {what}।",
)
AT_COUNTER = Text(en="{pourashava} counter", bn="{pourashava} কাউন্টার")
SOMETHING = Text(en="an action ({code})", bn="একটি কাজ ({code})")


def phone_sessions(citizen_id: int) -> set:
    """The citizen's sessions made on a 333 call: one query for a whole page of actions."""
    return set(
        ConsoleSession.objects.filter(session__citizen_id=citizen_id, by_phone=True).values_list(
            "session_id", flat=True
        )
    )


def action_words(action: AssistedAction, language: str | None = None) -> str:
    """What was done, in the operator's words ("applied for a certificate")."""
    language = (language or translation.get_language() or "en")[:2]
    label = action_label(action.action)
    if label is None:
        return SOMETHING.render(language, code=action.action)
    return label[1] if language == "bn" else label[0]


def describe(action: AssistedAction, by_phone: bool, language: str | None = None) -> str:
    language = (language or translation.get_language() or "en")[:2]
    bn = language == "bn"
    centre = action.udc_centre
    if centre is not None:
        place = centre.name_bn if bn else centre.name_en
    else:
        p = action.pourashava
        place = AT_COUNTER.render(language, pourashava=p.name_bn if bn else p.name_en)
    operator = action.operator
    name = (operator.full_name_bn if bn and operator.full_name_bn else operator.full_name) or (
        operator.username
    )
    text = BY_PHONE if by_phone else AT_CENTRE
    return text.render(language, place=place, operator=name, what=action_words(action, language))
