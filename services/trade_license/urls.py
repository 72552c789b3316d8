"""Trade-licence routes (auto-mounted under /api/v1/). Staff fixed paths come first."""

from django.urls import path

from services.trade_license.api import citizen, staff

urlpatterns = [
    path("trade/categories/", citizen.Categories.as_view(), name="trade-categories"),
    path("trade/quote/", citizen.Quote.as_view(), name="trade-quote"),
    path("me/trade-licences/", citizen.MyLicences.as_view(), name="trade-my-licences"),
    path(
        "me/trade-licences/<str:licence_no>/", citizen.MyLicence.as_view(), name="trade-my-licence"
    ),
    path(
        "me/trade-licences/<str:licence_no>/pdf",
        citizen.MyLicencePdf.as_view(),
        name="trade-licence-pdf",
    ),
    path("me/trade-licences/<str:licence_no>/renew/", citizen.Renew.as_view(), name="trade-renew"),
    path(
        "me/trade-licences/<str:licence_no>/transfer/",
        citizen.Transfer.as_view(),
        name="trade-transfer",
    ),
    path(
        "me/trade-licences/<str:licence_no>/cancel/", citizen.Cancel.as_view(), name="trade-cancel"
    ),
    path(
        "me/trade-licences/<str:licence_no>/duplicate/",
        citizen.Duplicate.as_view(),
        name="trade-duplicate",
    ),
    path("me/trade-applications/", citizen.MyApplications.as_view(), name="trade-my-applications"),
    path(
        "me/trade-applications/<str:number>/",
        citizen.MyApplication.as_view(),
        name="trade-my-application",
    ),
    path(
        "me/trade-transfers/<str:number>/consent/", citizen.Consent.as_view(), name="trade-consent"
    ),
    path("staff/trade-fee-schedules/", staff.FeeSchedules.as_view(), name="trade-fee-schedules"),
    path("staff/trade-inspectors/", staff.Inspectors.as_view(), name="trade-inspectors"),
    path("staff/trade-register/", staff.Register.as_view(), name="trade-register"),
    path("staff/trade-reports/defaulters/", staff.Defaulters.as_view(), name="trade-defaulters"),
    path(
        "staff/trade-reports/vat/",
        staff.Collections.as_view(report="vat"),
        name="trade-vat-report",
    ),
    path(
        "staff/trade-reports/source-tax/",
        staff.Collections.as_view(report="source-tax"),
        name="trade-source-tax-report",
    ),
    path(
        "staff/trade-applications/<str:number>/",
        staff.StaffApplication.as_view(),
        name="trade-staff-application",
    ),
    path(
        "staff/trade-applications/<str:number>/inspection/",
        staff.Inspection.as_view(),
        name="trade-inspection",
    ),
    path(
        "staff/trade-licences/<str:licence_no>/cancel/",
        staff.StaffCancel.as_view(),
        name="trade-staff-cancel",
    ),
]
