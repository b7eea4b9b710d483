# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..planning import classify

SCALES = [("5", "Quintiles (1-5)"), ("3", "Terciles (1-3)")]
SCORES = ("recency", "frequency", "monetary")


class OrderAnalyticsRfmSegment(models.Model):
    """A segment of the RFM map: the R, F and M score ranges it covers.

    The first segment (by sequence) whose ranges hold a customer's scores is
    the customer's segment. There is one map per scale: quintiles, and the
    terciles used when a company has too few customers for quintiles.
    """

    _name = "order.analytics.rfm.segment"
    _description = "RFM Segment"
    _order = "scale desc, sequence, id"

    # === FIELDS === #
    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Technical code of the segment.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    scale = fields.Selection(SCALES, required=True, default="5")
    recency_min = fields.Integer(string="R from", default=1)
    recency_max = fields.Integer(string="R to", default=5)
    frequency_min = fields.Integer(string="F from", default=1)
    frequency_max = fields.Integer(string="F to", default=5)
    monetary_min = fields.Integer(string="M from", default=1)
    monetary_max = fields.Integer(string="M to", default=5)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_scale_uniq", "unique(code, scale)", "One segment per code and scale."),
    ]

    # === CONSTRAINTS === #
    @api.constrains(*(f"{score}_{end}" for score in SCORES for end in ("min", "max")))
    def _check_ranges(self):
        for segment in self:
            top = int(segment.scale)
            for score in SCORES:
                low, high = segment[f"{score}_min"], segment[f"{score}_max"]
                if not 1 <= low <= high <= top:
                    raise ValidationError(
                        self.env._(
                            "Segment %(segment)s: each score range must lie "
                            "within 1 and %(top)s, its start at most its end.",
                            segment=segment.name,
                            top=top,
                        )
                    )

    # === BUSINESS METHODS === #
    @api.model
    def _segment_rules(self):
        """The active map as :class:`planning.classify.SegmentRule` per scale.

        :return: ``(dict scale -> list of rules, dict (scale, code) -> id)``
        """
        rules, ids = {5: [], 3: []}, {}
        for segment in self.search([]):
            scale = int(segment.scale)
            rules[scale].append(
                classify.SegmentRule(
                    segment.code,
                    *(
                        (segment[f"{score}_min"], segment[f"{score}_max"])
                        for score in SCORES
                    ),
                )
            )
            ids[scale, segment.code] = segment.id
        return rules, ids
