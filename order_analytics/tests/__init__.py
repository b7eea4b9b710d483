from . import test_classes
from . import test_facts
from . import test_forecast_models
from . import test_i18n
from . import test_install
from . import test_safety_stock
