from django.urls import path

from services.property.api import applications as applications_api
from services.property.api import attachments as attachments_api
from services.property.api import holdings as api

urlpatterns = [
    path("me/holdings/", api.MyHoldings.as_view(), name="my-holdings"),
    path("me/holdings/claims/", api.MyHoldingClaims.as_view(), name="my-holding-claims"),
    path("me/holdings/<int:holding_id>/", api.MyHoldingDetail.as_view(), name="my-holding"),
    path(
        "me/holdings/<int:holding_id>/attachments/",
        attachments_api.MyHoldingAttachments.as_view(),
        name="my-holding-attachments",
    ),
    path(
        "me/property-applications/",
        applications_api.MyPropertyApplications.as_view(),
        name="my-property-applications",
    ),
    path("staff/holdings/", api.StaffHoldingSearch.as_view(), name="staff-holdings"),
    path(
        "staff/holdings/<int:holding_id>/", api.StaffHoldingDetail.as_view(), name="staff-holding"
    ),
    path(
        "staff/holding-claims/<int:claim_id>/decision/",
        api.StaffClaimDecision.as_view(),
        name="staff-holding-claim-decision",
    ),
]
