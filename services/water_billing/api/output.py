"""Output shapes of the water API (amounts as strings)."""

from rest_framework import serializers

from services.water_billing.models import (
    Bill,
    BillingRun,
    Connection,
    DisconnectionNotice,
    Reading,
    WaterApplication,
)


class WaterConnectionOut(serializers.ModelSerializer):
    # Plain strings: the inputs' choice sets (without "any") are the enums in the schema.
    diameter = serializers.CharField()
    storey_class = serializers.CharField()
    holding = serializers.CharField(source="holding.reference")
    ward = serializers.IntegerField(source="ward.number")
    pourashava = serializers.CharField(source="pourashava.code")

    class Meta:
        model = Connection
        fields = [
            "number",
            "pourashava",
            "ward",
            "holding",
            "consumer_name",
            "category",
            "storey_class",
            "diameter",
            "extra_flats",
            "is_metered",
            "status",
            "connected_on",
            "disconnected_on",
            "closed_on",
        ]


class WaterReadingOut(serializers.ModelSerializer):
    connection = serializers.CharField(source="connection.number")
    period = serializers.DateField(format="%Y-%m")

    class Meta:
        model = Reading
        fields = [
            "id",
            "connection",
            "period",
            "reading_date",
            "reading",
            "status",
            "consumption_kl",
            "source",
        ]


class WaterBillOut(serializers.ModelSerializer):
    connection = serializers.CharField(source="connection.number")
    period = serializers.DateField(format="%Y-%m")

    class Meta:
        model = Bill
        fields = [
            "id",
            "connection",
            "period",
            "consumption_kl",
            "estimated",
            "days_billed",
            "days_in_month",
            "water_charge",
            "sewerage",
            "roundoff",
            "total",
            "lines",
            "issue_date",
            "due_date",
            "is_final",
        ]


class WaterApplicationOut(serializers.ModelSerializer):
    diameter = serializers.CharField()
    storey_class = serializers.CharField()
    number = serializers.CharField(source="application.number")
    state = serializers.CharField(source="application.state")
    holding = serializers.CharField(source="holding.reference")
    connection = serializers.CharField(source="connection.number", default=None)

    class Meta:
        model = WaterApplication
        fields = [
            "number",
            "kind",
            "state",
            "holding",
            "connection",
            "consumer_name",
            "category",
            "storey_class",
            "diameter",
            "extra_flats",
            "is_metered",
            "fee",
        ]


class WaterRunOut(serializers.ModelSerializer):
    pourashava = serializers.CharField(source="pourashava.code")
    period = serializers.DateField(format="%Y-%m")

    class Meta:
        model = BillingRun
        fields = [
            "id",
            "pourashava",
            "period",
            "status",
            "connections_total",
            "connections_done",
            "bills_raised",
            "estimates_made",
            "started_at",
            "finished_at",
            "error",
        ]


class WaterNoticeOut(serializers.ModelSerializer):
    connection = serializers.CharField(source="connection.number")

    class Meta:
        model = DisconnectionNotice
        fields = [
            "id",
            "connection",
            "arrears_at_notice",
            "issued_on",
            "expires_on",
            "status",
            "executed_on",
            "reconnected_on",
        ]
