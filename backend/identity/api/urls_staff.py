"""Staff, role, assisted-service and audit routes (mounted under /api/v1/)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from backend.identity.api import assisted, staff

router = SimpleRouter()
router.register("staff/members", staff.StaffMemberViewSet, basename="staff-member")
router.register("staff/audit", staff.AuditEntryViewSet, basename="staff-audit")
router.register(
    "staff/assisted-actions", assisted.StaffAssistedActionViewSet, basename="staff-assisted-action"
)

urlpatterns = [
    path("assist/sessions/", assisted.SessionOpenView.as_view(), name="assist-open"),
    path("assist/sessions/<uuid:pk>/", assisted.SessionDetailView.as_view(), name="assist-detail"),
    path(
        "assist/sessions/<uuid:pk>/confirm/",
        assisted.SessionConfirmView.as_view(),
        name="assist-confirm",
    ),
    path("assist/sessions/<uuid:pk>/end/", assisted.SessionEndView.as_view(), name="assist-end"),
    path(
        "me/assisted-actions/",
        assisted.MyAssistedActionsView.as_view(),
        name="me-assisted-actions",
    ),
    *router.urls,
]
