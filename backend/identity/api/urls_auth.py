"""Citizen and staff login, and the citizen's own profile (mounted under /api/v1/)."""

from django.urls import path

from backend.identity.api.auth import OtpRequestView, OtpTokenView, StaffTokenView, TokenRefreshView
from backend.identity.api.me import MeView, NidVerificationView

urlpatterns = [
    path("auth/otp/", OtpRequestView.as_view(), name="auth-otp"),
    path("auth/token/", OtpTokenView.as_view(), name="auth-token"),
    path("auth/token/refresh/", TokenRefreshView.as_view(), name="auth-token-refresh"),
    path("auth/staff-token/", StaffTokenView.as_view(), name="auth-staff-token"),
    path("me/", MeView.as_view(), name="me"),
    path("me/nid-verification/", NidVerificationView.as_view(), name="me-nid-verification"),
]
