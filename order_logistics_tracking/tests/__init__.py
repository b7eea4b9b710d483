from . import test_i18n
from . import test_install
from . import test_tracking
from . import test_webhooks
from . import test_polling
from . import test_access
from . import test_extend
