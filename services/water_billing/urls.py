from django.urls import path

from services.water_billing.api import citizen, reports, staff

urlpatterns = [
    path("me/water/connections/", citizen.MyConnections.as_view(), name="my-water-connections"),
    path(
        "me/water/connections/<str:number>/",
        citizen.MyConnection.as_view(),
        name="my-water-connection",
    ),
    path(
        "me/water/connections/<str:number>/readings/",
        citizen.MyReadings.as_view(),
        name="my-water-readings",
    ),
    path(
        "me/water/connections/<str:number>/consumption/",
        citizen.MyConsumption.as_view(),
        name="my-water-consumption",
    ),
    path(
        "me/water/connections/<str:number>/changes/",
        citizen.MyConnectionChanges.as_view(),
        name="my-water-changes",
    ),
    path("me/water/bills/", citizen.MyBills.as_view(), name="my-water-bills"),
    path("me/water/bills/<int:id>/pdf/", citizen.MyBillPdf.as_view(), name="my-water-bill-pdf"),
    path("me/water/applications/", citizen.MyApplications.as_view(), name="my-water-applications"),
    path("water/readings/", staff.RecordReading.as_view(), name="water-reading"),
    path("water/readings/batch/", staff.ReadingBatch.as_view(), name="water-reading-batch"),
    path("water/readings/import/", staff.ReadingImport.as_view(), name="water-reading-import"),
    path("water/readings/photos/", staff.MeterPhoto.as_view(), name="water-meter-photo"),
    path(
        "staff/water/readings-to-check/",
        staff.ReadingsToCheck.as_view(),
        name="water-readings-to-check",
    ),
    path("staff/water/runs/", staff.Runs.as_view(), name="water-runs"),
    path("staff/water/runs/<int:id>/", staff.RunDetail.as_view(), name="water-run"),
    path(
        "staff/water/connections/", staff.StaffConnections.as_view(), name="water-staff-connections"
    ),
    path(
        "staff/water/connections/<str:number>/bills/",
        staff.StaffConnectionBills.as_view(),
        name="water-staff-bills",
    ),
    path(
        "staff/water/connections/<str:number>/notice/",
        staff.IssueNotice.as_view(),
        name="water-notice",
    ),
    path(
        "staff/water/connections/<str:number>/close/",
        staff.CloseConnection.as_view(),
        name="water-close",
    ),
    path(
        "staff/water/notices/<int:id>/execute/",
        staff.ExecuteNotice.as_view(),
        name="water-notice-execute",
    ),
    path(
        "staff/water/notices/<int:id>/reconnect/", staff.Reconnect.as_view(), name="water-reconnect"
    ),
    path(
        "staff/water/connections/<str:number>/meter/",
        staff.ReplaceMeter.as_view(),
        name="water-meter-replace",
    ),
    path("staff/water/defaulters/", reports.Defaulters.as_view(), name="water-defaulters"),
    path("staff/water/collection/", reports.DailyCollection.as_view(), name="water-collection"),
    path(
        "staff/water/registers/connections/",
        reports.ConnectionRegister.as_view(),
        name="water-register-connections",
    ),
    path(
        "staff/water/registers/bills/",
        reports.BillRegister.as_view(),
        name="water-register-bills",
    ),
    path(
        "staff/water/registers/readings/",
        reports.ReadingRegister.as_view(),
        name="water-register-readings",
    ),
]
