# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The answers a delivery survey measures; each maps to the fields of
# ``survey.user_input`` that store it (see survey_user_input.py).
ORDER_TRACKING_ROLES = [
    ("csat", "Satisfaction (CSAT, 1-5)"),
    ("nps", "Recommendation (NPS, 0-10)"),
]
# The question types a role can be read from.
ROLE_QUESTION_TYPES = ("scale", "numerical_box", "simple_choice")


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    order_tracking_role = fields.Selection(
        ORDER_TRACKING_ROLES,
        string="Delivery Survey Role",
        help="What this question measures when the survey is sent after a "
        "delivery: its answer becomes the order's CSAT or NPS. A scale or a "
        "number is read as is; a single choice by the position of the chosen "
        "answer (first = 1 for CSAT, 0 for NPS).",
    )

    @api.constrains("order_tracking_role", "question_type")
    def _check_order_tracking_role(self):
        for question in self:
            if (
                question.order_tracking_role
                and question.question_type not in ROLE_QUESTION_TYPES
            ):
                raise ValidationError(
                    self.env._(
                        "Only a scale, a number or a single choice question can "
                        "give the satisfaction or recommendation of an order."
                    )
                )

    def _order_tracking_value(self, line):
        """The number the answer ``line`` to this role question gives, or
        None when skipped.

        :param line: a ``survey.user_input.line`` of this question
        """
        self.ensure_one()
        if line.skipped:
            return None
        if self.question_type == "scale":
            return line.value_scale
        if self.question_type == "numerical_box":
            return round(line.value_numerical_box)
        if self.question_type == "simple_choice" and line.suggested_answer_id:
            answers = self.suggested_answer_ids.sorted(lambda a: (a.sequence, a.id))
            first = 1 if self.order_tracking_role == "csat" else 0
            return list(answers).index(line.suggested_answer_id) + first
        return None
