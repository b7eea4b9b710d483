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
    "installable": True,
    "depends": [
        "sale_management",
        "sale_stock",
        "account",
        "portal",
        "mail",
    ],
    "data": [
        "security/customer_order_review_security.xml",
        "views/menus.xml",
    ],
}
