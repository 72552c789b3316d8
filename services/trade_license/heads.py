"""The revenue heads a licence's demand is split into. Fee, signboard tax and VAT are common
heads; the source income tax collected at renewal for the NBR (IT Act 2023 s.131) has its own,
marked as collected for the NBR so it is never counted as the pourashava's revenue."""

from backend.payments.registry import register_revenue_head

SOURCE_TAX_HEAD = "trade_source_tax"


def register() -> None:
    register_revenue_head(
        SOURCE_TAX_HEAD,
        name_en="Source income tax on trade licence renewal (NBR)",
        name_bn="ট্রেড লাইসেন্স নবায়নে উৎসে আয়কর (এনবিআর)",
        order=95,
        sector="trade_licence",
        collected_for="nbr",
    )
