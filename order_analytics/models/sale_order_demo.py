# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo data only: two and a half years of confirmed and delivered orders, so
that the classes, the RFM segments and the forecasts of a demo database have a
history to work on (the plan is :mod:`..demo_history`)."""

from datetime import timedelta

from odoo import Command, api, fields, models

from .. import demo_history

# The XML ids of the history's orders, oldest first. The first one says the
# history exists: the demo file runs again at every update of the addon.
ORDER_XMLID = "order_analytics.demo_history_order_{:03d}"


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _demo_analytics_history(self):
        """Create the demo history of :func:`demo_history.build_plan` in the
        current company: orders confirmed, delivered from stock received for
        them, and dated as the plan says. Does nothing when the history
        exists, or when the demo records it uses do not (a database without
        the other addons' demo data).

        The history predates the order review: the company's review is
        switched off while it is made, as if the orders had been confirmed
        before it was switched on, then switched back on. Going through the
        review would stamp every order with stages decided today.
        """
        if self.env.ref(ORDER_XMLID.format(1), raise_if_not_found=False):
            return
        refs = {
            xmlid: self.env.ref(xmlid, raise_if_not_found=False)
            for xmlid in demo_history.xmlids()
        }
        if not all(refs.values()):
            return
        now = fields.Datetime.now()
        plan = demo_history.build_plan(now)
        company = self.env.company
        reviewing = company.order_review_enabled
        company.order_review_enabled = False
        quiet = self.with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True
        )
        quiet._demo_history_stock(plan, refs, now)
        orders = quiet.create([quiet._demo_history_order_vals(p, refs) for p in plan])
        orders.action_confirm()
        quiet._demo_history_schedule(plan, orders)
        quiet._demo_history_deliver(plan, orders)
        quiet._demo_history_delivery_dates(plan, orders)
        company.order_review_enabled = reviewing
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": ORDER_XMLID.format(index),
                    "record": order,
                    "noupdate": True,
                }
                for index, order in enumerate(orders, start=1)
            ]
        )

    @api.model
    def _demo_history_stock(self, plan, refs, now):
        """Receive, before the first order, what the history delivers of
        each storable product (an inventory adjustment, as Odoo's demo
        stock is), so that the stock on hand ends as it was."""
        totals = {
            refs[xmlid]: quantity
            for xmlid, quantity in demo_history.stock_needed(plan).items()
        }
        products = self.env["product.product"].union(*totals).filtered("is_storable")
        if not products:
            return
        stock = (
            self.env["stock.warehouse"]
            .search([("company_id", "=", self.env.company.id)], limit=1)
            .lot_stock_id
        )
        Quant = self.env["stock.quant"].with_context(inventory_mode=True)
        quants = Quant.create(
            [
                {
                    "product_id": product.id,
                    "location_id": stock.id,
                    "inventory_quantity": totals[product]
                    + sum(
                        Quant._gather(product, stock, strict=True).mapped("quantity")
                    ),
                }
                for product in products
            ]
        )
        quants.action_apply_inventory()
        moves = self.env["stock.move"].search(
            [
                ("is_inventory", "=", True),
                ("product_id", "in", products.ids),
                ("location_dest_id", "=", stock.id),
                ("date", ">=", now),
            ]
        )
        received = plan[0].ordered - timedelta(days=3)
        moves.write({"date": received})
        moves.move_line_ids.write({"date": received})

    @api.model
    def _demo_history_order_vals(self, planned, refs):
        """The values of one planned order, every line promised within the
        order's lead time."""
        return {
            "partner_id": refs[planned.customer.xmlid].id,
            "user_id": refs[planned.customer.salesperson].id,
            "date_order": planned.ordered,
            "order_line": [
                Command.create(
                    {
                        "product_id": refs[xmlid].id,
                        "product_uom_qty": quantity,
                        "customer_lead": planned.lead_days,
                    }
                )
                for xmlid, quantity in planned.lines
            ],
        }

    @api.model
    def _demo_history_schedule(self, plan, orders):
        """Date the orders and schedule their deliveries for the promised
        day, as the plan says (confirming dated them now). Before the
        deliveries are validated: a done transfer keeps its schedule."""
        for planned, order in zip(plan, orders, strict=True):
            order.date_order = planned.ordered
            order.picking_ids.write(
                {"date": planned.ordered, "scheduled_date": planned.promised}
            )

    @api.model
    def _demo_history_deliver(self, plan, orders):
        """Validate the deliveries the plan made: in full, short (the rest
        cancelled) or split (the rest delivered from a backorder, or still
        to come). One validation per kind, for every order at once."""
        full = short = split = self.env["stock.picking"]
        for planned, order in zip(plan, orders, strict=True):
            if not planned.delivered:
                continue
            if planned.outcome == demo_history.SHORT:
                short |= order.picking_ids
            elif planned.outcome == demo_history.SPLIT:
                split |= order.picking_ids
            else:
                full |= order.picking_ids
            # Reserved in full from the stock received for the history; only
            # what is left out differs.
            _when, quantities = planned.delivered
            for line, quantity in zip(order.order_line, quantities, strict=True):
                if line.move_ids.quantity != quantity:
                    line.move_ids.quantity = quantity
        (full | short | split).move_ids.picked = True
        (full | short).with_context(cancel_backorder=True)._action_done()
        split.with_context(cancel_backorder=False)._action_done()
        rest = self.env["stock.picking"]
        for planned, order in zip(plan, orders, strict=True):
            if planned.rest:
                rest |= order.picking_ids.filtered(lambda p: p.state != "done")
        for move in rest.move_ids:
            move.quantity = move.product_uom_qty
        rest.move_ids.picked = True
        rest.with_context(cancel_backorder=True)._action_done()

    @api.model
    def _demo_history_delivery_dates(self, plan, orders):
        """Date the validated deliveries and their stock moves as the plan
        says (validating dated them now): the first delivery, then the
        backorder of a split one."""
        for planned, order in zip(plan, orders, strict=True):
            done = [planned.delivered[0]] if planned.delivered else []
            if planned.rest:
                done.append(planned.rest)
            pickings = order.picking_ids.filtered(lambda p: p.state == "done")
            for picking, when in zip(pickings.sorted("id"), done, strict=True):
                picking.date_done = when
                picking.move_ids.date = when
                picking.move_line_ids.date = when
