# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The satisfaction survey of a delivered order: sent once, by a batched
cron, some days after the order's last shipment was delivered."""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .survey_user_input import SURVEY_GUARD, SURVEY_GUARD_KEY

_logger = logging.getLogger(__name__)

SURVEY_BATCH = 100
# Orders delivered longer ago than the delay plus this are not surveyed:
# installing the addon does not mail customers about last year's orders, and
# the cron's scan stays bounded by recent deliveries whatever the history.
SURVEY_MAX_AGE_DAYS = 30
# How long the customer's personal link stays open.
SURVEY_ANSWER_DAYS = 30
SURVEY_ORDER_FIELDS = frozenset({"tracking_survey_input_id", "tracking_survey_sent_at"})


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    # === FIELDS === #
    tracking_survey_input_id = fields.Many2one(
        "survey.user_input",
        string="Delivery Survey Answer",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    tracking_survey_sent_at = fields.Datetime(
        string="Delivery Survey Sent On",
        readonly=True,
        copy=False,
        help="When the satisfaction survey was sent: an order is surveyed once.",
    )

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        if any(SURVEY_ORDER_FIELDS & vals.keys() for vals in vals_list) and (
            self.env.context.get(SURVEY_GUARD_KEY) is not SURVEY_GUARD
        ):
            raise UserError(
                self.env._(
                    "The delivery survey of an order is sent by Odoo, not set by hand."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if SURVEY_ORDER_FIELDS & vals.keys() and (
            self.env.context.get(SURVEY_GUARD_KEY) is not SURVEY_GUARD
        ):
            raise UserError(
                self.env._(
                    "The delivery survey of an order is sent by Odoo, not set by hand."
                )
            )
        return super().write(vals)

    # === PORTAL === #
    def _tracking_portal_survey(self, visitor=None):
        """The absolute start URL of this order's delivery survey for the
        portal page, or False when none is pending or the visitor is not the
        person it was sent to (a public visitor holds the order's link).

        :param visitor: the ``res.users`` viewing the page (the portal reads
            the order as superuser, so ``self.env.user`` is not the visitor);
            defaults to ``self.env.user``
        :return: str or False
        """
        self.ensure_one()
        user_input = self.sudo().tracking_survey_input_id
        if (
            not user_input
            or user_input.state == "done"
            or not user_input.survey_id.active
            or (user_input.deadline and user_input.deadline < fields.Datetime.now())
        ):
            return False
        user = visitor or self.env.user
        if not user._is_public() and user.partner_id != user_input.partner_id:
            return False
        return user_input.get_base_url() + user_input.get_start_url()

    # === SURVEY CRON === #
    @api.model
    def _cron_send_tracking_survey(self, batch_size=SURVEY_BATCH):
        """Send the delivery survey of one batch of due orders (see
        ``_tracking_survey_due_query``); progress is reported so Odoo
        commits each batch and calls again while orders remain.

        :return: the number of orders left for the next runs
        """
        rows = self.env.execute_query_dict(
            self._tracking_survey_due_query(batch_size + 1)
        )
        batch = rows[:batch_size]
        done = 0
        for row in batch:
            order = self.sudo().browse(row["order_id"])
            shipment = self.env["order.shipment"].sudo().browse(row["shipment_id"])
            try:
                with self.env.cr.savepoint():
                    order._tracking_send_survey(shipment)
            except UserError as error:
                # A survey the company cannot send to this customer: the
                # order is marked so that it does not block the next batches.
                _logger.warning("Delivery survey of %s not sent: %s", order.name, error)
                order.with_context(**{SURVEY_GUARD_KEY: SURVEY_GUARD}).write(
                    {"tracking_survey_sent_at": fields.Datetime.now()}
                )
            done += 1
        remaining = 0
        if len(rows) > batch_size:
            remaining = self.env.execute_query(
                self._tracking_survey_due_query(count=True)
            )[0][0]
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return remaining

    @api.model
    def _tracking_survey_due_query(self, limit=None, count=False):
        """Confirmed orders due for their survey, in one set-based query:
        no survey sent yet, a delivered shipment whose last event is older
        than the company's delay (and not older than the delay plus
        ``SURVEY_MAX_AGE_DAYS``), every shipment final, no outgoing delivery
        still to do, and no open delivery exception. Each row names the
        order and its last delivered shipment."""
        for model in ("order.shipment", "stock.picking", "sale.order", "res.company"):
            self.env[model].flush_model()
        now = fields.Datetime.now()
        select = (
            SQL("count(*)")
            if count
            else SQL("so.id AS order_id, last.id AS shipment_id")
        )
        tail = SQL() if count else SQL("ORDER BY so.id LIMIT %s", limit)
        return SQL(
            """
            WITH recent AS (
                SELECT DISTINCT s.sale_id
                  FROM order_shipment s
                  JOIN sale_order so ON so.id = s.sale_id
                  JOIN res_company c ON c.id = so.company_id
                 WHERE s.status = 'delivered'
                   AND s.last_event_time >= %(now)s - make_interval(days =>
                           GREATEST(c.tracking_survey_delay_days, 0) + %(max_age)s)
            )
            SELECT %(select)s
              FROM recent
              JOIN sale_order so ON so.id = recent.sale_id
              JOIN res_company c ON c.id = so.company_id
              JOIN survey_survey ss ON ss.id = c.tracking_survey_id AND ss.active
              CROSS JOIN LATERAL (
                    SELECT s.id, s.last_event_time
                      FROM order_shipment s
                     WHERE s.sale_id = so.id AND s.status = 'delivered'
                  ORDER BY s.last_event_time DESC NULLS LAST, s.id DESC
                     LIMIT 1
              ) last
             WHERE so.state = 'sale'
               AND so.tracking_survey_sent_at IS NULL
               AND last.last_event_time < %(now)s - make_interval(
                       days => GREATEST(c.tracking_survey_delay_days, 0))
               AND NOT EXISTS (
                       SELECT 1 FROM order_shipment moving
                        WHERE moving.sale_id = so.id AND moving.final IS NOT TRUE)
               AND NOT EXISTS (
                       SELECT 1 FROM stock_picking p
                         JOIN stock_picking_type t ON t.id = p.picking_type_id
                        WHERE p.sale_id = so.id AND t.code = 'outgoing'
                          AND p.state NOT IN ('done', 'cancel'))
               %(no_open_case)s
             %(tail)s
            """,
            now=now,
            max_age=SURVEY_MAX_AGE_DAYS,
            select=select,
            no_open_case=self._tracking_survey_case_condition(),
            tail=tail,
        )

    @api.model
    def _tracking_survey_case_condition(self):
        """No survey while a delivery exception of the order is open (when
        delivery exceptions are installed)."""
        if "order.delivery.exception" not in self.env:
            return SQL()
        Case = self.env["order.delivery.exception"]
        Case.flush_model(["sale_id", "state"])
        open_states = ("new", "in_progress")
        return SQL(
            "AND NOT EXISTS (SELECT 1 FROM %s e"
            " WHERE e.sale_id = so.id AND e.state IN %s)",
            SQL.identifier(Case._table),
            open_states,
        )

    def _prepare_tracking_survey_answer_vals(self, shipment):
        """Extra values of the survey answer created for this order."""
        self.ensure_one()
        return {
            "sale_order_id": self.id,
            "shipment_id": shipment.id,
            "carrier_id": shipment.carrier_id.id,
            "deadline": fields.Datetime.now() + timedelta(days=SURVEY_ANSWER_DAYS),
        }

    def _tracking_send_survey(self, shipment):
        """Create this order's personal survey answer and queue its mail
        (sent by the mail queue, never in a user's request).

        :param shipment: the order's last delivered shipment
        :return: the ``survey.user_input``
        """
        self.ensure_one()
        guarded = {SURVEY_GUARD_KEY: SURVEY_GUARD}
        survey = self.company_id.tracking_survey_id.with_context(**guarded)
        user_input = survey._create_answer(
            partner=self.partner_id,
            check_attempts=False,
            **self._prepare_tracking_survey_answer_vals(shipment),
        )
        self.with_context(**guarded).write(
            {
                "tracking_survey_input_id": user_input.id,
                "tracking_survey_sent_at": fields.Datetime.now(),
            }
        )
        template = self.env.ref(
            "order_logistics_tracking.mail_template_delivery_survey",
            raise_if_not_found=False,
        )
        if template and user_input.partner_id.email:
            template.send_mail(
                user_input.id, email_layout_xmlid="mail.mail_notification_light"
            )
        return user_input
