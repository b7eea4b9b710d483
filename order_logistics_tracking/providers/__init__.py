# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Carrier tracking clients in plain Python (no Odoo import).

The Odoo models import what they need from the submodules; this package only
re-exports the contract of :mod:`.base` and the two clients.
"""

from .base import (
    FINAL_STATUSES,
    STATUSES,
    HttpClient,
    ProviderError,
    TrackingEvent,
    TrackingResult,
)
from .kuaidi100 import Kuaidi100Client, Kuaidi100Push
from .track17 import Track17Client
