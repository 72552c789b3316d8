"""Bangla for documents: the Bangabda calendar (before and after the 2019 revision), Bangla
numerals, taka amounts grouped and written the Bangladeshi way, and document date lines.

Pure functions, no database. Bangla digit conversion itself lives in backend.common.digits.
"""

from backend.common.digits import to_ascii_digits, to_bangla_digits
from backend.documents.bangla.calendar import (
    MONTH_NAMES_BN,
    MONTH_NAMES_EN,
    REVISION_DATE,
    REVISION_YEAR,
    BanglaDate,
    CalendarRule,
    from_bangla_date,
    is_leap_year,
    month_length,
    month_lengths,
    month_name,
    rule_for_date,
    rule_for_year,
    to_bangla_date,
    ymd_under_rule,
)
from backend.documents.bangla.formatting import (
    format_bangla_date,
    format_both_dates,
    format_gregorian,
    format_gregorian_bn,
)
from backend.documents.bangla.numbers import (
    format_taka,
    group_bd,
    number_in_words,
    taka_in_words,
)

__all__ = [
    "MONTH_NAMES_BN",
    "MONTH_NAMES_EN",
    "REVISION_DATE",
    "REVISION_YEAR",
    "BanglaDate",
    "CalendarRule",
    "format_bangla_date",
    "format_both_dates",
    "format_gregorian",
    "format_gregorian_bn",
    "format_taka",
    "from_bangla_date",
    "group_bd",
    "is_leap_year",
    "month_length",
    "month_lengths",
    "month_name",
    "number_in_words",
    "rule_for_date",
    "rule_for_year",
    "taka_in_words",
    "to_ascii_digits",
    "to_bangla_date",
    "to_bangla_digits",
    "ymd_under_rule",
]
