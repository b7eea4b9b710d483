from . import test_facts
from . import test_i18n
from . import test_install
from . import test_dashboard
from . import test_digest
