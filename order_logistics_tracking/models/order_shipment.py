# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .order_tracking_event import STATUS_SELECTION

# The tracking owns these fields: they are written only by its own code,
# under this sentinel, never by a form, an import or an RPC call.
TRACKING_GUARD = object()
GUARD_KEY = "order_tracking_guard"
TRACKED_FIELDS = frozenset(
    {
        "status",
        "raw_code",
        "unknown_code",
        "final",
        "eta",
        "last_event_id",
        "last_event_time",
        "subscription_state",
        "subscription_error",
        "next_poll_at",
        "last_polled_at",
        "poll_failures",
        "pull_requested",
        "carrier_code",
        "picking_id",
        "name",
        "carrier_id",
    }
)


class OrderShipment(models.Model):
    """One parcel of an outgoing delivery, followed with its carrier."""

    _name = "order.shipment"
    _description = "Shipment"
    _inherit = ["mail.thread"]
    _order = "last_event_time desc nulls last, id desc"
    _check_company_auto = True

    # === FIELDS === #
    name = fields.Char(string="Tracking Reference", required=True, readonly=True)
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    sale_id = fields.Many2one(
        related="picking_id.sale_id", store=True, index=True, string="Sale Order"
    )
    partner_id = fields.Many2one(
        related="picking_id.partner_id", store=True, string="Recipient"
    )
    user_id = fields.Many2one(
        related="sale_id.user_id", store=True, string="Salesperson"
    )
    company_id = fields.Many2one(
        related="picking_id.company_id", store=True, index=True
    )
    carrier_id = fields.Many2one(
        "delivery.carrier", required=True, readonly=True, index=True
    )
    provider = fields.Selection(
        related="carrier_id.tracking_provider", store=True, string="Provider"
    )
    carrier_code = fields.Char(
        readonly=True,
        help="The provider's code of the carrier for this parcel (corrected by "
        "the provider when it found another carrier).",
    )
    status = fields.Selection(
        STATUS_SELECTION, default="pending", required=True, readonly=True, index=True
    )
    raw_code = fields.Char(string="Carrier Status Code", readonly=True)
    unknown_code = fields.Boolean(readonly=True)
    final = fields.Boolean(
        readonly=True,
        index=True,
        help="No further update will come: the parcel was delivered or returned, "
        "or tracking stopped.",
    )
    eta = fields.Datetime(string="Carrier ETA", readonly=True)
    event_ids = fields.One2many("order.tracking.event", "shipment_id", readonly=True)
    event_count = fields.Integer(compute="_compute_event_count")
    last_event_id = fields.Many2one("order.tracking.event", readonly=True)
    last_event_time = fields.Datetime(readonly=True, index=True)
    last_event_description = fields.Char(related="last_event_id.description")
    last_event_location = fields.Char(related="last_event_id.location")
    subscription_state = fields.Selection(
        [
            ("none", "Polled"),
            ("to_subscribe", "To Subscribe"),
            ("subscribed", "Subscribed"),
            ("failed", "Subscription Failed"),
        ],
        default="none",
        readonly=True,
        index=True,
    )
    subscription_error = fields.Char(readonly=True)
    next_poll_at = fields.Datetime(readonly=True, index=True)
    last_polled_at = fields.Datetime(readonly=True)
    poll_failures = fields.Integer(readonly=True)
    pull_requested = fields.Boolean(
        readonly=True, help="The provider said there is news: pull it."
    )
    tracking_url = fields.Char(compute="_compute_tracking_url")

    _sql_constraints = [
        (
            "ref_unique",
            "unique(picking_id, name)",
            "This tracking reference is already a shipment of this delivery.",
        )
    ]

    # === COMPUTES === #
    def _compute_event_count(self):
        counts = dict(
            self.env["order.tracking.event"]._read_group(
                [("shipment_id", "in", self.ids)], ["shipment_id"], ["__count"]
            )
        )
        for shipment in self:
            shipment.event_count = counts.get(shipment, 0)

    @api.depends("carrier_id", "name")
    def _compute_tracking_url(self):
        for shipment in self:
            url = shipment.carrier_id.tracking_url or ""
            shipment.tracking_url = (
                url.replace("<shipmenttrackingnumber>", shipment.name)
                if url and shipment.name
                else False
            )

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get(GUARD_KEY) is not TRACKING_GUARD:
            raise UserError(
                self.env._(
                    "Shipments are created from validated deliveries that have a "
                    "carrier and a tracking reference."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        # The tracking's own fields, and every field that follows the
        # delivery (order, customer, salesperson, company): the record rules
        # of salespeople and customers read them.
        protected = TRACKED_FIELDS | {
            name for name in vals if name in self._fields and self._fields[name].related
        }
        if protected & vals.keys() and (
            self.env.context.get(GUARD_KEY) is not TRACKING_GUARD
        ):
            raise UserError(
                self.env._(
                    "The tracking status of a shipment changes only with what its "
                    "carrier reports."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_untracked(self):
        if self.filtered("event_ids"):
            raise UserError(
                self.env._(
                    "A shipment with carrier events cannot be deleted: it is the "
                    "record of what happened to the parcel."
                )
            )

    def _tracking_sudo(self):
        """These shipments in superuser mode, allowed to write the fields
        the tracking owns."""
        return self.sudo().with_context(**{GUARD_KEY: TRACKING_GUARD})

    # === ACTIONS === #
    def action_view_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_logistics_tracking.action_order_tracking_event"
        )
        action["domain"] = [("shipment_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_refresh_tracking(self):
        """Ask for news now: the next polling run (started at once, outside
        this request) pulls these shipments."""
        now = fields.Datetime.now()
        for shipment in self.filtered(lambda s: not s.final):
            # Never sooner than the provider allows for one number
            # (Kuaidi100 locks numbers queried more than every 30 minutes).
            earliest = now
            if shipment.last_polled_at:
                interval = shipment.carrier_id._tracking_min_poll_interval()
                earliest = max(now, shipment.last_polled_at + interval)
            shipment._tracking_sudo().write(
                {"pull_requested": True, "next_poll_at": earliest}
            )
        self.env.ref("order_logistics_tracking.ir_cron_poll_shipments")._trigger()
        return True

    # === BUSINESS === #
    def _tracking_phone(self):
        """The recipient's phone, needed by some carriers (SF, ZTO)."""
        self.ensure_one()
        partner = self.picking_id.partner_id
        return partner.phone or partner.mobile or None

    @api.model
    def _create_for_pickings(self, pickings):
        """Shipments for each tracking reference of these done outgoing
        deliveries whose carrier is tracked (a picking's comma-separated
        references are several parcels); subscription is left to a cron,
        triggered to run after this transaction.

        :return: the new shipments
        """
        todo = pickings.filtered(
            lambda p: (
                p.state == "done"
                and p.picking_type_code == "outgoing"
                and p.carrier_id.tracking_provider
                and p.carrier_tracking_ref
            )
        )
        if not todo:
            return self.browse()
        existing = {
            (shipment.picking_id.id, shipment.name)
            for shipment in self.sudo().search([("picking_id", "in", todo.ids)])
        }
        now = fields.Datetime.now()
        vals_list = []
        for picking in todo:
            carrier = picking.carrier_id
            push = carrier._tracking_has_push()
            for ref in picking._tracking_references():
                if (picking.id, ref) in existing:
                    continue
                existing.add((picking.id, ref))
                vals_list.append(
                    {
                        "name": ref,
                        "picking_id": picking.id,
                        "carrier_id": carrier.id,
                        "carrier_code": carrier._tracking_default_code(),
                        "subscription_state": "to_subscribe" if push else "none",
                        "next_poll_at": now,
                    }
                )
        if not vals_list:
            return self.browse()
        shipments = self._tracking_sudo().create(vals_list)
        if shipments.filtered(lambda s: s.subscription_state == "to_subscribe"):
            self.env.ref(
                "order_logistics_tracking.ir_cron_subscribe_shipments"
            )._trigger()
        else:
            self.env.ref("order_logistics_tracking.ir_cron_poll_shipments")._trigger()
        return shipments
