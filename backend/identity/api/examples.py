"""Request and response examples for the citizen's login, shown in /api/docs/ and sent as-is by
the contract tests (tests/contract/)."""

from drf_spectacular.utils import OpenApiExample

OTP_EXAMPLES = [
    OpenApiExample(
        "Any common form of the number",
        value={"mobile": "+880 1712-345678"},
        request_only=True,
    ),
    OpenApiExample(
        "Code sent",
        value={"mobile": "01712345678", "expires_in": 300, "resend_after": 60},
        response_only=True,
        status_codes=["202"],
    ),
    OpenApiExample(
        "Too many codes for this number",
        value={
            "error": {
                "code": "otp_rate_limited",
                "message": "Too many codes requested. Try again in 2520 seconds.",
            }
        },
        response_only=True,
        status_codes=["429"],
    ),
]

TOKEN_EXAMPLES = [
    OpenApiExample(
        "The code from the SMS",
        value={"mobile": "01712345678", "code": "482913"},
        request_only=True,
    ),
    OpenApiExample(
        "Logged in (first time: account created)",
        value={
            "access": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.x",
            "refresh": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.y",
            "is_new": True,
            "citizen": {
                "id": 42,
                "mobile": "01712345678",
                **dict.fromkeys(
                    (
                        "name_en",
                        "name_bn",
                        "father_name_en",
                        "father_name_bn",
                        "mother_name_en",
                        "mother_name_bn",
                        "spouse_name_en",
                        "spouse_name_bn",
                        "present_address",
                        "permanent_address",
                        "nid_verification_source",
                    ),
                    "",
                ),
                "date_of_birth": None,
                "nid": None,
                "birth_registration_number": None,
                "nid_verified": False,
                "nid_verified_at": None,
            },
        },
        response_only=True,
        status_codes=["200"],
    ),
    OpenApiExample(
        "Wrong code",
        value={
            "error": {"code": "otp_invalid", "message": "The code is not correct. 4 tries left."}
        },
        response_only=True,
        status_codes=["400"],
    ),
]
