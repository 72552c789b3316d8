"""The two document languages."""


def normalize_language(language: str) -> str:
    """'bn' or 'en' from a code such as 'bn-BD' or 'en-us'; anything else is an error.

    Strict on purpose: a document printed in the wrong script is worse than a clear failure.
    """
    code = (language or "")[:2].lower()
    if code not in ("bn", "en"):
        raise ValueError(f"language must be 'bn' or 'en', got {language!r}")
    return code
