# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Order Analytics",
    "summary": "Review time, lead time, OTIF, exception, return and satisfaction "
    "KPIs, ABC classes, forecasts and dashboards",
    "version": "18.0.1.1.0",
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
        "spreadsheet_dashboard",
        "digest",
    ],
    "external_dependencies": {"python": ["statsmodels", "numpy"]},
    "data": [
        "security/order_analytics_security.xml",
        "security/ir.model.access.csv",
        "security/order_analytics_rules.xml",
        "data/ir_cron.xml",
        "data/digest_data.xml",
        "data/order_analytics_service_level_data.xml",
        "views/order_analytics_line_views.xml",
        "views/order_analytics_line_month_views.xml",
        "views/order_analytics_order_views.xml",
        "views/order_analytics_stage_views.xml",
        "views/order_analytics_shipment_views.xml",
        "data/order_analytics_rfm_segment_data.xml",
        "views/order_analytics_class_views.xml",
        "views/order_analytics_rfm_views.xml",
        "views/order_analytics_forecast_views.xml",
        "views/product_views.xml",
        "views/res_partner_views.xml",
        "views/order_analytics_service_level_views.xml",
        "wizards/order_analytics_safety_stock_views.xml",
        "views/res_config_settings_views.xml",
        "views/digest_views.xml",
        "views/menus.xml",
        # The dashboard links to the report menus: after them.
        "data/dashboards.xml",
    ],
    "demo": ["demo/order_analytics_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "order_analytics/static/tests/tours/**/*",
        ],
    },
}
