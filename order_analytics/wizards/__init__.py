from . import order_analytics_safety_stock
from . import order_analytics_safety_stock_line
