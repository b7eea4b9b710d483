# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _update_foreign_keys(self, src_partners, dst_partner):
        """Merge the monthly rollup's rows of the source partners into the
        destination's first.

        The generic update moves every reference in one ``UPDATE`` per
        column and, when a unique key refuses it (a source's row and the
        destination's row of the same month and dimensions), deletes the
        source's rows: the rollup would lose their figures while the line
        facts keep them.
        """
        rollup = self.env["order.analytics.line.month"]
        for field_name in rollup._dimensions_of(src_partners._name):
            rollup._merge_dimension(field_name, src_partners.ids, dst_partner.id)
        return super()._update_foreign_keys(src_partners, dst_partner)
