"""Water billing's revenue heads, registered with sector "water". The water *bill* head is
distinct from holding tax's "water" *rate* head (a % of annual value inside the holding-tax
rates): the monitor reports both under their own names."""

from backend.payments.registry import register_revenue_head

SERVICE_CODE = "water_billing"
BILL_OBJECT = "water_bill"

WATER_BILL = "water_bill"
SEWERAGE = "water_sewerage"
SURCHARGE = "water_surcharge"
CONNECTION_FEE = "connection_fee"  # a common head, already sector "water"
RECONNECTION_FEE = "water_reconnection_fee"
CHANGE_FEE = "water_change_fee"
ROAD_CUTTING_FEE = "water_road_cutting_fee"
METER_FEE = "water_meter_fee"


def register() -> None:
    for code, en, bn, order, adjustment in (
        (WATER_BILL, "Water bill", "পানির বিল", 41, False),
        (SEWERAGE, "Sewerage charge (water bill)", "পয়ঃনিষ্কাশন চার্জ (পানির বিল)", 42, False),
        (RECONNECTION_FEE, "Water reconnection fee", "পানির পুনঃসংযোগ ফি", 111, False),
        (CHANGE_FEE, "Water connection change fee", "পানির সংযোগ পরিবর্তন ফি", 112, False),
        (ROAD_CUTTING_FEE, "Road cutting fee (water)", "রাস্তা কাটা ফি (পানি)", 113, False),
        (METER_FEE, "Water meter fee", "পানির মিটার ফি", 114, False),
        (SURCHARGE, "Water bill surcharge", "পানির বিলের সারচার্জ", 201, True),
    ):
        register_revenue_head(
            code, name_en=en, name_bn=bn, order=order, is_adjustment=adjustment, sector="water"
        )
