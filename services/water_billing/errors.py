"""Water billing's refusals, each with a stable code and a Bangla and English message."""

from backend.common.text import Text

TARIFF_OVERLAP = Text(
    en="A tariff for this key is already in effect from {start}; a new row must start after it.",
    bn="এই ধরনের জন্য {start} থেকে একটি ট্যারিফ চালু আছে; নতুন সারি তার পরে শুরু হতে হবে।",
)
ROW_IN_EFFECT = Text(
    en="A row already in effect cannot be changed; add a new dated row instead.",
    bn="চালু থাকা সারি বদলানো যায় না; নতুন তারিখসহ সারি যোগ করুন।",
)
NO_TARIFF = Text(
    en="No water tariff is in effect for this category, storey class and diameter on {day}.",
    bn="{day} তারিখে এই শ্রেণি, তলা ও ব্যাসের জন্য কোনো পানির ট্যারিফ চালু নেই।",
)
NO_FEE = Text(
    en="No {fee} fee is set for this pourashava on {day}.",
    bn="{day} তারিখে এই পৌরসভায় {fee} ফি নির্ধারিত নেই।",
)
FUTURE_DATE = Text(
    en="A reading cannot be dated in the future.",
    bn="ভবিষ্যতের তারিখে রিডিং দেওয়া যায় না।",
)
FUTURE_PERIOD = Text(
    en="That month has not ended yet.",
    bn="ওই মাস এখনও শেষ হয়নি।",
)
SECOND_READING = Text(
    en="This connection already has a reading for {period}.",
    bn="এই সংযোগের {period} মাসের রিডিং আগেই নেওয়া হয়েছে।",
)
BELOW_LAST = Text(
    en="The reading {reading} is below the last one ({previous}); mark it as a rollover or "
    "replace the meter first.",
    bn="রিডিং {reading} আগের রিডিং ({previous}) থেকে কম; মিটার ঘুরে শূন্য হলে 'রোলওভার' দিন, "
    "অথবা আগে মিটার বদল নথিভুক্ত করুন।",
)
OVER_CAP = Text(
    en="Consumption of {kl} kL is above the sanity cap of {cap} kL; a water superintendent "
    "must confirm it.",
    bn="{kl} কিলোলিটার ব্যবহার সীমা ({cap} কিলোলিটার) ছাড়িয়েছে; পানি তত্ত্বাবধায়ককে নিশ্চিত করতে হবে।",
)
NOT_METERED = Text(
    en="Connection {number} has no meter.",
    bn="সংযোগ {number}-এ কোনো মিটার নেই।",
)
NOT_ACTIVE = Text(
    en="Connection {number} is not active (disconnected or closed).",
    bn="সংযোগ {number} সক্রিয় নেই (বিচ্ছিন্ন বা বন্ধ)।",
)
OUTSIDE_POURASHAVA = Text(
    en="You cannot record readings for this connection.",
    bn="এই সংযোগের রিডিং নেওয়ার অনুমতি আপনার নেই।",
)
UNKNOWN_CONNECTION = Text(
    en="No connection numbered {number}.",
    bn="{number} নম্বরের কোনো সংযোগ নেই।",
)
BAD_ROW = Text(en="This row is not valid: {detail}", bn="এই সারিটি সঠিক নয়: {detail}")
CLIENT_ID_REUSED = Text(
    en="This client id was already used for a different reading.",
    bn="এই ক্লায়েন্ট আইডি অন্য একটি রিডিংয়ের জন্য আগেই ব্যবহৃত হয়েছে।",
)
TOO_MANY_ROWS = Text(
    en="At most {limit} readings can be sent at once.",
    bn="একবারে সর্বোচ্চ {limit}টি রিডিং পাঠানো যায়।",
)
RUN_FUTURE = Text(
    en="Bills for {period} can be run only after the month ends.",
    bn="{period} মাস শেষ হওয়ার পরেই বিল তৈরি করা যায়।",
)
HOLDING_NOT_OWNED = Text(
    en="Only an owner of the holding may apply for its water connection.",
    bn="হোল্ডিংয়ের মালিক ছাড়া কেউ পানির সংযোগের আবেদন করতে পারেন না।",
)
HOLDING_ARREARS = Text(
    en="The holding owes holding tax (Tk {amount}); pay it before applying for a domestic "
    "connection.",
    bn="হোল্ডিংয়ের বকেয়া হোল্ডিং কর (৳ {amount}) পরিশোধ না করে আবাসিক সংযোগের আবেদন করা যাবে না।",
)
NEGATIVE_FLATS = Text(
    en="Extra flats cannot be negative.", bn="অতিরিক্ত ফ্ল্যাটের সংখ্যা ঋণাত্মক হতে পারে না।"
)
NO_ARREARS = Text(
    en="Connection {number} owes nothing overdue.",
    bn="সংযোগ {number}-এর কোনো মেয়াদোত্তীর্ণ বকেয়া নেই।",
)
NOTICE_RUNNING = Text(
    en="The notice runs until {day}; the connection cannot be cut before.",
    bn="নোটিশের মেয়াদ {day} পর্যন্ত; এর আগে সংযোগ বিচ্ছিন্ন করা যাবে না।",
)
ARREARS_PAID = Text(
    en="The arrears were paid; the notice is withdrawn.",
    bn="বকেয়া পরিশোধ হয়েছে; নোটিশ প্রত্যাহার করা হয়েছে।",
)
NOTICE_STATE = Text(
    en="The notice is {state}; this cannot be done now.",
    bn="নোটিশটি {state} অবস্থায়; এখন এটি করা যাবে না।",
)
RECONNECT_UNPAID = Text(
    en="Reconnection needs the arrears and the reconnection fee paid first.",
    bn="পুনঃসংযোগের আগে বকেয়া ও পুনঃসংযোগ ফি পরিশোধ করতে হবে।",
)
CONNECTION_OPEN = Text(
    en="Connection {number} cannot be closed in its present state.",
    bn="সংযোগ {number} বর্তমান অবস্থায় বন্ধ করা যাবে না।",
)
