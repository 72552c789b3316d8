"""Payment API: dues, bills, online payments and their callbacks, counter cash, day-close,
refunds, receipts."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.html import escape
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common import display
from backend.common.digits import to_ascii_digits
from backend.common.errors import AppError, NotFound
from backend.identity.acting import acting_citizen, assisted_session_of
from backend.identity.api.auth import ErrorSerializer
from backend.identity.models import Citizen, Role
from backend.identity.permissions import IsCitizen
from backend.municipality.models import Pourashava
from backend.payments import errors, selectors
from backend.payments.api import schemas as sc
from backend.payments.api import serializers as s
from backend.payments.api.examples import BILL_EXAMPLES, DUES_EXAMPLES, PAYMENT_EXAMPLES
from backend.payments.api.idempotent import run_idempotent
from backend.payments.integration import record_assisted_action
from backend.payments.models import Bill, Credit, Payment, Refund
from backend.payments.services.bills import make_bill
from backend.payments.services.counter import close_day, collect_cash
from backend.payments.services.online import handle_callback, start_online_payment
from backend.payments.services.receipts import render_receipt_pdf
from backend.payments.services.refunds import decide_refund, request_refund

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Client-chosen key (<= 255 chars): a retry with the same key and body gets the "
    "first answer again; the same key with another body is 409 idempotency_key_reused.",
)
ASSISTED_HEADER = OpenApiParameter(
    "X-Assisted-Session",
    OpenApiTypes.UUID,
    OpenApiParameter.HEADER,
    required=False,
    description="A UDC operator's live assisted session (the citizen confirmed by OTP).",
)


def _schema(request=None, *, tag="payments", parameters=None, **kwargs):
    return extend_schema(
        request=request,
        responses=kwargs.pop("responses", OpenApiTypes.OBJECT),
        tags=[tag],
        parameters=parameters or [],
        **kwargs,
    )


def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _pourashava(value: str | None) -> Pourashava | None:
    if not value:
        return None
    value = to_ascii_digits(str(value)).strip()
    found = (
        Pourashava.objects.filter(pk=int(value)).first()
        if value.isdigit()
        else Pourashava.objects.filter(code__iexact=value).first()
    )
    if found is None:
        raise NotFound("pourashava_not_found", errors.NOT_ALLOWED)
    return found


class MyDuesView(APIView):
    permission_classes = [IsCitizen]

    @_schema(responses=sc.DuesOut, examples=DUES_EXAMPLES)
    def get(self, request):
        """What I owe; `?lines=1` adds each demand's lines by head (a bigger answer)."""
        with_lines = request.query_params.get("lines") in ("1", "true")
        citizen = acting_citizen(request)
        groups = selectors.dues_of(citizen, with_lines=with_lines)
        return Response(s.dues_out(groups, selectors.credits_of(citizen)))


class BillCreateView(APIView):
    """Make a bill for some of your demands: the amounts owed as of today, with rebate or
    surcharge, valid until a date. Pay it with POST /payments/."""

    permission_classes = [IsCitizen]

    @_schema(s.BillCreateIn, responses={201: sc.PaymentBillOut}, examples=BILL_EXAMPLES)
    def post(self, request):
        data = _validated(s.BillCreateIn, request.data)
        bill = make_bill(
            payer=acting_citizen(request),
            pourashava=None,
            demand_ids=data["demand_ids"],
            as_of=timezone.localdate(),
            actor=request.user,
        )
        record_assisted_action(request, action="payments.bill_made", obj=bill)
        bill = selectors.bill_for_citizen(acting_citizen(request), bill.pk)
        return Response(s.bill_out(bill), status=status.HTTP_201_CREATED)


class BillDetailView(APIView):
    """One of your bills: its lines by revenue head, total, status and the date it is valid
    until."""

    permission_classes = [IsCitizen]

    @_schema(responses=sc.PaymentBillOut)
    def get(self, request, pk: int):
        bill = selectors.bill_for_citizen(acting_citizen(request), pk)
        if bill is None:
            raise NotFound("bill_not_found", errors.BILL_NOT_FOUND)
        return Response(s.bill_out(bill))


class PaymentCreateView(APIView):
    """Start an online payment of a bill. Needs an `Idempotency-Key` header: the same key and
    body get the first answer again; the same key with another body is a 409. While a payment
    of the bill is open, asking again with the same gateway returns that payment; another
    gateway gets 409 `payment_in_progress`."""

    permission_classes = [IsCitizen]

    @_schema(
        s.PaymentCreateIn,
        parameters=[IDEMPOTENCY_HEADER],
        responses={201: sc.PaymentOut, 409: ErrorSerializer},
        examples=PAYMENT_EXAMPLES,
    )
    def post(self, request):
        data = _validated(s.PaymentCreateIn, request.data)
        citizen = acting_citizen(request)

        def handler() -> Response:
            bill = Bill.objects.filter(pk=data["bill"], citizen=citizen).first()
            if bill is None:
                raise NotFound("bill_not_found", errors.BILL_NOT_FOUND)
            payment = start_online_payment(
                bill=bill, gateway=data["gateway"], citizen=citizen, actor=request.user
            )
            record_assisted_action(request, action="payments.payment_started", obj=payment)
            return Response(s.payment_out(payment), status=status.HTTP_201_CREATED)

        return run_idempotent(
            request,
            endpoint="payments.create",
            required=True,
            body={"bill": data["bill"], "gateway": data["gateway"]},
            handler=handler,
        )


def _visible_payment(request, pk: int) -> Payment:
    citizen = acting_citizen(request)
    payment = None
    if citizen is not None:
        payment = selectors.payments_visible_to(request.user, citizen).filter(pk=pk).first()
    if payment is None and assisted_session_of(request) is None:
        payment = selectors.payments_visible_to(request.user, None).filter(pk=pk).first()
    if payment is None:
        raise NotFound("payment_not_found", errors.PAYMENT_NOT_FOUND)
    return payment


class PaymentDetailView(APIView):
    """One payment: its status (pending, settled, failed...), amount, channel and receipt when
    settled. Citizens see their own; staff those of their pourashava."""

    permission_classes = [IsAuthenticated]

    @_schema(responses=sc.PaymentOut)
    def get(self, request, pk: int):
        return Response(s.payment_out(_visible_payment(request, pk)))


def _callback_params(request) -> dict:
    params: dict = {key: request.GET.get(key) for key in request.GET}
    data = request.data
    if hasattr(data, "getlist"):
        params.update({key: data.get(key) for key in data})
    elif isinstance(data, dict):
        params.update(data)
    return params


def result_url(payment: Payment) -> str:
    template = getattr(settings, "PAYMENTS_RESULT_URL", "") or (
        settings.PUBLIC_BASE_URL.rstrip("/") + "/api/v1/payments/result/{reference}/"
    )
    return template.format(reference=payment.reference, status=payment.status)


class GatewayCallbackView(APIView):
    """Browser return (GET or POST, our `ref` in the query) and server-to-server IPN (POST).
    Nothing in the callback is trusted: the gateway is asked through its adapter, and the
    amount, currency and reference are checked before anything settles."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @_schema(tag="payments-callbacks")
    def get(self, request, gateway: str):
        return self._handle(request, gateway)

    @_schema(OpenApiTypes.OBJECT, tag="payments-callbacks")
    def post(self, request, gateway: str):
        return self._handle(request, gateway)

    def _handle(self, request, gateway: str):
        params = _callback_params(request)
        payment = handle_callback(gateway=gateway, params=params)
        if "ref" in request.GET:  # the citizen's browser coming back
            return HttpResponseRedirect(result_url(payment))
        return Response({"reference": payment.reference, "status": payment.status})


class PaymentResultView(APIView):
    """The small page the browser lands on after a gateway. Shows status only; the reference
    in the address is unguessable and nothing personal is shown."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @_schema(tag="payments-callbacks", responses=sc.PaymentResultOut)
    def get(self, request, reference: str):
        payment = Payment.objects.select_related("receipt").filter(reference=reference).first()
        if payment is None:
            raise NotFound("payment_not_found", errors.PAYMENT_NOT_FOUND)
        receipt = getattr(payment, "receipt", None) if payment.status == "settled" else None
        body = {
            "reference": payment.reference,
            "status": payment.status,
            "amount": s.money_str(payment.amount),
            "receipt_number": receipt.number if receipt else None,
        }
        if "text/html" in request.headers.get("Accept", ""):
            words = {
                "settled": "পরিশোধ সম্পন্ন / Payment complete",
                "pending": "পরিশোধ যাচাই চলছে / Payment being confirmed",
                "failed": "পরিশোধ হয়নি / Payment not completed",
            }
            title = words.get(payment.status, "পরিশোধ পর্যালোচনায় / Payment under review")
            html = (
                f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
                f"</head><body><h1>{title}</h1><p>{escape(payment.reference)} &middot; "
                f"{display.amount(payment.amount, 'bn')} / {display.amount(payment.amount, 'en')}"
                "</p>"
                + (f"<p>{escape(body['receipt_number'])}</p>" if receipt else "")
                + "</body></html>"
            )
            return HttpResponse(html)
        return Response(body)


class CounterPaymentView(APIView):
    """Cash at the counter (cashier of the pourashava) or a UDC (operator in a live assisted
    session, sending X-Assisted-Session). For a `bill` (paid in full) or an `amount` against
    the `payer`'s dues in `pourashava` (part payment allowed, oldest demand first).
    Idempotency-Key is optional here and honoured when sent."""

    permission_classes = [IsAuthenticated]

    @_schema(
        s.CounterPaymentIn,
        tag="counter",
        parameters=[ASSISTED_HEADER],
        responses={201: sc.CounterPaymentOut},
    )
    def post(self, request):
        data = _validated(s.CounterPaymentIn, request.data)
        session = None
        if request.META.get("HTTP_X_ASSISTED_SESSION"):
            acting_citizen(request)  # validates the session (403 when not live)
            session = assisted_session_of(request)

        def handler() -> Response:
            bill = None
            pourashava = _pourashava(data.get("pourashava"))
            if data.get("bill"):
                bill = Bill.objects.select_related("pourashava").filter(pk=data["bill"]).first()
                if bill is None or (pourashava is not None and bill.pourashava_id != pourashava.pk):
                    raise NotFound("bill_not_found", errors.BILL_NOT_FOUND)
                pourashava = bill.pourashava
            if pourashava is None:
                if session is None:
                    raise AppError("payer_required", errors.PAYER_REQUIRED)
                pourashava = session.pourashava
            payer = None
            if session is None and data.get("payer"):
                value = to_ascii_digits(data["payer"]).strip()
                payer = Citizen.objects.filter(mobile=value).first() or (
                    Citizen.objects.filter(pk=int(value)).first()
                    if value.isdigit() and len(value) < 11
                    else None
                )
                if payer is None:
                    raise NotFound("payer_not_found", errors.PAYER_REQUIRED)
            payment = collect_cash(
                collector=request.user,
                pourashava=pourashava,
                amount=data.get("amount"),
                bill=bill,
                payer=payer,
                assisted_session=session,
                request=request,
            )
            body = s.payment_out(payment)
            receipt = selectors.receipt_of_payment(payment)
            body["receipt"] = s.receipt_out(receipt) if receipt else None
            return Response(body, status=status.HTTP_201_CREATED)

        body = {k: str(v) for k, v in data.items()}
        return run_idempotent(
            request, endpoint="counter.payments", body=body, required=False, handler=handler
        )


class DayCloseView(APIView):
    """Close your day at the counter: your receipts of the day are totalled by head and compared
    with the cash you declare (a difference is flagged), and the day takes no more counter
    receipts."""

    permission_classes = [IsAuthenticated]

    @_schema(s.DayCloseIn, tag="counter")
    def post(self, request):
        data = _validated(s.DayCloseIn, request.data)
        pourashava = _pourashava(data.get("pourashava"))
        if pourashava is None:
            from backend.identity.roles import assignments_of

            ids = {
                a.pourashava_id
                for a in assignments_of(request.user)
                if a.role == Role.CASHIER and a.pourashava_id
            }
            if len(ids) != 1:
                raise AppError("pourashava_required", errors.PAYER_REQUIRED)
            pourashava = Pourashava.objects.get(pk=ids.pop())
        close = close_day(
            collector=request.user,
            pourashava=pourashava,
            day=data["date"],
            declared_cash=data["declared_cash"],
        )
        return Response(s.day_close_out(close), status=status.HTTP_201_CREATED)


class RefundCreateView(APIView):
    """Ask for a refund of a settled payment (staff of its pourashava); it waits for approval by
    another person."""

    permission_classes = [IsAuthenticated]

    @_schema(s.RefundIn, tag="refunds")
    def post(self, request):
        data = _validated(s.RefundIn, request.data)
        staff_payments = selectors.payments_visible_to(request.user, None)
        credit = payment = None
        if data.get("credit"):
            credit = Credit.objects.filter(pk=data["credit"], payment__in=staff_payments).first()
            if credit is None:
                raise NotFound("credit_not_found", errors.PAYMENT_NOT_FOUND)
        else:
            payment = staff_payments.filter(pk=data["payment"]).first()
            if payment is None:
                raise NotFound("payment_not_found", errors.PAYMENT_NOT_FOUND)
        refund = request_refund(
            requested_by=request.user,
            amount=data["amount"],
            reason=data["reason"],
            credit=credit,
            payment=payment,
        )
        return Response(s.refund_out(refund), status=status.HTTP_201_CREATED)


class RefundDecisionView(APIView):
    """Approve or reject a pending refund (not by the person who asked for it); an approved
    refund is sent back through the payment's gateway."""

    permission_classes = [IsAuthenticated]
    approve = True

    @_schema(tag="refunds")
    def post(self, request, pk: int):
        staff_payments = selectors.payments_visible_to(request.user, None)
        refund = Refund.objects.filter(pk=pk, payment__in=staff_payments).first()
        if refund is None:
            raise NotFound("refund_not_found", errors.PAYMENT_NOT_FOUND)
        refund = decide_refund(refund=refund, approver=request.user, approve=self.approve)
        return Response(s.refund_out(refund))


def _visible_receipt(request, number: str):
    citizen = acting_citizen(request)
    receipt = None
    if citizen is not None:
        receipt = selectors.receipts_visible_to(request.user, citizen).filter(number=number).first()
    if receipt is None and assisted_session_of(request) is None:
        receipt = selectors.receipts_visible_to(request.user, None).filter(number=number).first()
    if receipt is None:
        raise NotFound("receipt_not_found", errors.RECEIPT_NOT_FOUND)
    return receipt


class ReceiptDetailView(APIView):
    """A receipt by its number: what was paid, by head, when and through which channel."""

    permission_classes = [IsAuthenticated]

    @_schema(responses=sc.ReceiptOut)
    def get(self, request, number: str):
        return Response(s.receipt_out(_visible_receipt(request, number)))


class ReceiptPdfView(APIView):
    """A receipt as a PDF, with its QR code for verification."""

    permission_classes = [IsAuthenticated]

    @_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, number: str):
        receipt = _visible_receipt(request, number)
        language = request.GET.get("lang") or (request.LANGUAGE_CODE or "bn")[:2]
        pdf = render_receipt_pdf(receipt, language="en" if language == "en" else "bn")
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{receipt.number}.pdf"'
        return response
