"""SMS to the applicant, in Bangla and English, when their certificate application is returned
for correction (with the reason), refused (with the reason), or approved.

The issue asks for "returned, approved or issued". In this workflow approving issues the
certificate in the same transaction (services/certificates/issuing.py), so one message says both:
approved and issued, with the certificate's number, to download from the app. Messages are
queued in the transition's transaction and leave only once it commits
(backend.notifications.send_sms)."""

from backend.common.text import Text
from backend.identity.models import User
from backend.notifications.services import send_sms
from backend.workflow.definitions import Transition
from backend.workflow.models import ActionLog, Application
from backend.workflow.services import register_transition_hook
from services.certificates.models import CertificateApplication
from services.certificates.workflow import ISSUED, KIND, REFUSED, RETURNED

RETURNED_SMS = Text(
    en="Your application {number} ({type_en}) was returned for correction. Reason: {reason}. "
    "Please correct it in the app and resubmit.",
    bn="আপনার আবেদন {number} ({type_bn}) সংশোধনের জন্য ফেরত পাঠানো হয়েছে। কারণ: {reason}। "
    "অনুগ্রহ করে অ্যাপে সংশোধন করে পুনরায় জমা দিন।",
)
REFUSED_SMS = Text(
    en="Your application {number} ({type_en}) was refused. Reason: {reason}.",
    bn="আপনার আবেদন {number} ({type_bn}) নামঞ্জুর করা হয়েছে। কারণ: {reason}।",
)
ISSUED_SMS = Text(
    en="Your application {number} ({type_en}) is approved and the certificate issued, no. "
    "{certificate}. Download it from the app.",
    bn="আপনার আবেদন {number} ({type_bn}) অনুমোদিত হয়েছে এবং সনদ ইস্যু করা হয়েছে, সনদ নং "
    "{certificate}। অ্যাপ থেকে ডাউনলোড করুন।",
)
_BY_STATE = {RETURNED: RETURNED_SMS, REFUSED: REFUSED_SMS, ISSUED: ISSUED_SMS}
# The reason goes out twice (Bangla and English message), and a comment may be 2,000 characters:
# the SMS carries its start, the app shows it whole.
REASON_LIMIT = 120


def _reason(application: Application) -> str:
    """The comment of the transition just logged (the engine logs it before calling hooks)."""
    last = ActionLog.objects.filter(application=application).order_by("-at", "-id").first()
    # One line, and no full stop of its own: the message puts one after it.
    reason = " ".join((last.comment if last else "").split()).rstrip(".।")
    if len(reason) > REASON_LIMIT:
        cut = reason[: REASON_LIMIT - 1]
        reason = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.।") + "…"
    return reason


def notify_applicant(application: Application, transition: Transition, actor: User) -> None:
    text = _BY_STATE.get(transition.target)
    if text is None or application.applicant_id is None:
        return
    detail = (
        CertificateApplication.objects.select_related("certificate_type", "certificate")
        .filter(application_id=application.pk)
        .first()
    )
    if detail is None:
        return
    # Issuing runs before this hook in the same transaction, so an issued application has its
    # certificate; the application number stands in should that ever not hold.
    certificate = detail.certificate.number if detail.certificate_id else application.number
    send_sms(
        to=application.applicant.mobile,
        text=text,
        params={
            "type_en": detail.certificate_type.name_en,
            "type_bn": detail.certificate_type.name_bn,
            "number": application.number,
            "reason": _reason(application),
            "certificate": certificate,
        },
    )


def register() -> None:
    register_transition_hook(KIND, notify_applicant)
