from django.urls import path

from services.holding_tax import api

urlpatterns = [
    path(
        "me/holdings/<int:holding_id>/assessment/",
        api.MyHoldingAssessment.as_view(),
        name="my-holding-assessment",
    ),
]
