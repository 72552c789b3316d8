"""Every refusal of the estate and lease service, in Bangla and English."""

from backend.common.text import Text

NEEDS_DC_APPROVAL = Text(
    en="A hat-bazar or cattle hat needs the Deputy Commissioner's approval reference.",
    bn="হাট-বাজার বা পশুর হাটের জন্য জেলা প্রশাসকের অনুমোদনের সূত্র আবশ্যক।",
)
CODE_TAKEN = Text(
    en="Another property of this pourashava already has the code {code}.",
    bn="এই পৌরসভার অন্য একটি সম্পত্তির কোড ইতিমধ্যে {code}।",
)
WARD_ELSEWHERE = Text(en="That ward is not in this pourashava.", bn="ওয়ার্ডটি এই পৌরসভার নয়।")
PROPERTY_NOT_FOUND = Text(en="Property not found.", bn="সম্পত্তি পাওয়া যায়নি।")
CALL_NOT_FOUND = Text(en="Tender call not found.", bn="দরপত্র আহ্বান পাওয়া যায়নি।")
LEASE_NOT_FOUND = Text(en="Lease not found.", bn="ইজারা পাওয়া যায়নি।")
REASON_REQUIRED = Text(
    en="A property not leased needs a reason from the list.",
    bn="ইজারা না হওয়া সম্পত্তির জন্য তালিকা থেকে একটি কারণ দিতে হবে।",
)
OUTCOME_TAKEN = Text(
    en="{year} is already recorded as {outcome} for this property; a lease and a direct "
    "collection cannot both stand for one year.",
    bn="এই সম্পত্তির {year} সাল ইতিমধ্যে '{outcome}' হিসেবে লিপিবদ্ধ; একই বছরে ইজারা ও খাস "
    "আদায় দুটোই হতে পারে না।",
)
VALUE_USED_BY_RESERVE = Text(
    en="The {year} value was used for the reserve price of {later}; change it only with a "
    "correction record (give a correction reason).",
    bn="{year} সালের মূল্য {later} সালের সরকারি মূল্য নির্ধারণে ব্যবহৃত হয়েছে; সংশোধনের কারণ "
    "দিয়ে সংশোধন রেকর্ডসহ কেবল পরিবর্তন করা যাবে।",
)
VALUE_NEEDS_REALISED = Text(
    en="Only a leased or directly collected year has a realised value.",
    bn="কেবল ইজারা বা খাস আদায়ের বছরের আদায়কৃত মূল্য থাকে।",
)
OVERRIDE_REASON = Text(
    en="An override of the reserve price needs a reason.",
    bn="সরকারি মূল্য পরিবর্তনের জন্য কারণ লিখতে হবে।",
)
NO_OVERRIDE = Text(
    en="There is no override waiting for approval.",
    bn="অনুমোদনের অপেক্ষায় কোনো পরিবর্তিত মূল্য নেই।",
)
OWN_OVERRIDE = Text(
    en="The override must be approved by someone other than who asked for it.",
    bn="যিনি মূল্য পরিবর্তন চেয়েছেন তিনি নিজে তা অনুমোদন করতে পারবেন না।",
)
NO_RESERVE = Text(
    en="Compute the reserve price of {code} for {year} before calling a tender.",
    bn="দরপত্র আহ্বানের আগে {year} সালের জন্য {code}-এর সরকারি মূল্য নির্ধারণ করুন।",
)
BAD_SCHEDULE = Text(
    en="The dates must run: schedules sold until ≤ deadline ≤ opening.",
    bn="তারিখের ক্রম হতে হবে: সিডিউল বিক্রয়ের শেষ ≤ দাখিলের শেষ সময় ≤ খোলার সময়।",
)
ALREADY_SETTLED = Text(
    en="{code} is already {outcome} for {year}.",
    bn="{code} {year} সালের জন্য ইতিমধ্যে '{outcome}'।",
)
CALL_NOT_DRAFT = Text(en="Only a draft call can be published.", bn="কেবল খসড়া আহ্বান প্রকাশ করা যায়।")
CALL_NOT_PUBLISHED = Text(
    en="The call is not open for bids.", bn="আহ্বানটি দরপত্র দাখিলের জন্য খোলা নেই।"
)
AFTER_DEADLINE = Text(
    en="The deadline for bids has passed ({deadline}).",
    bn="দরপত্র দাখিলের সময়সীমা পেরিয়ে গেছে ({deadline})।",
)
SALES_CLOSED = Text(en="Schedule sales have closed.", bn="সিডিউল বিক্রয় বন্ধ হয়ে গেছে।")
BEFORE_DEADLINE = Text(
    en="Bids can be opened only after the deadline ({deadline}).",
    bn="সময়সীমার ({deadline}) পরেই কেবল দরপত্র খোলা যাবে।",
)
NOT_IN_CALL = Text(en="That property is not in this call.", bn="সম্পত্তিটি এই আহ্বানে নেই।")
SECOND_BID = Text(
    en="This bidder has already bid in this call.",
    bn="এই দরদাতা এই আহ্বানে ইতিমধ্যে দরপত্র দিয়েছেন।",
)
EARNEST_SHORT = Text(
    en="The earnest money must be at least 25% of the bid ({needed} taka).",
    bn="বায়নার টাকা দরের অন্তত ২৫% হতে হবে ({needed} টাকা)।",
)
SECURITY_SHORT = Text(
    en="The security deposit must be at least 5% of the bid ({needed} taka).",
    bn="জামানত দরের অন্তত ৫% হতে হবে ({needed} টাকা)।",
)
NOT_OPENED = Text(en="The bids have not been opened yet.", bn="দরপত্র এখনো খোলা হয়নি।")
BID_INVALID = Text(en="That bid is not valid: {why}.", bn="দরপত্রটি বৈধ নয়: {why}।")
BELOW_RESERVE = Text(
    en="The bid ({amount}) is below the reserve price ({reserve}); an award below it needs an "
    "approved override.",
    bn="দর ({amount}) সরকারি মূল্যের ({reserve}) কম; এর নিচে ইজারা দিতে অনুমোদিত পরিবর্তন লাগবে।",
)
NOT_HIGHEST = Text(
    en="Award goes to the highest valid bid at or above the reserve ({winner}).",
    bn="সরকারি মূল্য বা তার বেশি সর্বোচ্চ বৈধ দরদাতা ({winner}) ইজারা পাবেন।",
)
ITEM_NOT_OPEN = Text(en="This property's tender is already decided.", bn="এই সম্পত্তির দরপত্র নিষ্পন্ন।")
LEASE_NOT_APPROVED_PAID = Text(
    en="The agreement is signed only after the lease money, VAT and income tax are paid.",
    bn="ইজারা মূল্য, ভ্যাট ও আয়কর পরিশোধের পরেই চুক্তি স্বাক্ষর হবে।",
)
LEASE_NOT_ENDED = Text(
    en="The security is refunded only after the lease year ends ({ends}).",
    bn="ইজারা বছর শেষ হওয়ার ({ends}) পরেই জামানত ফেরত দেওয়া হবে।",
)
LEASE_NOT_SIGNED = Text(
    en="The security is refunded only for a signed lease.",
    bn="কেবল স্বাক্ষরিত ইজারার জামানত ফেরত দেওয়া হবে।",
)
NOT_COMMITTEE = Text(
    en="Only a tender committee member of this pourashava may do this.",
    bn="কেবল এই পৌরসভার দরপত্র কমিটির সদস্য এটি করতে পারেন।",
)
NOT_APPROVER = Text(
    en="Only the mayor or administrator of this pourashava may approve this.",
    bn="কেবল এই পৌরসভার মেয়র বা প্রশাসক এটি অনুমোদন করতে পারেন।",
)
FAIL_ACTION = Text(
    en="A failed tender leads to a new call or to direct collection.",
    bn="ব্যর্থ দরপত্রের পর নতুন আহ্বান বা খাস আদায় হবে।",
)
NOT_DIRECT = Text(
    en="{code} is not under direct collection for {year}.",
    bn="{code} {year} সালে খাস আদায়ের অধীনে নেই।",
)
DAY_OUTSIDE_YEAR = Text(
    en="That day is not in the lease year {year}.", bn="দিনটি {year} ইজারা বছরের মধ্যে নয়।"
)
ENTRY_TAKEN = Text(
    en="A collection for {code} on {date} is already recorded.",
    bn="{date} তারিখে {code}-এর আদায় ইতিমধ্যে লিপিবদ্ধ।",
)
POURASHAVA_NOT_YOURS = Text(
    en="You have no role for this in that pourashava.",
    bn="ওই পৌরসভায় এ কাজের জন্য আপনার কোনো ভূমিকা নেই।",
)
