from . import test_access
from . import test_facts
from . import test_i18n
from . import test_install
from . import test_refresh
from . import test_review_and_satisfaction
from . import test_shipments
