# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Delivery survey answers: which order, shipment and carrier they are
about, the CSAT and NPS they give, and the complaint a poor one opens."""

import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

# The delivery survey process owns these fields: they are written only under
# this sentinel (by the sending cron), never by a form, an import or RPC.
SURVEY_GUARD = object()
SURVEY_GUARD_KEY = "order_tracking_survey_guard"
SURVEY_LINK_FIELDS = frozenset({"sale_order_id", "shipment_id", "carrier_id"})
# Role of a question -> (value field, "answered" field) on the answer. NPS 0
# is a real answer: the flag tells it from "not answered".
ROLE_FIELDS = {
    "csat": ("order_csat", "order_csat_answered"),
    "nps": ("order_nps", "order_nps_answered"),
}
# Company setting holding the "poor at most" threshold of each role.
ROLE_THRESHOLDS = {
    "csat": "tracking_survey_poor_csat",
    "nps": "tracking_survey_poor_nps",
}


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    # === FIELDS === #
    sale_order_id = fields.Many2one(
        "sale.order",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    shipment_id = fields.Many2one(
        "order.shipment", readonly=True, copy=False, ondelete="set null"
    )
    carrier_id = fields.Many2one(
        "delivery.carrier",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    order_csat = fields.Integer(
        string="CSAT",
        compute="_compute_order_scores",
        store=True,
        help="Satisfaction with the order (1 to 5), from the completed answer.",
    )
    order_csat_answered = fields.Boolean(
        string="CSAT Answered", compute="_compute_order_scores", store=True
    )
    order_nps = fields.Integer(
        string="NPS Score",
        compute="_compute_order_scores",
        store=True,
        help="Likelihood to recommend (0 to 10), from the completed answer.",
    )
    order_nps_answered = fields.Boolean(
        string="NPS Answered", compute="_compute_order_scores", store=True
    )

    # === COMPUTES === #
    @api.depends(
        "state",
        "user_input_line_ids.skipped",
        "user_input_line_ids.value_scale",
        "user_input_line_ids.value_numerical_box",
        "user_input_line_ids.suggested_answer_id",
        "user_input_line_ids.question_id.order_tracking_role",
    )
    def _compute_order_scores(self):
        for user_input in self:
            values = user_input._order_tracking_values()
            for role, (fname, answered) in ROLE_FIELDS.items():
                user_input[fname] = values.get(role, 0)
                user_input[answered] = role in values

    def _order_tracking_values(self):
        """The number each role question of this answer gives, once the
        answer is completed: ``{role: value}`` (first answered line wins)."""
        self.ensure_one()
        values = {}
        if self.state != "done":
            return values
        for line in self.user_input_line_ids:
            question = line.question_id
            role = question.order_tracking_role
            if role in ROLE_FIELDS and role not in values:
                value = question._order_tracking_value(line)
                if value is not None:
                    values[role] = value
        return values

    # === CRUD === #
    def _is_survey_process(self):
        return self.env.context.get(SURVEY_GUARD_KEY) is SURVEY_GUARD

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_survey_process() and any(
            SURVEY_LINK_FIELDS & vals.keys() for vals in vals_list
        ):
            raise UserError(self._survey_link_error())
        return super().create(vals_list)

    def write(self, vals):
        if SURVEY_LINK_FIELDS & vals.keys() and not self._is_survey_process():
            raise UserError(self._survey_link_error())
        return super().write(vals)

    def _survey_link_error(self):
        return self.env._(
            "The order, shipment and carrier of a delivery survey answer are "
            "set when the survey is sent, never by hand."
        )

    # === BUSINESS === #
    def _mark_done(self):
        res = super()._mark_done()
        answers = self.filtered(lambda i: i.sale_order_id and not i.test_entry)
        if answers:
            answers._tracking_survey_completed()
        return res

    def _tracking_survey_completed(self):
        """Hook: these delivery survey answers were just completed (by the
        customer, through the survey's own routes). A poor one opens a
        customer complaint; the order's chatter notes the scores."""
        for user_input in self.sudo():
            order = user_input.sale_order_id
            # Written for the staff, in the salesperson's language, not in
            # the language of the customer's request.
            staff_lang = order.user_id.lang or order.company_id.partner_id.lang
            user_input = user_input.with_context(lang=staff_lang)
            order._message_log(body=user_input._tracking_summary())
            if user_input._tracking_is_poor():
                user_input._tracking_open_complaint()

    def _tracking_is_poor(self):
        """Whether an answered role is at or below its company threshold."""
        self.ensure_one()
        company = self.sale_order_id.company_id or self.env.company
        for role, (fname, answered) in ROLE_FIELDS.items():
            if self[answered] and self[fname] <= company[ROLE_THRESHOLDS[role]]:
                return True
        return False

    def _tracking_summary(self):
        """What the customer said, in one line of text."""
        self.ensure_one()
        parts = []
        if self.order_csat_answered:
            parts.append(self.env._("satisfaction %(value)s/5", value=self.order_csat))
        if self.order_nps_answered:
            parts.append(
                self.env._("recommendation %(value)s/10", value=self.order_nps)
            )
        comments = [
            line.value_text_box or line.value_char_box
            for line in self.user_input_line_ids
            if line.answer_type in ("text_box", "char_box")
        ]
        summary = self.env._(
            "Delivery survey answered by %(partner)s: %(scores)s.",
            partner=self.partner_id.display_name or self.email or "",
            scores=", ".join(parts) or self.env._("no score"),
        )
        if comments:
            summary += " " + self.env._("Comment: %(text)s", text=" / ".join(comments))
        return summary

    def _prepare_complaint_vals(self):
        """Values of the customer complaint case a poor answer opens; keys
        the case model does not have are dropped by the caller."""
        self.ensure_one()
        order = self.sale_order_id
        return {
            "exception_type": "customer_complaint",
            "sale_id": order.id,
            "shipment_id": self.shipment_id.id,
            "picking_id": self.shipment_id.picking_id.id,
            "partner_id": order.partner_id.id,
            "company_id": order.company_id.id,
            "source": "customer",
            "cause_key": f"survey:{self.id}",
            "description": self._tracking_summary(),
        }

    def _tracking_open_complaint(self):
        """Open a ``customer_complaint`` case for this answer, once (keyed
        by ``survey:<id>``), when delivery exceptions are installed.

        :return: the case, or None
        """
        self.ensure_one()
        if "order.delivery.exception" not in self.env:
            return None
        Case = self.env["order.delivery.exception"]
        # The case process's own sudo lets a detector set cause and source.
        case_sudo = Case._case_sudo() if hasattr(Case, "_case_sudo") else Case.sudo()
        vals = {
            key: value
            for key, value in self._prepare_complaint_vals().items()
            if key in Case._fields and value
        }
        existing = case_sudo.with_context(active_test=False).search(
            [
                ("cause_key", "=", vals["cause_key"]),
                ("company_id", "=", vals["company_id"]),
            ],
            limit=1,
        )
        if existing:
            return existing
        try:
            # The customer's submission must not fail for a case that could
            # not be opened: the answer is kept, the error logged.
            with self.env.cr.savepoint():
                case = case_sudo.create(vals)
        except Exception:
            _logger.exception(
                "No complaint case could be opened for survey answer %s", self.id
            )
            return None
        if "description" not in Case._fields:
            case._message_log(body=Markup("<p>%s</p>") % self._tracking_summary())
        return case
