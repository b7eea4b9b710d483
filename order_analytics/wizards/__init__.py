from . import order_analytics_safety_stock
from . import order_analytics_safety_stock_line
from . import base_partner_merge_automatic_wizard
