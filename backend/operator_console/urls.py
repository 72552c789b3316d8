"""The operator's console at /operator/ (UDC desks and the 333 call line)."""

from django.urls import path

from backend.operator_console.views import actions, auth, cash, day, documents, session, start

app_name = "operator_console"

urlpatterns = [
    path("", start.home, name="home"),
    path("login/", auth.login, name="login"),
    path("logout/", auth.logout, name="logout"),
    path("start/", start.start, name="start"),
    path("register/", start.register, name="register"),
    path("day/", day.today, name="day"),
    path("day/close/", day.close, name="day-close"),
    path("day/statement/", day.statement, name="statement"),
    path("s/<uuid:session_id>/consent/", start.consent, name="consent"),
    path("s/<uuid:session_id>/", session.dashboard, name="session"),
    path("s/<uuid:session_id>/end/", session.end, name="end"),
    path("s/<uuid:session_id>/do/<str:code>/", actions.action, name="action"),
    path("s/<uuid:session_id>/pay/", cash.pay, name="pay"),
    path("s/<uuid:session_id>/receipts/<str:number>/", cash.receipt, name="receipt"),
    path("s/<uuid:session_id>/receipts/<str:number>/pdf/", cash.receipt_pdf, name="receipt-pdf"),
    path(
        "s/<uuid:session_id>/documents/<int:document_id>/",
        documents.hand_over,
        name="hand-over",
    ),
]
