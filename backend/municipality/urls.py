"""Tenancy routes, mounted under /api/v1/ by the root URLconf."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from backend.municipality import api

router = SimpleRouter()
router.register("staff/wards", api.StaffWardViewSet, basename="staff-ward")
router.register("staff/mahallas", api.StaffMahallaViewSet, basename="staff-mahalla")

urlpatterns = [
    path("pourashavas/", api.PourashavaListView.as_view(), name="pourashava-list"),
    path(
        "pourashavas/<str:code>/wards/",
        api.PourashavaWardListView.as_view(),
        name="pourashava-wards",
    ),
    *router.urls,
]
