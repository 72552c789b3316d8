"""Bilingual messages of the payment layer's refusals."""

from backend.common.text import Text

DEMAND_NOT_FOUND = Text(en="No such demand.", bn="এমন কোনো দাবি পাওয়া যায়নি।")
BILL_NOT_FOUND = Text(en="No such bill.", bn="এমন কোনো বিল পাওয়া যায়নি।")
PAYMENT_NOT_FOUND = Text(en="No such payment.", bn="এমন কোনো পেমেন্ট পাওয়া যায়নি।")
RECEIPT_NOT_FOUND = Text(en="No such receipt.", bn="এমন কোনো রসিদ পাওয়া যায়নি।")
NO_DEMANDS = Text(en="Choose at least one open due.", bn="অন্তত একটি বকেয়া বেছে নিন।")
DEMAND_NOT_OPEN = Text(
    en="One of the chosen dues is already paid or cancelled.",
    bn="বেছে নেওয়া একটি বকেয়া আগেই পরিশোধিত বা বাতিল।",
)
MIXED_POURASHAVAS = Text(
    en="A bill can hold dues of one pourashava only.",
    bn="একটি বিলে শুধু একটি পৌরসভার বকেয়া রাখা যায়।",
)
BAD_ADJUSTMENT = Text(
    en="A bill rule proposed an invalid adjustment: {detail}",
    bn="বিলের নিয়ম থেকে একটি অগ্রহণযোগ্য সমন্বয় এসেছে: {detail}",
)
BAD_LINES = Text(en="Demand lines are not valid: {detail}", bn="দাবির লাইন সঠিক নয়: {detail}")
UNKNOWN_HEAD = Text(en="Unknown revenue head: {code}", bn="অজানা রাজস্ব খাত: {code}")
BILL_NOT_OPEN = Text(
    en="This bill is no longer open. Make a new bill.",
    bn="এই বিলটি আর খোলা নেই। নতুন বিল তৈরি করুন।",
)
BILL_EXPIRED = Text(
    en="This bill has expired. Make a new bill.", bn="এই বিলের মেয়াদ শেষ। নতুন বিল তৈরি করুন।"
)
UNKNOWN_GATEWAY = Text(en="Unknown payment gateway.", bn="অজানা পেমেন্ট গেটওয়ে।")
PAYMENT_IN_PROGRESS = Text(
    en="A payment for this bill is already in progress with another gateway. "
    "Finish it, or try again in a few minutes.",
    bn="এই বিলের একটি পেমেন্ট অন্য গেটওয়েতে চলমান। সেটি শেষ করুন অথবা কয়েক মিনিট পরে চেষ্টা করুন।",
)
GATEWAY_UNAVAILABLE = Text(
    en="The payment gateway is not answering. Try again shortly.",
    bn="পেমেন্ট গেটওয়ে সাড়া দিচ্ছে না। একটু পরে আবার চেষ্টা করুন।",
)
IDEMPOTENCY_KEY_REQUIRED = Text(
    en="Send an Idempotency-Key header with this request.",
    bn="এই অনুরোধের সাথে একটি Idempotency-Key হেডার পাঠান।",
)
IDEMPOTENCY_KEY_REUSED = Text(
    en="This Idempotency-Key was already used for a different request.",
    bn="এই Idempotency-Key আগেই অন্য একটি অনুরোধে ব্যবহৃত হয়েছে।",
)
IDEMPOTENCY_KEY_IN_FLIGHT = Text(
    en="A request with this Idempotency-Key is still being processed.",
    bn="এই Idempotency-Key দিয়ে পাঠানো একটি অনুরোধ এখনও চলছে।",
)
NOT_A_COLLECTOR = Text(
    en="Only a cashier of this pourashava, or a UDC operator in a live assisted session, "
    "may take payments at the counter.",
    bn="শুধু এই পৌরসভার ক্যাশিয়ার অথবা সক্রিয় সহায়তা সেশনে থাকা ইউডিসি উদ্যোক্তা কাউন্টারে টাকা নিতে পারেন।",
)
DAY_CLOSED = Text(
    en="Your counter day {date} is closed; no more payments can be taken for it.",
    bn="আপনার {date} তারিখের কাউন্টার দিবস বন্ধ হয়েছে; এই দিনের জন্য আর টাকা নেওয়া যাবে না।",
)
DAY_ALREADY_CLOSED = Text(en="This day is already closed.", bn="এই দিনটি আগেই বন্ধ করা হয়েছে।")
DAY_CLOSE_IN_FUTURE = Text(
    en="A counter day can be closed only on or after that day, not for a future date ({date}).",
    bn="কাউন্টার দিবস সেই দিনে বা তার পরে বন্ধ করা যায়, ভবিষ্যতের তারিখের ({date}) জন্য নয়।",
)
BAD_AMOUNT = Text(en="Enter an amount above zero.", bn="শূন্যের বেশি একটি পরিমাণ লিখুন।")
AMOUNT_EXCEEDS_DUES = Text(
    en="The amount is more than what is owed ({due}).",
    bn="পরিমাণটি বকেয়ার ({due}) চেয়ে বেশি।",
)
AMOUNT_NOT_BILL_TOTAL = Text(
    en="A bill is paid in full ({total}); for a part payment, pay against the dues instead.",
    bn="বিল পুরোটা ({total}) পরিশোধ করতে হয়; আংশিক পরিশোধের জন্য বকেয়ার বিপরীতে দিন।",
)
PAYER_REQUIRED = Text(
    en="Give a bill, or a payer with dues.", bn="একটি বিল অথবা বকেয়া আছে এমন একজন প্রদানকারী দিন।"
)
REFUND_TOO_LARGE = Text(
    en="The refund is more than what can be refunded ({available}).",
    bn="ফেরতের পরিমাণ ফেরতযোগ্য পরিমাণের ({available}) চেয়ে বেশি।",
)
REFUND_NOT_ALLOWED = Text(
    en="This payment cannot be refunded here: only credits and flagged payments are.",
    bn="এই পেমেন্ট এখানে ফেরত দেওয়া যায় না: শুধু জমা (ক্রেডিট) ও আটকে রাখা পেমেন্ট ফেরতযোগ্য।",
)
REFUND_SAME_USER = Text(
    en="A refund must be approved by someone other than who requested it.",
    bn="ফেরতের অনুরোধকারী নিজে তা অনুমোদন করতে পারেন না।",
)
REFUND_NOT_PENDING = Text(en="This refund was already decided.", bn="এই ফেরতের সিদ্ধান্ত আগেই হয়েছে।")
NOT_ALLOWED = Text(en="You are not allowed to do this.", bn="আপনার এই কাজের অনুমতি নেই।")
PDF_UNAVAILABLE = Text(
    en="Receipt PDFs are not available yet.", bn="রসিদের পিডিএফ এখনও পাওয়া যাচ্ছে না।"
)
DUES_CHANGED = Text(
    en="The dues changed while this payment was being taken. Check them and try again.",
    bn="টাকা নেওয়ার সময় বকেয়া বদলে গেছে। বকেয়া দেখে আবার চেষ্টা করুন।",
)
PAYMENT_EXPIRED_SMS = Text(
    en="Your {gateway_en} payment {reference} of Tk {amount} was not completed and has been "
    "closed; no money was taken. You can pay the bill again.",
    bn="আপনার {gateway_bn} পেমেন্ট {reference} ({amount} টাকা) সম্পন্ন হয়নি এবং বন্ধ করা হয়েছে; "
    "কোনো টাকা কাটা হয়নি। আপনি বিলটি আবার পরিশোধ করতে পারেন।",
)
