from django.urls import path

from backend.payments.api import views

urlpatterns = [
    path("me/dues/", views.MyDuesView.as_view(), name="payments-my-dues"),
    path("bills/", views.BillCreateView.as_view(), name="payments-bill-create"),
    path("bills/<int:pk>/", views.BillDetailView.as_view(), name="payments-bill-detail"),
    path("payments/", views.PaymentCreateView.as_view(), name="payments-payment-create"),
    path("payments/<int:pk>/", views.PaymentDetailView.as_view(), name="payments-payment-detail"),
    path(
        "payments/callback/<str:gateway>/",
        views.GatewayCallbackView.as_view(),
        name="payments-callback",
    ),
    path(
        "payments/result/<str:reference>/",
        views.PaymentResultView.as_view(),
        name="payments-result",
    ),
    path("counter/payments/", views.CounterPaymentView.as_view(), name="payments-counter"),
    path("counter/day-close/", views.DayCloseView.as_view(), name="payments-day-close"),
    path("refunds/", views.RefundCreateView.as_view(), name="payments-refund-create"),
    path(
        "refunds/<int:pk>/approve/",
        views.RefundDecisionView.as_view(approve=True),
        name="payments-refund-approve",
    ),
    path(
        "refunds/<int:pk>/reject/",
        views.RefundDecisionView.as_view(approve=False),
        name="payments-refund-reject",
    ),
    path("receipts/<str:number>/", views.ReceiptDetailView.as_view(), name="payments-receipt"),
    path("receipts/<str:number>/pdf", views.ReceiptPdfView.as_view(), name="payments-receipt-pdf"),
]
