# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The fixed figures of the sample dashboard, shown while the fact tables
are empty."""

from dashboard_sources import t

SAMPLE_KPIS = {
    # measure -> (this period, previous period), as the pivots give them
    "otif_rate": (91.4, 88.2),
    "perfect_rate": (84.7, 83.9),
    "lead_time_days": (4.6, 5.1),
    "review_hours": (7.8, 9.5),
    "exception_rate": (3.2, 4.1),
    "csat_rate": (88.0, 86.5),
    "nps": (42, 37),
    "confirmed_count": (1284, 1190),
}
SAMPLE_RANGES = {"trend": (13, 18), "reasons": (21, 24), "carriers": (27, 30)}
SAMPLE_SERIES = {
    "trend": [
        ("2026-07", 86.1),
        ("2026-08", 87.4),
        ("2026-09", 85.9),
        ("2026-10", 88.8),
        ("2026-11", 90.2),
        ("2026-12", 91.4),
    ],
    "reasons": [
        (t("Late"), 212),
        (t("Short"), 96),
        (t("Late and short"), 41),
        (t("Early"), 18),
    ],
    "carriers": [
        ("ZTO Express", 84.3),
        ("EMS", 87.9),
        ("JD Logistics", 92.6),
        ("SF Express", 95.1),
    ],
}
SAMPLE_TABLES = {
    "partner_id": [
        ("Harbor Trading", 38, 48200),
        ("Jade River Imports", 31, 39750),
        ("Golden Lotus Retail", 27, 21400),
        ("Northwind Supplies", 22, 30900),
        ("Pearl Delta Foods", 19, 12650),
        ("Silk Road Homeware", 15, 18300),
        ("Blue Mountain Tea", 12, 9400),
        ("Lucky Star Stores", 9, 7150),
        ("Eastern Crafts", 7, 5800),
        ("Summit Office", 5, 3900),
    ],
    "product_id": [
        ("Tea Set", 44, 52800),
        ("Tea Cups (6)", 36, 14400),
        ("Porcelain Teapot", 29, 26100),
        ("Bamboo Tray", 21, 6300),
        ("Gift Box", 18, 4500),
        ("Kettle 1.5 L", 14, 11200),
        ("Tea Caddy", 11, 3300),
        ("Infuser", 8, 960),
        ("Coasters (4)", 6, 540),
        ("Cleaning Brush", 4, 200),
    ],
}
