from django.urls import path

from services.holding_tax.api import assessment as api
from services.holding_tax.api import ledger as ledger_api
from services.holding_tax.api import reviews as reviews_api

urlpatterns = [
    path(
        "me/holdings/<int:holding_id>/assessment/",
        api.MyHoldingAssessment.as_view(),
        name="my-holding-assessment",
    ),
    path(
        "me/holdings/<int:holding_id>/clearance/",
        api.MyHoldingClearance.as_view(),
        name="my-holding-clearance",
    ),
    path(
        "me/holdings/<int:holding_id>/ledger/",
        ledger_api.MyHoldingLedger.as_view(),
        name="my-holding-ledger",
    ),
    path("me/clearances/<str:number>/pdf", api.MyClearancePdf.as_view(), name="my-clearance-pdf"),
    path(
        "me/holdings/<int:holding_id>/reviews/",
        reviews_api.MyHoldingReviews.as_view(),
        name="my-holding-reviews",
    ),
    path(
        "staff/reviews/<str:number>/decision/",
        reviews_api.StaffReviewDecision.as_view(),
        name="staff-review-decision",
    ),
    path(
        "staff/assessment-lists/",
        reviews_api.StaffPublishList.as_view(),
        name="staff-assessment-lists",
    ),
]
