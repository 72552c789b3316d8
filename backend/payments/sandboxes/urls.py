"""Gateway sandboxes, mounted by the root at /sandbox/. Every view answers 404 unless
settings.GATEWAY_SANDBOXES_ENABLED (checked per request)."""

from django.urls import path

from backend.payments.sandboxes import bkash, nagad, sslcommerz

BKASH = "bkash/v1.2.0-beta/tokenized/checkout/"
NAGAD = "nagad/remote-payment-gateway-1.0/api/dfs/"
SSL = "sslcommerz/"

urlpatterns = [
    # bKash Tokenized Checkout
    path(f"{BKASH}token/grant", bkash.grant, name="sandbox-bkash-grant"),
    path(f"{BKASH}token/refresh", bkash.refresh, name="sandbox-bkash-refresh"),
    path(f"{BKASH}create", bkash.create, name="sandbox-bkash-create"),
    path(f"{BKASH}execute", bkash.execute, name="sandbox-bkash-execute"),
    path(f"{BKASH}payment/status", bkash.status, name="sandbox-bkash-status"),
    path(f"{BKASH}payment/refund", bkash.refund, name="sandbox-bkash-refund"),
    path("bkash/checkout/<str:payment_id>/", bkash.checkout, name="sandbox-bkash-checkout"),
    path(
        "bkash/checkout/<str:payment_id>/<str:action>/",
        bkash.checkout_action,
        name="sandbox-bkash-checkout-action",
    ),
    path("bkash/_control/", bkash.control, name="sandbox-bkash-control"),
    # Nagad
    path(
        f"{NAGAD}check-out/initialize/<str:merchant_id>/<str:order_id>",
        nagad.initialize,
        name="sandbox-nagad-initialize",
    ),
    path(
        f"{NAGAD}check-out/complete/<str:reference_id>",
        nagad.complete,
        name="sandbox-nagad-complete",
    ),
    path(f"{NAGAD}verify/payment/<str:reference_id>", nagad.verify, name="sandbox-nagad-verify"),
    path(f"{NAGAD}purchase/cancel", nagad.refund, name="sandbox-nagad-refund"),
    path("nagad/checkout/<str:reference_id>/", nagad.checkout, name="sandbox-nagad-checkout"),
    path(
        "nagad/checkout/<str:reference_id>/<str:action>/",
        nagad.checkout_action,
        name="sandbox-nagad-checkout-action",
    ),
    path("nagad/_control/", nagad.control, name="sandbox-nagad-control"),
    # SSLCommerz
    path(f"{SSL}gwprocess/v4/api.php", sslcommerz.session_init, name="sandbox-sslcommerz-init"),
    path(
        f"{SSL}validator/api/validationserverAPI.php",
        sslcommerz.validation,
        name="sandbox-sslcommerz-validation",
    ),
    path(
        f"{SSL}validator/api/merchantTransIDvalidationAPI.php",
        sslcommerz.transaction_query,
        name="sandbox-sslcommerz-query",
    ),
    path(
        f"{SSL}EasyCheckOut/<str:session_key>/",
        sslcommerz.checkout,
        name="sandbox-sslcommerz-checkout",
    ),
    path(
        f"{SSL}EasyCheckOut/<str:session_key>/<str:action>/",
        sslcommerz.checkout_action,
        name="sandbox-sslcommerz-checkout-action",
    ),
    path(f"{SSL}_control/", sslcommerz.control, name="sandbox-sslcommerz-control"),
]
