from django.urls import path

from backend.workflow import api

urlpatterns = [
    path("staff/queue/", api.StaffQueue.as_view(), name="staff-queue"),
    path("me/applications/", api.MyApplications.as_view(), name="my-applications"),
    path(
        "applications/<str:number>/actions/",
        api.ApplicationActions.as_view(),
        name="application-actions",
    ),
]
