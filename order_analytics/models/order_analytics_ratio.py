# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.tools import SQL

from .. import fact_sql


class OrderAnalyticsRatioMixin(models.AbstractModel):
    """Ratios that aggregate as Σ numerator / Σ denominator.

    A fact row stores its own ratio (shown in the list) and the two counts it
    comes from. Grouped anywhere — pivot, graph, spreadsheet, digest — the
    ratio of a group is recomputed from the sums of those counts, never
    averaged over the rows' percentages (the way ``vendor.delay.report`` does
    its on-time rate in core). A model lists its ratios in ``_ratio_fields``.
    """

    _name = "order.analytics.ratio.mixin"
    _description = "Order Analytics Weighted Ratios"

    # ratio field -> (numerator field, denominator field, scale)
    _ratio_fields = {}

    def _read_group_select(self, aggregate_spec, query):
        fname, __, func = aggregate_spec.partition(":")
        ratio = self._ratio_fields.get(fname)
        if not ratio or func not in ("avg", "sum"):
            return super()._read_group_select(aggregate_spec, query)
        # Reading the counts checks their access like any aggregate does.
        numerator, denominator, scale = ratio
        return SQL(
            "SUM(%s) * %s / NULLIF(SUM(%s), 0)",
            self._field_to_sql(self._table, numerator, query),
            scale,
            self._field_to_sql(self._table, denominator, query),
        )

    @staticmethod
    def _ratio_sql(numerator, denominator, scale=100.0):
        """The same ratio for one fact row, for the INSERT that fills it.

        :param numerator: SQL of the row's numerator
        :param denominator: SQL of the row's denominator
        :return: SQL, NULL when the denominator is 0
        """
        return SQL("(%s) * %s / NULLIF(%s, 0)", numerator, scale, denominator)

    def _with_ratios(self, columns, counts):
        """``columns`` plus the counts and each row's own ratio of
        ``_ratio_fields`` made from them, for ``_select_*_facts``."""
        columns = {**columns, **counts}
        for ratio, (numerator, denominator, scale) in self._ratio_fields.items():
            columns[ratio] = self._ratio_sql(
                counts[numerator], counts[denominator], scale
            )
        return columns

    def _write_facts(self, order_ids, with_sql, columns, key):
        """Upsert the rows ``with_sql`` ends in (``judged``), then drop the
        rows of these orders it did not write (a cancelled order, a deleted
        line): the refresh of every fact model.

        :param key: the unique column a row is found by
        """
        self.env.cr.execute(
            fact_sql.upsert(self._table, with_sql, "judged", columns, key, self.env.uid)
        )
        kept = [row[0] for row in self.env.cr.fetchall()]
        self.env.cr.execute(fact_sql.delete_stale(self._table, order_ids, key, kept))
        self.invalidate_model()
