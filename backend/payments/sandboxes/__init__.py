"""Gateway sandboxes: bKash, Nagad and SSLCommerz speaking their protocols over real HTTP, served
by the app itself under /sandbox/ when settings.GATEWAY_SANDBOXES_ENABLED (default: DEBUG), so
local runs and tests exercise the real adapter code. State lives in the Django cache (no models).

    bKash       /sandbox/bkash/v1.2.0-beta/tokenized/checkout/{token/grant, token/refresh, create,
                execute, payment/status, payment/refund}; page /sandbox/bkash/checkout/<paymentID>/
    Nagad       /sandbox/nagad/remote-payment-gateway-1.0/api/dfs/{check-out/initialize/<mid>/<oid>,
                check-out/complete/<ref>, verify/payment/<ref>, purchase/cancel?paymentRefId=};
                page /sandbox/nagad/checkout/<ref>/
    SSLCommerz  /sandbox/sslcommerz/{gwprocess/v4/api.php, validator/api/validationserverAPI.php,
                validator/api/merchantTransIDvalidationAPI.php}; page
                /sandbox/sslcommerz/EasyCheckOut/<sessionkey>/
    control     /sandbox/<gw>/_control/  (fault injection; see common.py for the behaviours)
"""
