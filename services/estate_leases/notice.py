"""The tender notice, in Bangla and English, generated from the call's data (what is offered,
the reserve, the earnest and security, schedule price and the dates)."""

from django.utils import timezone

from backend.common.digits import to_bangla_digits
from backend.documents.bangla.numbers import format_taka
from services.estate_leases.lease_year import LeaseYear
from services.estate_leases.models import PropertyKind, TenderCall


def _when(value, language: str) -> str:
    local = timezone.localtime(value)
    text = local.strftime("%d-%m-%Y %H:%M")
    return to_bangla_digits(text) if language == "bn" else text


def _tk(amount, language: str) -> str:
    text = format_taka(amount, language)
    return f"{text} টাকা" if language == "bn" else f"Tk {text}"


def _kind_bn(kind: str) -> str:
    return {
        PropertyKind.HAT_BAZAR: "হাট-বাজার",
        PropertyKind.TEMP_CATTLE_HAT: "অস্থায়ী পশুর হাট",
        PropertyKind.FERRY_GHAT: "খেয়াঘাট",
        PropertyKind.SLAUGHTERHOUSE: "কসাইখানা",
        PropertyKind.STAND: "বাস/ট্রাক স্ট্যান্ড",
        PropertyKind.POND: "পুকুর",
        PropertyKind.MARKET_SHOP: "মার্কেটের দোকান",
        PropertyKind.OTHER: "অন্যান্য সম্পত্তি",
    }[kind]


def notice_texts(call: TenderCall) -> tuple[str, str]:
    """(Bangla, English)."""
    pourashava = call.pourashava
    year = LeaseYear(call.year)
    items = list(call.items.select_related("property", "reserve").order_by("property__code"))
    bn_lines = [
        f"{pourashava.name_bn} পৌরসভা",
        f"দরপত্র বিজ্ঞপ্তি নং {call.number} ({to_bangla_digits(call.call_no)}য় আহ্বান)",
        f"{year.label('bn')} ({to_bangla_digits(year.starts_on.strftime('%d-%m-%Y'))} হতে "
        f"{to_bangla_digits(year.ends_on.strftime('%d-%m-%Y'))}) মেয়াদে নিম্নবর্ণিত সম্পত্তি "
        "ইজারা প্রদানের জন্য সিলমোহরকৃত দরপত্র আহ্বান করা যাচ্ছে:",
    ]
    en_lines = [
        f"{pourashava.name_en} Pourashava",
        f"Tender notice no. {call.number} (call {call.call_no})",
        f"Sealed tenders are invited for the lease of the following for {year.label('en')} "
        f"({year.starts_on:%d-%m-%Y} to {year.ends_on:%d-%m-%Y}):",
    ]
    for n, item in enumerate(items, start=1):
        p, reserve = item.property, item.reserve.amount
        bn_lines.append(
            f"{to_bangla_digits(n)}. {p.name_bn} ({_kind_bn(p.kind)}, কোড {p.code}), "
            f"সরকারি মূল্য {_tk(reserve, 'bn')}"
        )
        en_lines.append(
            f"{n}. {p.name_en} ({PropertyKind(p.kind).label}, code {p.code}), "
            f"reserve price {_tk(reserve, 'en')}"
        )
    bn_lines += [
        f"সিডিউলের মূল্য {_tk(call.schedule_price, 'bn')}; সিডিউল বিক্রয় "
        f"{_when(call.sale_until, 'bn')} পর্যন্ত।",
        f"দরপত্র দাখিলের শেষ সময় {_when(call.deadline, 'bn')}; দরপত্র কমিটি "
        f"{_when(call.opening_at, 'bn')} সময়ে দরপত্র খুলবে।",
        "দরের ২৫% বায়না ও ৫% জামানত পে-অর্ডার/ব্যাংক ড্রাফটে জমা দিতে হবে। সরকারি মূল্যের "
        "কম দর গ্রহণযোগ্য নয়। ইজারা মূল্যের সাথে ভ্যাট ও আয়কর প্রযোজ্য।",
    ]
    en_lines += [
        f"Schedule price {_tk(call.schedule_price, 'en')}; schedules on sale until "
        f"{_when(call.sale_until, 'en')}.",
        f"Deadline for submission {_when(call.deadline, 'en')}; the tender committee opens "
        f"the bids at {_when(call.opening_at, 'en')}.",
        "Earnest money of 25% of the bid and security of 5% by pay order or bank draft. No bid "
        "below the reserve price is accepted. VAT and income tax are payable on the lease money.",
    ]
    return "\n".join(bn_lines), "\n".join(en_lines)
