"""The agency API's refusals: one closed set of codes, each with a Bangla and English message
(rendered in the request's language by backend/common's exception handler)."""

from backend.common.errors import AppError, Forbidden, NotFound, TooManyRequests
from backend.common.text import Text

NOT_AN_AGENCY = Text(
    en="This token does not belong to an agency client.",
    bn="এই টোকেন কোনো সংস্থার ক্লায়েন্টের নয়।",
)
AGENCY_SUSPENDED = Text(
    en="This agency's access is suspended or has expired.",
    bn="এই সংস্থার প্রবেশাধিকার স্থগিত বা মেয়াদোত্তীর্ণ।",
)
UNKNOWN_DATASET = Text(en="No such dataset.", bn="এমন কোনো ডেটাসেট নেই।")
OUT_OF_SCOPE = Text(
    en="This client may not read {dataset}.",
    bn="এই ক্লায়েন্ট {dataset} দেখার অনুমতিপ্রাপ্ত নয়।",
)
PERSONAL_OUT_OF_SCOPE = Text(
    en="This client may not read personal fields of {dataset}.",
    bn="এই ক্লায়েন্ট {dataset}-এর ব্যক্তিগত তথ্য দেখার অনুমতিপ্রাপ্ত নয়।",
)
PURPOSE_REQUIRED = Text(
    en="State the purpose of the call (one of the purposes allowed to this client).",
    bn="অনুরোধের উদ্দেশ্য উল্লেখ করুন (এই ক্লায়েন্টের অনুমোদিত উদ্দেশ্যগুলোর একটি)।",
)
PURPOSE_NOT_ALLOWED = Text(
    en="The purpose {purpose} is not allowed to this client.",
    bn="{purpose} উদ্দেশ্যটি এই ক্লায়েন্টের জন্য অনুমোদিত নয়।",
)
CONSENT_REQUIRED = Text(
    en="The citizen has not consented to this agency reading their personal data.",
    bn="নাগরিক এই সংস্থাকে তাঁর ব্যক্তিগত তথ্য দেখার সম্মতি দেননি।",
)
BATCH_TOO_LARGE = Text(
    en="At most {limit} identifiers in one batch.",
    bn="এক ব্যাচে সর্বোচ্চ {limit}টি শনাক্তকারী দেওয়া যায়।",
)
INVALID_IDENTIFIER = Text(
    en="Give one exact identifier; wildcards and searches are not answered.",
    bn="একটি সঠিক শনাক্তকারী দিন; ওয়াইল্ডকার্ড বা অনুসন্ধানের উত্তর দেওয়া হয় না।",
)
SUBJECT_NOT_FOUND = Text(en="No record with this identifier.", bn="এই শনাক্তকারীর কোনো রেকর্ড নেই।")
RATE_LIMITED = Text(
    en="Too many lookups. Try again in {seconds} seconds.",
    bn="অনেক বেশি অনুসন্ধান। {seconds} সেকেন্ড পরে আবার চেষ্টা করুন।",
)
LOG_FAILED = Text(
    en="The disclosure could not be recorded, so nothing was disclosed. Try again later.",
    bn="তথ্য প্রদানের লগ লেখা যায়নি, তাই কোনো তথ্য দেওয়া হয়নি। পরে আবার চেষ্টা করুন।",
)
NO_SUCH_AGENCY = Text(
    en="No agency may ask for this consent.",
    bn="কোনো সংস্থা এই সম্মতি চাইতে পারে না।",
)
NO_LIVE_CONSENT = Text(en="There is no live consent to revoke.", bn="প্রত্যাহারযোগ্য কোনো সম্মতি নেই।")


class LogWriteFailed(AppError):
    status_code = 503


def forbidden(code: str, text: Text, **params: object) -> Forbidden:
    return Forbidden(code, text, params=params)


def not_found(code: str, text: Text, **params: object) -> NotFound:
    return NotFound(code, text, params=params)


def rate_limited(seconds: int) -> TooManyRequests:
    return TooManyRequests(
        "rate_limited", RATE_LIMITED, retry_after=seconds, params={"seconds": seconds}
    )
