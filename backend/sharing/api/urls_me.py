"""The citizen's side of data sharing, mounted under /api/v1/ (backend/urls.py)."""

from django.urls import path

from backend.sharing.api.me import (
    ConfirmConsentView,
    MyConsentsView,
    MyDisclosuresView,
    RevokeConsentView,
)

urlpatterns = [
    path("me/disclosures/", MyDisclosuresView.as_view(), name="me-disclosures"),
    path("me/sharing-consents/", MyConsentsView.as_view(), name="me-sharing-consents"),
    path(
        "me/sharing-consents/confirm/",
        ConfirmConsentView.as_view(),
        name="me-sharing-consents-confirm",
    ),
    path(
        "me/sharing-consents/revoke/",
        RevokeConsentView.as_view(),
        name="me-sharing-consents-revoke",
    ),
]
