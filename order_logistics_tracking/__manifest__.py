# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Order Logistics Tracking",
    "summary": "Carrier tracking, delivery exceptions, emergency playbooks and "
    "satisfaction surveys for sale orders",
    "version": "18.0.1.0.0",
    "category": "Inventory/Delivery",
    "website": "https://github.com/order-desk/order-desk",
    "author": "Order Desk",
    "maintainers": ["order-desk"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": True,
    "depends": [
        "sale_stock",
        "stock_delivery",
        "portal",
        "survey",
        "mail",
    ],
    "data": [
        "security/order_logistics_tracking_security.xml",
        "security/order_delivery_exception_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron.xml",
        "data/shipment_mail_templates.xml",
        "data/exception_mail_templates.xml",
        "data/exception_data.xml",
        "data/exception_cron.xml",
        "data/survey_data.xml",
        "data/survey_mail_template.xml",
        "data/survey_cron.xml",
        "views/order_shipment_views.xml",
        "views/stock_picking_views.xml",
        "views/delivery_carrier_views.xml",
        "views/menus.xml",
        "views/order_delivery_exception_views.xml",
        "views/order_exception_playbook_views.xml",
        "views/survey_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_config_settings_survey_views.xml",
        "views/portal_templates.xml",
        "views/portal_survey_templates.xml",
    ],
    "demo": [
        "demo/tracking_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "order_logistics_tracking/static/tests/tours/*.js",
        ],
    },
}
