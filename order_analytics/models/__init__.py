from . import res_company
from . import res_config_settings
from . import order_analytics_ratio
from . import order_analytics_line
from . import order_analytics_order
from . import order_analytics_refresh
from . import digest
