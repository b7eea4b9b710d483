# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Order Analytics",
    "summary": "Review time, lead time, OTIF, exception, return and satisfaction "
    "KPIs, ABC classes, forecasts and dashboards",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/order-desk/order-desk",
    "author": "Order Desk",
    "maintainers": ["order-desk"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": True,
    "depends": [
        "customer_order_review",
        "order_logistics_tracking",
    ],
    "external_dependencies": {"python": ["statsmodels", "numpy"]},
    "data": [
        "security/order_analytics_security.xml",
        "views/menus.xml",
    ],
}
