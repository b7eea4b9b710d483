# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One automatic check per file: model ``sale.review.check.<code>``."""

from . import none
from . import audit
from . import credit
from . import capacity
from . import stock
from . import special
from . import final
