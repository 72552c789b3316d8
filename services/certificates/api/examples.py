"""Examples for a citizen's heir (warish) certificate application, shown in /api/docs/ and sent
as-is by the contract tests. Taken from a real run (tests/services/certificates), trimmed."""

from drf_spectacular.utils import OpenApiExample

APPLY_EXAMPLES = [
    OpenApiExample(
        "Heir certificate for the applicant's father",
        value={
            "pourashava": "NAT",
            "type": "heir",
            "language": "bn",
            "relation": "self",
            "ward": 1,
            "address_bn": "কানাইখালী, নাটোর",
            "address_en": "Kanaikhali, Natore",
            "deceased": {
                "name_en": "Abdul Jalil",
                "name_bn": "আব্দুল জলিল",
                "nid": "1000000009",
                "date_of_death": "2025-03-14",
                "death_registration_number": "DR-2025-0042",
            },
            "heirs": [
                {
                    "name_en": "Ayesha Begum",
                    "name_bn": "আয়েশা বেগম",
                    "relation": "wife",
                    "nid": "1987654321",
                    "age_years": 52,
                },
                {
                    "name_en": "Karim Uddin",
                    "name_bn": "করিম উদ্দিন",
                    "relation": "son",
                    "birth_registration_number": "20051234567890123",
                    "date_of_birth": "2005-06-01",
                },
                {
                    "name_en": "Shirin Akter",
                    "name_bn": "শিরিন আক্তার",
                    "relation": "daughter",
                    "birth_registration_number": "২০১০১২৩৪৫৬৭৮৯০১২৪",
                    "age_years": "১৪",
                },
            ],
            "documents": [
                {"code": "death_certificate", "upload": "3f1c2a9e-5b7d-4e21-9a0c-6d2f8b1e4a77"}
            ],
        },
        request_only=True,
    ),
    OpenApiExample(
        "Recorded; the fee is due (pay it with POST /bills/ then POST /payments/)",
        value={
            "number": "NAT-CA-2026-27-000001",
            "pourashava": {"code": "NAT", "name": "Natore Pourashava"},
            "ward": 1,
            "mahalla": None,
            "type": {"code": "heir", "name": "Heir (warish) certificate"},
            "language": "bn",
            "relation": "self",
            "state": "payment_due",
            "state_label": "Fee to pay",
            "waits_on": ["applicant"],
            "submitted_at": "2026-03-02T04:12:40Z",
            "state_due_at": None,
            "due_by": None,
            "late": False,
            "closed_at": None,
            "subject": {
                "name_en": "Abdul Karim",
                "name_bn": "আব্দুল করিম",
                "nid": "1978691234560",
                "birth_registration_number": "",
                "father_name_en": "Abdul Jalil",
                "father_name_bn": "আব্দুল জলিল",
                "mother_name_en": "",
                "mother_name_bn": "",
                "spouse_name_en": "",
                "spouse_name_bn": "",
                "date_of_birth": "1978-03-14",
                "address_en": "Kanaikhali, Natore",
                "address_bn": "কানাইখালী, নাটোর",
            },
            "answers": {},
            "fee": {
                "amount": "300.00",
                "paid_at": None,
                "demand_id": 1,
                "demand_status": "open",
                "due_date": "2026-04-01",
                "pay": {
                    "bill": {
                        "method": "POST",
                        "url": "/api/v1/bills/",
                        "body": {"demand_ids": [1]},
                    },
                    "payment": {
                        "method": "POST",
                        "url": "/api/v1/payments/",
                        "body": ["bill", "gateway"],
                    },
                },
            },
            "deceased": {
                "name_en": "Abdul Jalil",
                "name_bn": "আব্দুল জলিল",
                "nid": "1000000009",
                "birth_registration_number": "",
                "father_or_husband_name_en": "",
                "father_or_husband_name_bn": "",
                "date_of_death": "2025-03-14",
                "death_registration_number": "DR-2025-0042",
            },
            "heirs": [
                {
                    "position": 1,
                    "name_en": "Ayesha Begum",
                    "name_bn": "আয়েশা বেগম",
                    "nid": "1987654321",
                    "birth_registration_number": "",
                    "relation": "wife",
                    "date_of_birth": None,
                    "age_years": 52,
                },
                {
                    "position": 2,
                    "name_en": "Karim Uddin",
                    "name_bn": "করিম উদ্দিন",
                    "nid": "",
                    "birth_registration_number": "20051234567890123",
                    "relation": "son",
                    "date_of_birth": "2005-06-01",
                    "age_years": None,
                },
                {
                    "position": 3,
                    "name_en": "Shirin Akter",
                    "name_bn": "শিরিন আক্তার",
                    "nid": "",
                    "birth_registration_number": "20101234567890124",
                    "relation": "daughter",
                    "date_of_birth": None,
                    "age_years": 14,
                },
            ],
            "attachments": [
                {
                    "document_code": "death_certificate",
                    "upload": "3f1c2a9e-5b7d-4e21-9a0c-6d2f8b1e4a77",
                    "name": "death-cert.pdf",
                    "content_type": "application/pdf",
                    "size": 1500,
                    "url": "/api/v1/me/uploads/3f1c2a9e-5b7d-4e21-9a0c-6d2f8b1e4a77/",
                }
            ],
            "certificate": None,
        },
        response_only=True,
        status_codes=["201"],
    ),
    OpenApiExample(
        "Every problem at once, at its path",
        value={
            "error": {
                "code": "validation_failed",
                "message": "Some of the information is not valid.",
                "fields": {
                    "heirs.1.birth_registration_number": [
                        {
                            "code": "invalid_brn",
                            "message": "Enter a valid birth registration number: 17 digits.",
                        }
                    ],
                    "deceased.date_of_death": [
                        {"code": "date_in_future", "message": "This date is in the future."}
                    ],
                },
            }
        },
        response_only=True,
        status_codes=["400"],
    ),
]
