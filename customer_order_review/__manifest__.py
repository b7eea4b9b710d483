# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Customer Order Review",
    "summary": "Staged review of sale orders: audit, credit, capacity, stock, "
    "special requirements and final approval",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/order-desk/order-desk",
    "author": "Order Desk",
    "maintainers": ["order-desk"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": True,
    "depends": [
        "sale_management",
        "sale_stock",
        "account",
        "portal",
        "mail",
    ],
    "data": [
        "security/customer_order_review_security.xml",
        "security/ir.model.access.csv",
        "data/sale_review_stage_data.xml",
        "data/sale_review_risk_factor_data.xml",
        "data/mail_activity_type_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "wizards/sale_order_review_decision_views.xml",
        "wizards/sale_order_review_answer_views.xml",
        "views/sale_review_stage_views.xml",
        "views/sale_review_risk_factor_views.xml",
        "views/sale_order_review_views.xml",
        "views/sale_order_review_log_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/sale_portal_templates.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/product_demo.xml",
        "demo/sale_order_demo.xml",
    ],
    "pre_init_hook": "pre_init_hook",
    "uninstall_hook": "uninstall_hook",
    "assets": {
        "web.assets_tests": [
            "customer_order_review/static/tests/tours/*.js",
        ],
    },
}
