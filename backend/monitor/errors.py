"""The revenue monitor's error messages (English and Bangla)."""

from backend.common.text import Text

NOT_ALLOWED = Text(
    en="You may not see or set this pourashava's revenue figures.",
    bn="আপনি এই পৌরসভার রাজস্বের তথ্য দেখতে বা নির্ধারণ করতে পারেন না।",
)
COLLECTED_FOR_OTHERS = Text(
    en="This head is collected for another body ({body}); it has no target here.",
    bn="এই খাত অন্য সংস্থার ({body}) জন্য আদায় করা হয়; এর কোনো লক্ষ্যমাত্রা নেই।",
)
ADJUSTMENT_HEAD = Text(
    en="Rebates and surcharges have no target.",
    bn="রেয়াত ও সারচার্জের কোনো লক্ষ্যমাত্রা নেই।",
)
BAD_AMOUNT = Text(en="The target must be above zero.", bn="লক্ষ্যমাত্রা শূন্যের বেশি হতে হবে।")
BAD_MONTHS = Text(
    en="Give twelve monthly amounts (July to June) adding up to the annual target {amount}.",
    bn="বার্ষিক লক্ষ্যমাত্রা {amount}-এর সমান যোগফলের বারোটি মাসিক পরিমাণ (জুলাই থেকে জুন) দিন।",
)
BAD_FISCAL_YEAR = Text(en="Not a fiscal year (e.g. 2025-26).", bn="অর্থবছর সঠিক নয় (যেমন ২০২৫-২৬)।")
NOT_FOUND = Text(en="Not found.", bn="পাওয়া যায়নি।")
