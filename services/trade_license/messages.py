"""Every refusal of the trade-licence service, in Bangla and English."""

from backend.common.text import Text

YEARS_OUT_OF_RANGE = Text(
    en="A licence is issued or renewed for 1 to 5 years.",
    bn="লাইসেন্স ১ থেকে ৫ বছরের জন্য ইস্যু বা নবায়ন করা যায়।",
)
CAPITAL_REQUIRED = Text(
    en="This category's fee depends on the paid-up capital: give it.",
    bn="এই শ্রেণির ফি পরিশোধিত মূলধনের উপর নির্ভর করে: মূলধন উল্লেখ করুন।",
)
AREA_REQUIRED = Text(
    en="This category's fee depends on the floor area: give it in square feet.",
    bn="এই শ্রেণির ফি মেঝের আয়তনের উপর নির্ভর করে: বর্গফুটে আয়তন উল্লেখ করুন।",
)
NEGATIVE_MEASURE = Text(
    en="Capital, floor area and signboard size cannot be negative.",
    bn="মূলধন, মেঝের আয়তন ও সাইনবোর্ডের মাপ ঋণাত্মক হতে পারে না।",
)
NO_FEE_SCHEDULE = Text(
    en="No fee schedule is in force for this category in {fy}.",
    bn="{fy} অর্থবছরে এই শ্রেণির জন্য কোনো ফি তালিকা কার্যকর নেই।",
)
NO_SLAB = Text(
    en="The fee schedule has no slab for {measure}.",
    bn="ফি তালিকায় {measure}-এর জন্য কোনো ধাপ নেই।",
)
CATEGORY_NOT_FOUND = Text(
    en="No such business category in this pourashava.",
    bn="এই পৌরসভায় এমন কোনো ব্যবসার শ্রেণি নেই।",
)
POURASHAVA_NOT_FOUND = Text(en="No such pourashava.", bn="এমন কোনো পৌরসভা নেই।")
BAD_KIND = Text(
    en="The kind of application is 'new' or 'renewal'.",
    bn="আবেদনের ধরন 'new' (নতুন) অথবা 'renewal' (নবায়ন) হবে।",
)
SCHEDULE_GAP = Text(
    en="The fee schedule of {category} for {fy} has a gap: nothing covers {lower} to {upper}.",
    bn="{fy} অর্থবছরের {category} ফি তালিকায় ফাঁক আছে: {lower} থেকে {upper} কোনো ধাপে নেই।",
)
SCHEDULE_OVERLAP = Text(
    en="The fee schedule of {category} for {fy} has overlapping slabs at {lower}.",
    bn="{fy} অর্থবছরের {category} ফি তালিকার ধাপগুলো {lower}-এ একটির উপর আরেকটি পড়েছে।",
)
SCHEDULE_NOT_FROM_ZERO = Text(
    en="The fee schedule of {category} for {fy} must start at 0.",
    bn="{fy} অর্থবছরের {category} ফি তালিকা ০ থেকে শুরু হতে হবে।",
)
SCHEDULE_NOT_OPEN = Text(
    en="The last slab of {category} for {fy} must have no upper bound.",
    bn="{fy} অর্থবছরের {category} ফি তালিকার শেষ ধাপের কোনো ঊর্ধ্বসীমা থাকবে না।",
)
SCHEDULE_BAD_ROW = Text(
    en="Row {row} of the fee schedule is not valid: {detail}",
    bn="ফি তালিকার {row} নম্বর সারি সঠিক নয়: {detail}",
)
SCHEDULE_PAST = Text(
    en="The fee schedule of {category} for {fy} is already in force; add one for a later year.",
    bn="{fy} অর্থবছরের {category} ফি তালিকা ইতিমধ্যে কার্যকর; পরের বছরের জন্য নতুন তালিকা দিন।",
)
SCHEDULE_EMPTY = Text(en="The file has no fee rows.", bn="ফাইলে কোনো ফি-এর সারি নেই।")
LICENCE_NOT_FOUND = Text(en="No such licence.", bn="এমন কোনো লাইসেন্স নেই।")
APPLICATION_NOT_FOUND = Text(en="No such application.", bn="এমন কোনো আবেদন নেই।")
LICENCE_CANCELLED = Text(
    en="This licence is cancelled and cannot be renewed; apply for a new one.",
    bn="এই লাইসেন্স বাতিল হয়েছে, তাই নবায়ন করা যাবে না; নতুন লাইসেন্সের আবেদন করুন।",
)
LICENCE_NOT_ISSUED = Text(
    en="This licence has not been issued yet.",
    bn="এই লাইসেন্স এখনও ইস্যু হয়নি।",
)
LICENCE_SUSPENDED = Text(
    en="This licence is suspended; the pourashava must lift the suspension first.",
    bn="এই লাইসেন্স স্থগিত আছে; আগে পৌরসভাকে স্থগিতাদেশ তুলতে হবে।",
)
ALREADY_RENEWED = Text(
    en="This licence is already paid up to {fy}.",
    bn="এই লাইসেন্সের {fy} পর্যন্ত ফি আগেই পরিশোধিত।",
)
NOT_HOLDER = Text(
    en="Only the licence holder can do this.",
    bn="শুধু লাইসেন্সধারী এটি করতে পারেন।",
)
HOLDING_NOT_FOUND = Text(
    en="No such holding in the register.",
    bn="হোল্ডিং রেজিস্টারে এমন কোনো হোল্ডিং নেই।",
)
PREMISES_OTHER_POURASHAVA = Text(
    en="The premises' holding is in another pourashava; a licence is issued where the business is.",
    bn="ব্যবসার স্থানের হোল্ডিং অন্য পৌরসভায়; লাইসেন্স সেই পৌরসভা থেকেই নিতে হবে যেখানে ব্যবসা।",
)
PREMISES_REQUIRED = Text(
    en="Give the premises: a holding, or an address with the uploaded rent agreement.",
    bn="ব্যবসার স্থান দিন: একটি হোল্ডিং, অথবা ঠিকানা ও আপলোড করা ভাড়ার চুক্তিপত্র।",
)
UPLOAD_NOT_FOUND = Text(
    en="No such upload of yours.",
    bn="আপনার এমন কোনো আপলোড নেই।",
)
OWNER_NOT_FOUND = Text(
    en="An owner must be a registered citizen (give their mobile number).",
    bn="মালিককে নিবন্ধিত নাগরিক হতে হবে (তাঁর মোবাইল নম্বর দিন)।",
)
SHARES_NOT_ONE = Text(
    en="The owners' shares must add up to 1.",
    bn="মালিকদের অংশের যোগফল ১ হতে হবে।",
)
NAME_REQUIRED = Text(
    en="Give the business name in Bangla and English.",
    bn="ব্যবসার নাম বাংলা ও ইংরেজিতে দিন।",
)
BAD_INPUT = Text(en="The request is not valid: {detail}", bn="অনুরোধটি সঠিক নয়: {detail}")
NOT_PAID = Text(
    en="The licence cannot be issued before the payment is confirmed.",
    bn="পরিশোধ নিশ্চিত হওয়ার আগে লাইসেন্স ইস্যু করা যাবে না।",
)
NO_CONSENT = Text(
    en="The new owner has not consented to the transfer (by the code sent to their mobile).",
    bn="নতুন মালিক হস্তান্তরে সম্মতি দেননি (তাঁর মোবাইলে পাঠানো কোড দিয়ে)।",
)
CONSENT_WRONG = Text(
    en="The consent code is not correct.",
    bn="সম্মতির কোডটি সঠিক নয়।",
)
CONSENT_NOT_ASKED = Text(
    en="This application is not waiting for a consent.",
    bn="এই আবেদনে কোনো সম্মতির অপেক্ষা নেই।",
)
TRANSFER_TO_SELF = Text(
    en="The new owner must be someone other than the holder.",
    bn="নতুন মালিক বর্তমান লাইসেন্সধারী ছাড়া অন্য কেউ হতে হবে।",
)
HEARING_REQUIRED = Text(
    en="The pourashava cancels a licence only after a hearing: give the hearing date (not in the "
    "future) and the reasons.",
    bn="শুনানির পরেই পৌরসভা লাইসেন্স বাতিল করতে পারে: শুনানির তারিখ (ভবিষ্যতের নয়) ও কারণ দিন।",
)
ALREADY_CANCELLED = Text(
    en="This licence is already cancelled.", bn="এই লাইসেন্স আগেই বাতিল করা হয়েছে।"
)
INSPECTION_REQUIRED = Text(
    en="Give the inspection's result (ok, deficient or reject).",
    bn="পরিদর্শনের ফলাফল দিন (ok, deficient অথবা reject)।",
)
OPEN_APPLICATION = Text(
    en="This licence already has an open application ({number}).",
    bn="এই লাইসেন্সের একটি আবেদন ইতিমধ্যে চলমান ({number})।",
)
