# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .. import phrases as ph
from ..models.sale_order_special_requirement import DECISION_GUARD, DECISION_KEY
from .common import ReviewCase


@tagged("post_install", "-at_install")
class TestChecks(ReviewCase):
    """Each automatic check, run through ``sale.review.check._run``."""

    def _run(self, code, order):
        stage = self.env["sale.review.stage"].search(
            [("check_code", "=", code)], limit=1
        )
        res = self.env["sale.review.check"]._run(stage, order)[order.id]
        return self._readable(res)

    def _readable(self, res):
        """A check result as the reader sees it: sentences rendered, amounts
        kept as numbers beside their text."""
        evidence = []
        for item in res["evidence"]:
            shown = dict(
                item,
                label=ph.render(self.env, item["label"]),
                value=ph.render(self.env, item["value"]),
            )
            if isinstance(item["value"], dict) and "money" in item["value"]:
                shown.update(
                    amount=item["value"]["money"],
                    currency_id=item["value"]["currency"],
                )
            evidence.append(shown)
        return dict(res, message=ph.render(self.env, res["message"]), evidence=evidence)

    # --- order audit ---
    def test_audit_passes_a_clean_order(self):
        res = self._run("audit", self._create_order())
        self.assertEqual(res["result"], "pass", res["message"])

    def test_audit_incomplete_customer(self):
        partner = self._create_customer(
            "No Address Co", street=False, email=False, phone=False
        )
        res = self._run("audit", self._create_order(partner=partner))
        self.assertEqual(res["result"], "fail")
        self.assertIn("invoice address", res["message"])
        self.assertIn("contact", res["message"])

    def test_audit_missing_payment_terms(self):
        order = self._create_order()
        order.payment_term_id = False
        res = self._run("audit", order)
        self.assertEqual(res["result"], "fail")
        self.assertIn("payment terms", res["message"])

    def test_audit_zero_quantity_line(self):
        order = self._create_order(lines=[(self.product, 0.0)])
        res = self._run("audit", order)
        self.assertEqual(res["result"], "fail")
        self.assertIn("quantity", res["message"])

    def test_audit_discount_above_limit(self):
        order = self._create_order()
        order.order_line.discount = 25.0
        res = self._run("audit", order)
        self.assertEqual(res["result"], "fail")
        self.assertIn("20%", res["message"])
        self.company.order_review_discount_limit = 30.0
        self.assertNotEqual(self._run("audit", order)["result"], "fail")

    def test_audit_discount_within_limit_passes(self):
        order = self._create_order()
        order.order_line.discount = 10.0
        res = self._run("audit", order)
        self.assertEqual(res["result"], "pass", res["message"])

    def test_audit_price_below_pricelist(self):
        order = self._create_order()
        order.order_line.price_unit = 80.0
        res = self._run("audit", order)
        self.assertEqual(res["result"], "warn")
        self.assertIn("Price below the pricelist", res["message"])

    def test_audit_promised_date_in_the_past(self):
        order = self._create_order(days=-2)
        res = self._run("audit", order)
        self.assertEqual(res["result"], "fail")
        self.assertIn("in the past", res["message"])

    def test_audit_likely_duplicate(self):
        first = self._create_order(lines=[(self.product, 7.0), (self.product_b, 3.0)])
        second = self._create_order(lines=[(self.product_b, 3.0), (self.product, 7.0)])
        res = self._run("audit", second)
        self.assertEqual(res["result"], "warn")
        self.assertIn("duplicate", res["message"])
        linked = [e for e in res["evidence"] if e.get("model") == "sale.order"]
        self.assertEqual(linked[0]["ids"], [first.id])
        different = self._create_order(lines=[(self.product, 8.0)])
        self.assertEqual(self._run("audit", different)["result"], "pass")

    # --- credit ---
    def test_credit_exposure_adds_receivables_open_orders_and_this_order(self):
        partner = self._create_customer("Exposed Ltd", credit_limit=1000.0)
        invoice = self._invoice(partner, 300.0)
        confirmed = self._create_order(partner=partner, lines=[(self.product_b, 5.0)])
        confirmed.action_confirm()
        self.assertEqual(confirmed.state, "sale")
        order = self._create_order(partner=partner, lines=[(self.product, 4.0)])
        res = self._run("credit", order)
        values = {e["label"]: e for e in res["evidence"]}
        # 300 receivable + 200 confirmed not invoiced + 400 this order = 900 <= 1000
        self.assertEqual(res["result"], "pass", res["message"])
        self.assertEqual(values["Open receivables"]["amount"], 300.0)
        self.assertEqual(values["Open receivables"]["currency_id"], self.currency.id)
        # The invoice is open, not overdue: it is linked all the same.
        self.assertEqual(values["Open receivables"]["ids"], [invoice.id])
        self.assertEqual(values["Confirmed, not invoiced"]["amount"], 200.0)
        self.assertEqual(values["Confirmed, not invoiced"]["ids"], [confirmed.id])
        self.assertEqual(values["This order"]["amount"], 400.0)
        self.assertEqual(values["Exposure"]["amount"], 900.0)
        self.assertIn("90%", res["message"])
        partner.credit_limit = 800.0
        res = self._run("credit", order)
        self.assertEqual(res["result"], "fail")
        self.assertIn("exceeds", res["message"])

    def test_credit_evidence_amounts_are_formatted_when_shown(self):
        partner = self._create_customer("Shown Ltd", credit_limit=5000.0)
        order = self._create_order(partner=partner, lines=[(self.product, 4.0)])
        order.action_submit_review()
        review = order.review_ids.filtered(lambda r: r.check_code == "credit")
        exposure = [
            e for e in review.check_evidence if e["label"]["code"] == "label.exposure"
        ]
        self.assertEqual(exposure[0]["value"]["money"], 400.0)
        # formatted for the reader: symbol, grouping, decimals
        display = review.check_evidence_display
        self.assertIn("400.00", display)
        self.assertIn("5,000.00", display)
        self.assertIn(self.currency.symbol, display)
        self.assertIn("8%", review.check_message)

    def test_credit_exposure_counts_undelivered_lines_invoiced_on_delivery(self):
        """A product invoiced on delivery has nothing to invoice before it is
        delivered, yet the order is exposure all the same; once delivered and
        invoiced it is counted once, as a receivable."""
        partner = self._create_customer("Delivery Terms Ltd", credit_limit=10000.0)
        part = self._create_product(
            "Delivered Part", 40.0, stock=100.0, invoice_policy="delivery"
        )
        confirmed = self._create_order(partner=partner, lines=[(part, 5.0)])
        confirmed.action_confirm()
        self.assertEqual(confirmed.order_line.untaxed_amount_to_invoice, 0.0)
        order = self._create_order(partner=partner, lines=[(self.product, 1.0)])

        def amounts():
            res = self._run("credit", order)
            return {e["label"]: e.get("amount", e["value"]) for e in res["evidence"]}

        self.assertEqual(amounts()["Confirmed, not invoiced"], 200.0)
        # two delivered, three still to deliver: the same 200
        moves = confirmed.picking_ids.move_ids
        moves.quantity = 2.0
        moves.picked = True
        confirmed.picking_ids.with_context(skip_backorder=True)._action_done()
        self.assertEqual(confirmed.order_line.qty_delivered, 2.0)
        self.assertEqual(amounts()["Confirmed, not invoiced"], 200.0)
        # the delivered two invoiced: 80 receivable + 120 still to come
        confirmed._create_invoices().action_post()
        values = amounts()
        self.assertEqual(values["Open receivables"], 80.0)
        self.assertEqual(values["Confirmed, not invoiced"], 120.0)
        self.assertEqual(values["Exposure"], 300.0)

    def test_credit_exposure_counts_a_down_payment_once(self):
        partner = self._create_customer("Advance Ltd", credit_limit=100000.0)
        confirmed = self._create_order(partner=partner, lines=[(self.product_b, 10.0)])
        confirmed.action_confirm()
        self.env["sale.advance.payment.inv"].with_context(
            active_model="sale.order", active_ids=confirmed.ids
        ).create(
            {"advance_payment_method": "fixed", "fixed_amount": 100.0}
        ).create_invoices()
        confirmed.invoice_ids.action_post()
        order = self._create_order(partner=partner, lines=[(self.product, 1.0)])
        values = {
            e["label"]: e.get("amount") for e in self._run("credit", order)["evidence"]
        }
        # 400 ordered: 100 invoiced in advance, 300 still to invoice
        self.assertAlmostEqual(values["Open receivables"], 100.0)
        self.assertAlmostEqual(values["Confirmed, not invoiced"], 300.0)
        self.assertAlmostEqual(values["Exposure"], 500.0)

    def test_open_lines_index_serves_the_exposure_sum(self):
        """The partial index exists and its predicate is the query's."""
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["sale_order_line_review_open_idx"],
        )
        [(definition,)] = self.env.cr.fetchall()
        self.assertIn("(order_partner_id)", definition)
        self.assertIn("untaxed_amount_to_invoice <>", definition)

    def test_credit_limit_falls_back_to_the_company_default(self):
        """A customer without a limit of its own gets the company's default
        limit, as Odoo reads company-dependent values."""
        self.env["ir.default"].set(
            "res.partner", "credit_limit", 150.0, company_id=self.company.id
        )
        partner = self.env["res.partner"].create(
            {"name": "Default Limit Ltd", "is_company": True}
        )
        order = self._create_order(partner=partner, lines=[(self.product, 2.0)])
        self.assertEqual(partner.with_company(self.company).credit_limit, 150.0)
        res = self._run("credit", order)
        self.assertEqual(res["result"], "fail")
        limits = [e for e in res["evidence"] if e["label"] == "Credit limit"]
        self.assertEqual(limits[0]["amount"], 150.0)

    def test_credit_within_limit_passes(self):
        partner = self._create_customer("Solvent Ltd", credit_limit=10000.0)
        res = self._run("credit", self._create_order(partner=partner))
        self.assertEqual(res["result"], "pass", res["message"])

    def test_credit_limit_ignored_when_company_does_not_use_it(self):
        partner = self._create_customer("Tiny Limit Ltd", credit_limit=1.0)
        order = self._create_order(partner=partner)
        self.assertEqual(self._run("credit", order)["result"], "fail")
        self.company.account_use_credit_limit = False
        res = self._run("credit", order)
        self.assertEqual(res["result"], "pass")
        self.assertIn(
            "not used by the company",
            [e["value"] for e in res["evidence"] if e["label"] == "Credit limit"],
        )

    def test_overdue_invoices_beyond_grace(self):
        partner = self._create_customer("Late Payer Ltd", credit_limit=100000.0)
        self._invoice(partner, 50.0, due_days_ago=3)
        order = self._create_order(partner=partner)
        self.assertEqual(self._run("credit", order)["result"], "pass", "within grace")
        late = self._invoice(partner, 70.0, due_days_ago=20)
        res = self._run("credit", order)
        self.assertEqual(res["result"], "fail")
        self.assertIn("20 days", res["message"])
        overdue = [e for e in res["evidence"] if e["label"] == "Overdue invoices"][0]
        self.assertIn(late.id, overdue["ids"])

    def test_longer_payment_terms_warn(self):
        order = self._create_order(payment_term_id=self.term_90.id)
        res = self._run("credit", order)
        self.assertEqual(res["result"], "warn")
        self.assertIn("longer", res["message"])

    def test_credit_uses_commercial_partner(self):
        company = self._create_customer("Parent Group", credit_limit=500.0)
        contact = self.env["res.partner"].create(
            {
                "name": "Buyer",
                "parent_id": company.id,
                "type": "contact",
                "email": "b@example.com",
            }
        )
        self._invoice(company, 400.0)
        order = self._create_order(partner=contact, lines=[(self.product, 2.0)])
        self.assertEqual(self._run("credit", order)["result"], "fail")

    # --- capacity ---
    def test_capacity_promised_before_lead_time(self):
        self.product.sale_delay = 20
        order = self._create_order(days=5)
        res = self._run("capacity", order)
        self.assertEqual(res["result"], "fail")
        self.assertIn("before the earliest feasible date", res["message"])
        order.commitment_date = fields.Datetime.now() + timedelta(days=25)
        self.assertEqual(self._run("capacity", order)["result"], "pass")

    def test_capacity_adds_vendor_lead_time_for_short_lines(self):
        vendor = self._create_customer("Vendor Co")
        short = self._create_product(
            "Short Part",
            10.0,
            stock=1.0,
            seller_ids=[Command.create({"partner_id": vendor.id, "delay": 15})],
        )
        order = self._create_order(lines=[(short, 5.0)], days=7)
        res = self._run("capacity", order)
        self.assertEqual(res["result"], "fail")
        self.company.security_lead = 0
        order.commitment_date = fields.Datetime.now() + timedelta(days=16)
        self.assertEqual(self._run("capacity", order)["result"], "pass")

    # --- stock ---
    def test_stock_lists_shortages(self):
        scarce = self._create_product("Scarce Part", 10.0, stock=3.0)
        order = self._create_order(lines=[(scarce, 5.0), (self.product, 1.0)])
        res = self._run("stock", order)
        self.assertEqual(res["result"], "fail")
        self.assertIn("Scarce Part", res["message"])
        self.assertNotIn("Reviewed Widget", res["message"])
        self.assertEqual(res["evidence"][0]["ids"], [scarce.id])

    def test_stock_counts_incoming_receipts_at_the_promised_date(self):
        scarce = self._create_product("Incoming Part", 10.0, stock=0.0)
        receipt_type = self.warehouse.in_type_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": receipt_type.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.warehouse.lot_stock_id.id,
                "scheduled_date": fields.Datetime.now() + timedelta(days=3),
                "move_ids": [
                    Command.create(
                        {
                            "name": "in",
                            "product_id": scarce.id,
                            "product_uom_qty": 10,
                            "product_uom": scarce.uom_id.id,
                            "location_id": self.env.ref(
                                "stock.stock_location_suppliers"
                            ).id,
                            "location_dest_id": self.warehouse.lot_stock_id.id,
                            "date": fields.Datetime.now() + timedelta(days=3),
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        early = self._create_order(lines=[(scarce, 5.0)], days=1)
        late = self._create_order(lines=[(scarce, 5.0)], days=10)
        self.assertEqual(self._run("stock", early)["result"], "fail")
        self.assertEqual(self._run("stock", late)["result"], "pass")

    def test_stock_forecast_is_sale_stocks_forecast(self):
        """The batched SQL forecast gives sale_stock's own figure: receipts
        and deliveries until the promised date, moves inside the warehouse
        ignored, other warehouses ignored, earlier lines of the order taken
        off, the line's unit of measure respected."""
        part = self._create_product("Forecast Part", 10.0, stock=20.0)
        other_warehouse = self.env["stock.warehouse"].create(
            {"name": "Other depot", "code": "ODP", "company_id": self.company.id}
        )
        self.env["stock.quant"]._update_available_quantity(
            part, other_warehouse.lot_stock_id, 500.0
        )
        supplier = self.env.ref("stock.stock_location_suppliers")
        stock = self.warehouse.lot_stock_id
        shelf = self.env["stock.location"].create(
            {"name": "Shelf", "location_id": stock.id, "usage": "internal"}
        )

        def move(source, destination, qty, days):
            self.env["stock.move"].create(
                {
                    "name": "forecast test",
                    "product_id": part.id,
                    "product_uom_qty": qty,
                    "product_uom": part.uom_id.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "date": fields.Datetime.now() + timedelta(days=days),
                }
            )._action_confirm()

        move(supplier, stock, 7.0, 3)  # in, before the promised date
        move(supplier, stock, 100.0, 30)  # in, after it
        move(stock, shelf, 4.0, 2)  # inside the warehouse
        self._create_order(lines=[(part, 6.0)], days=2).action_confirm()  # out
        dozen = self.env.ref("uom.product_uom_dozen")
        order = self._create_order(
            lines=[(part, 5.0), (part, 1.0), (self.product, 1.0)], days=10
        )
        order.order_line[1].product_uom = dozen
        data = self.env["sale.review.check"]._prepare_data(order)
        order.order_line.invalidate_recordset(["virtual_available_at_date"])
        expected = {
            line.id: line.virtual_available_at_date for line in order.order_line
        }
        # 20 on hand + 7 in - 6 out = 21; the second line after the first's 5,
        # in dozens, rounded up to the dozen's precision
        self.assertAlmostEqual(expected[order.order_line[0].id], 21.0)
        self.assertAlmostEqual(expected[order.order_line[1].id], 1.34)
        for line in order.order_line:
            date, forecast = data.forecasts[line.id]
            self.assertAlmostEqual(forecast, expected[line.id])
            self.assertEqual(date, order.commitment_date)
        self.assertFalse(data.shortages)
        # a day earlier than the receipt, the dozen is short
        order.commitment_date = fields.Datetime.now() + timedelta(days=2, hours=12)
        data = self.env["sale.review.check"]._prepare_data(order)
        [(line, ordered, forecast, _date)] = data.shortages[order.id]
        self.assertEqual((line, ordered), (order.order_line[1], 1.0))
        self.assertAlmostEqual(forecast, 9.0 / 12.0)

    def test_stock_forecast_of_a_batch_with_many_dates(self):
        """Orders promised on different dates, judged in one batch, each get
        the forecast at their own date."""
        part = self._create_product("Batch Part", 10.0, stock=10.0)
        supplier = self.env.ref("stock.stock_location_suppliers")
        for qty, days in ((5.0, 3), (-4.0, 6), (20.0, 12)):
            source, destination = supplier, self.warehouse.lot_stock_id
            if qty < 0:
                source, destination = destination, self.customer.property_stock_customer
            self.env["stock.move"].create(
                {
                    "name": "batch forecast",
                    "product_id": part.id,
                    "product_uom_qty": abs(qty),
                    "product_uom": part.uom_id.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "date": fields.Datetime.now() + timedelta(days=days),
                }
            )._action_confirm()
        orders = self.env["sale.order"]
        for days in (1, 4, 4, 8, 20):
            orders |= self._create_order(lines=[(part, 1.0)], days=days)
        data = self.env["sale.review.check"]._prepare_data(orders)
        self.assertEqual(
            [data.forecasts[order.order_line.id][1] for order in orders],
            [10.0, 15.0, 15.0, 11.0, 31.0],
        )

    def test_stock_forecast_of_a_passed_date_is_the_current_one(self):
        part = self._create_product("Late Part", 10.0, stock=2.0)
        order = self._create_order(lines=[(part, 3.0)], days=-5)
        data = self.env["sale.review.check"]._prepare_data(order)
        date, forecast = data.forecasts[order.order_line.id]
        self.assertGreater(date, order.commitment_date)
        self.assertAlmostEqual(forecast, 2.0)
        self.assertEqual(self._run("stock", order)["result"], "fail")

    # --- special requirements ---
    def test_special_requirements(self):
        order = self._create_order(
            special_requirement_ids=[
                Command.create({"name": "Custom crate", "category": "packaging"}),
                Command.create({"name": "CE certificate", "category": "certification"}),
            ]
        )
        self.assertEqual(order.special_requirement_ids.requested_by_id, self.customer)
        self.assertEqual(self._run("special", order)["result"], "warn")
        # The check reads the decisions: record them as the review does.
        decided = order.special_requirement_ids.sudo().with_context(
            **{DECISION_KEY: DECISION_GUARD}
        )
        decided.write({"feasibility": "feasible"})
        self.assertEqual(self._run("special", order)["result"], "pass")
        decided[1].feasibility = "not_feasible"
        self.assertEqual(self._run("special", order)["result"], "fail")

    def test_special_stage_applies_and_needs_decisions(self):
        order = self._create_order(
            special_requirement_ids=[
                Command.create({"name": "Logo engraving", "category": "specification"})
            ]
        )
        order.action_submit_review()
        special = order.review_ids.filtered(lambda r: r.check_code == "special")
        self.assertNotEqual(special.state, "skipped")
        # Auto-approval is off for this stage: a person decides, after feasibility.
        self.assertEqual(special.state, "pending")
        self.assertIn(self.engineer, special.reviewer_ids)
        reviewer = self.engineer
        with self.assertRaises(UserError):
            self._decide(special, reviewer, "approve")
        order.special_requirement_ids.with_user(reviewer).action_mark_feasible()
        self.assertEqual(order.special_requirement_ids.decided_by_id, reviewer)
        self.assertIn("feasibility", self._log_events(order))
        with self.assertRaises(UserError):
            order.special_requirement_ids.write({"name": "Laser engraving"})
        self.assertEqual(order.special_requirement_ids.name, "Logo engraving")
        self._decide(special, reviewer, "approve")
        self.assertEqual(special.state, "approved")

    def test_salesperson_cannot_decide_feasibility(self):
        order = self._create_order(
            special_requirement_ids=[Command.create({"name": "Gold paint"})]
        )
        order.action_submit_review()
        requirement = order.special_requirement_ids.with_user(self.salesperson)
        with self.assertRaises(UserError):
            requirement.action_mark_feasible()
        self.assertEqual(order.special_requirement_ids.feasibility, "pending")

    # --- final ---
    def test_final_approval_needs_every_earlier_stage(self):
        order = self._create_order(lines=[(self.product, 5000.0)])
        order.action_submit_review()
        res = self._run("final", order)
        self.assertEqual(res["result"], "fail")
        self.assertIn("Order audit", res["message"])


@tagged("post_install", "-at_install")
class TestStageTranslations(ReviewCase):
    def test_default_stages_in_chinese(self):
        """The six default stages carry the zh_CN names of DESIGN.md."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "customer_order_review")]
        )._update_translations(["zh_CN"], overwrite=True)
        names = {
            "stage_order_audit": "订单初审",
            "stage_credit": "信用评估",
            "stage_capacity": "产能评估",
            "stage_stock": "物料与库存确认",
            "stage_special": "特殊需求评估",
            "stage_final": "最终审批",
        }
        for xmlid, name in names.items():
            stage = self.env.ref(f"customer_order_review.{xmlid}")
            self.assertEqual(stage.with_context(lang="zh_CN").name, name)
        self.assertEqual(
            self.env.ref("customer_order_review.stage_order_audit")
            .with_context(lang="en_US")
            .name,
            "Order audit",
        )


@tagged("post_install", "-at_install")
class TestWorkcenterLoad(ReviewCase):
    """The capacity check's manufacturing hook, when mrp is installed.

    mrp is not a dependency: the main test run installs without it and skips
    this class; run it in a database where mrp is installed as well.
    """

    def setUp(self):
        super().setUp()
        if "mrp.workorder" not in self.env:
            self.skipTest("mrp is not installed")

    def test_queued_work_orders_delay_the_earliest_date(self):
        calendar = self.env["resource.calendar"].create(
            {"name": "8h days", "hours_per_day": 8.0}
        )
        workcenter = self.env["mrp.workcenter"].create(
            {"name": "Busy press", "resource_calendar_id": calendar.id}
        )
        made = self._create_product("Pressed Part", 50.0, stock=100.0)
        component = self._create_product("Sheet", 1.0, stock=10000.0)
        bom = self.env["mrp.bom"].create(
            {
                "product_tmpl_id": made.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create({"product_id": component.id, "product_qty": 1})
                ],
                "operation_ids": [
                    Command.create(
                        {
                            "name": "Press",
                            "workcenter_id": workcenter.id,
                            "time_cycle_manual": 60.0,
                        }
                    )
                ],
            }
        )
        order = self._create_order(lines=[(made, 1.0)], days=3)
        Check = self.env["sale.review.check.capacity"]
        self.assertEqual(
            Check._workcenter_delay_days(order.order_line), {order.order_line.id: 0.0}
        )
        # 40 hours of queued work on an 8-hour-a-day workcenter: 5 days.
        production = self.env["mrp.production"].create(
            {"product_id": made.id, "product_qty": 40, "bom_id": bom.id}
        )
        production.action_confirm()
        self.assertAlmostEqual(
            Check._workcenter_delay_days(order.order_line)[order.order_line.id],
            sum(production.workorder_ids.mapped("duration_expected")) / 60 / 8,
        )
        stage = self.env.ref("customer_order_review.stage_capacity")
        self.assertEqual(Check._run(stage, order)[order.id]["result"], "fail")
