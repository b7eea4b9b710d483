# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Planning calculations of order_analytics, as plain Python.

Nothing in this package imports Odoo: the addon reads the facts (revenue per
product, demand per period, lead times) with SQL and hands plain numbers to
these functions, which can therefore be read, tested and benchmarked alone.

- :mod:`.classify`: ABC, XYZ, Syntetos-Boylan demand classes, RFM.
- :mod:`.forecast`: demand forecast with the method chosen by demand class,
  and its backtest against a seasonal-naive benchmark.
- :mod:`.stock`: safety stock, reorder point and a suggested min / max.

numpy and statsmodels are imported inside the forecasting functions only, so
importing this package costs neither (+100-300 MB per Odoo worker otherwise).
"""

from . import classify, forecast, stock
