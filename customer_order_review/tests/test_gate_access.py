# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who reads and who writes the review: feasibility decisions, answers,
decisions, the record rules of stages, log and requirements, escalation in
batches, and the same attacks through JSON-RPC."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import HttpCase, new_test_user

from ..models.sale_order_special_requirement import DECISION_KEY
from .common import JsonRpcMixin, ReviewCase

DECISION_VALUES = [
    {"feasibility": "feasible"},
    {"decision_note": "Fine"},
    {"decided_on": "2026-01-01 00:00:00"},
]


class AccessCase(ReviewCase):
    """A second salesperson and a plain internal user next to the people of
    ``ReviewCase``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_salesperson = new_test_user(
            cls.env,
            login="access_other_sales",
            name="Olga Other Sales",
            groups="sales_team.group_sale_salesman",
        )
        cls.internal_user = new_test_user(
            cls.env,
            login="access_internal",
            name="Ian Internal",
            groups="base.group_user",
        )


@tagged("post_install", "-at_install")
class TestRequirementDecisions(AccessCase):
    """Feasibility is written by ``_decide`` only (D3)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order(
            special_requirement_ids=[Command.create({"name": "Logo engraving"})]
        )
        cls.order.action_submit_review()
        cls.requirement = cls.order.special_requirement_ids
        cls.special = cls.order.review_ids.filtered(lambda r: r.check_code == "special")

    def _assert_undecided(self):
        self.requirement.invalidate_recordset()
        self.assertEqual(self.requirement.feasibility, "pending")
        self.assertFalse(self.requirement.decided_by_id)
        self.assertFalse(self.requirement.decision_note)
        self.assertFalse(self.requirement.decided_on)

    def test_stage_is_waiting_for_the_engineer(self):
        self.assertEqual(self.special.state, "pending")
        self.assertIn(self.engineer, self.special.reviewer_ids)

    def test_salesperson_cannot_write_decision_fields(self):
        requirement = self.requirement.with_user(self.salesperson)
        for vals in DECISION_VALUES + [{"decided_by_id": self.engineer.id}]:
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                requirement.write(vals)
        self._assert_undecided()

    def test_decision_fields_refused_in_sudo_and_with_forged_context(self):
        forged = self.requirement.sudo().with_context(**{DECISION_KEY: True})
        with self.assertRaises(AccessError):
            forged.write({"feasibility": "feasible"})
        with self.assertRaises(AccessError):
            self.requirement.sudo().write({"decided_by_id": self.engineer.id})
        self._assert_undecided()

    def test_decision_through_the_order_is_refused(self):
        order = self.order.with_user(self.salesperson)
        with self.assertRaises(AccessError):
            order.write(
                {
                    "special_requirement_ids": [
                        Command.update(self.requirement.id, {"feasibility": "feasible"})
                    ]
                }
            )
        self._assert_undecided()

    def test_create_is_undecided(self):
        Requirement = self.env["sale.order.special.requirement"].with_user(
            self.salesperson
        )
        with self.assertRaises(AccessError):
            Requirement.create(
                {"order_id": self.order.id, "name": "X", "feasibility": "feasible"}
            )
        with self.assertRaises(AccessError):
            Requirement.create(
                {"order_id": self.order.id, "name": "Y", "decided_by_id": 1}
            )
        forged_default = Requirement.with_context(default_feasibility="feasible")
        with self.assertRaises(AccessError):
            forged_default.create({"order_id": self.order.id, "name": "Z"})
        created = Requirement.create(
            {"order_id": self.order.id, "name": "Blue paint", "feasibility": "pending"}
        )
        self.assertEqual(created.feasibility, "pending")
        self.assertFalse(created.decided_by_id)

    def test_salesperson_edits_undecided_requirements_of_own_orders(self):
        requirement = self.requirement.with_user(self.salesperson)
        requirement.write({"name": "Laser engraving", "category": "specification"})
        self.assertEqual(self.requirement.name, "Laser engraving")
        other = self.requirement.with_user(self.other_salesperson)
        with self.assertRaises(AccessError):
            other.write({"name": "Someone else's"})
        self.assertEqual(self.requirement.name, "Laser engraving")

    def test_salesperson_cannot_decide(self):
        requirement = self.requirement.with_user(self.salesperson)
        with self.assertRaises(AccessError):
            requirement.action_mark_feasible()
        self._assert_undecided()

    def test_unassigned_reviewer_cannot_decide(self):
        requirement = self.requirement.with_user(self.other_reviewer)
        with self.assertRaises(AccessError):
            requirement.action_mark_not_feasible()
        self._assert_undecided()

    def test_engineer_decides(self):
        self.requirement.with_user(self.engineer).action_mark_feasible()
        self.assertEqual(self.requirement.feasibility, "feasible")
        self.assertEqual(self.requirement.decided_by_id, self.engineer)
        self.assertTrue(self.requirement.decided_on)
        self.assertIn("feasibility", self._log_events(self.order))

    def test_review_manager_decides(self):
        self.requirement.with_user(self.review_manager).action_mark_not_feasible()
        self.assertEqual(self.requirement.feasibility, "not_feasible")
        self.assertEqual(self.requirement.decided_by_id, self.review_manager)

    def test_a_manager_of_another_company_cannot_decide(self):
        """A review manager who works for another company only does not
        decide this company's requirements."""
        other = self.env["res.company"].create({"name": "Access Co B"})
        manager_b = new_test_user(
            self.env,
            login="access_manager_b",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
            groups="sales_team.group_sale_manager,"
            "customer_order_review.group_order_review_manager",
        )
        with self.assertRaises(AccessError):
            self.requirement.with_user(manager_b).action_mark_feasible()
        self._assert_undecided()
        with self.assertRaises(AccessError):
            self.special.with_user(manager_b)._ensure_may_decide("approve")

    def test_no_decision_without_a_pending_stage(self):
        order = self._create_order(
            special_requirement_ids=[Command.create({"name": "Gold paint"})]
        )
        requirement = order.special_requirement_ids.with_user(self.review_manager)
        with self.assertRaises(UserError):
            requirement.action_mark_feasible()
        self.assertEqual(order.special_requirement_ids.feasibility, "pending")

    def test_stage_form_shows_the_requirements(self):
        special = self.special.with_user(self.engineer)
        self.assertEqual(special.special_requirement_ids, self.requirement)
        self.assertTrue(special.can_decide)
        self.assertFalse(self.special.with_user(self.salesperson).can_decide)
        values = special.web_read(
            {
                "can_decide": {},
                "special_requirement_ids": {
                    "fields": {
                        "name": {},
                        "feasibility": {},
                        "decided_by_id": {"fields": {"display_name": {}}},
                    }
                },
            }
        )[0]
        self.assertEqual(values["special_requirement_ids"][0]["feasibility"], "pending")
        self.requirement.browse(values["special_requirement_ids"][0]["id"]).with_user(
            self.engineer
        ).action_mark_feasible()
        self.assertEqual(self.requirement.feasibility, "feasible")


@tagged("post_install", "-at_install")
class TestAnswers(AccessCase):
    """Only the addressee answers a question (D4)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage = cls._single_stage(reviewer_user_ids=[Command.set(cls.reviewer.ids)])

    def _asked(self, question_to, user=None):
        order = self._create_order(user=user)
        order.action_submit_review()
        review = self._pending(order)
        self._decide(review, self.reviewer, "changes", "Which colour?", question_to)
        self.assertEqual(review.state, "changes")
        return order, review

    def _wizard(self, review, user):
        return (
            self.env["sale.order.review.answer"]
            .with_user(user)
            .create({"review_id": review.id, "answer": "Red"})
        )

    def _assert_unanswered(self, order, review):
        review.invalidate_recordset()
        self.assertEqual(review.state, "changes")
        self.assertFalse(review.answer)
        self.assertEqual(order.review_state, "changes")
        self.assertNotIn("answered", self._log_events(order))

    def test_salesperson_answers_their_question(self):
        order, review = self._asked("salesperson")
        self._wizard(review, self.salesperson).action_send_answer()
        self.assertEqual(review.answer, "Red")
        self.assertEqual(review.state, "pending")
        self.assertEqual(order.review_state, "in_review")

    def test_sales_manager_answers_for_the_team(self):
        order, review = self._asked("salesperson")
        self._wizard(review, self.review_manager).action_send_answer()
        self.assertEqual(review.state, "pending")

    def test_other_salesperson_cannot_answer(self):
        order, review = self._asked("salesperson")
        with self.assertRaises(AccessError):
            self._wizard(review, self.other_salesperson)
        self._assert_unanswered(order, review)

    def test_reviewer_cannot_answer_own_question(self):
        order, review = self._asked("salesperson")
        with self.assertRaises(AccessError):
            review.with_user(self.reviewer)._answer("Whatever")
        self._assert_unanswered(order, review)

    def test_internal_users_never_answer_for_the_customer(self):
        order, review = self._asked("customer")
        for user in (self.salesperson, self.review_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._wizard(review, user)
        # Not even in sudo, nor naming themselves the author.
        with self.assertRaises(AccessError):
            review.with_user(self.salesperson).sudo()._answer("Blue")
        with self.assertRaises(AccessError):
            review.with_user(self.salesperson).sudo()._answer(
                "Blue", author=self.salesperson.partner_id
            )
        self._assert_unanswered(order, review)

    def test_customer_answers_through_the_portal_path(self):
        order, review = self._asked("customer")
        public = self.env.ref("base.public_user")
        review.with_user(public).sudo()._answer("Green", author=order.partner_id)
        self.assertEqual(review.answer, "Green")
        self.assertEqual(review.state, "pending")


@tagged("post_install", "-at_install")
class TestDecisions(AccessCase):
    """One authorisation path for decisions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage = cls._single_stage(
            reviewer_user_ids=[Command.set((cls.reviewer | cls.other_reviewer).ids)]
        )

    def test_the_salesperson_never_decides(self):
        # The reviewer sells this order: they are no reviewer of it.
        order = self._create_order(user=self.reviewer)
        order.action_submit_review()
        review = self._pending(order)
        self.assertNotIn(self.reviewer, review.reviewer_ids)
        with self.assertRaises(AccessError):
            review.with_user(self.reviewer)._ensure_may_decide("approve")
        self.assertEqual(review.state, "pending")

    def test_assigned_reviewer_and_manager_decide(self):
        order = self._create_order()
        order.action_submit_review()
        review = self._pending(order)
        review.with_user(self.other_reviewer)._ensure_may_decide("approve")
        review.with_user(self.review_manager)._ensure_may_decide("reject")
        with self.assertRaises(AccessError):
            review.with_user(self.engineer)._ensure_may_decide("approve")
        self._decide(review, self.other_reviewer, "approve")
        self.assertEqual(review.state, "approved")


@tagged("post_install", "-at_install")
class TestReviewRules(AccessCase):
    """Stages, log rows and requirements follow the order (D5); reviewers
    read the orders they review."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A reviewer without sales rights, like finance or planning.
        cls.stage = cls._single_stage(
            reviewer_user_ids=[Command.set(cls.other_reviewer.ids)]
        )
        requirements = [Command.create({"name": "Crate"})]
        cls.own = cls._create_order(special_requirement_ids=requirements)
        cls.others = cls._create_order(
            user=cls.other_salesperson, special_requirement_ids=requirements
        )
        cls.unassigned = cls._create_order(
            special_requirement_ids=requirements, user_id=False
        )
        (cls.own | cls.others | cls.unassigned).action_submit_review()
        cls.orders = cls.own | cls.others | cls.unassigned
        # A review of the second salesperson's order only.
        cls.stage.reviewer_user_ids = cls.reviewer
        cls.only_others = cls._create_order(user=cls.other_salesperson)
        cls.only_others.action_submit_review()
        cls.all_orders = cls.orders | cls.only_others

    def _visible(self, user, model):
        records = (
            self.env[model]
            .with_user(user)
            .search([("order_id", "in", self.all_orders.ids)])
        )
        return records.sudo().order_id

    def test_salespeople_read_reviews_of_orders_they_may_read(self):
        for model in (
            "sale.order.review",
            "sale.order.review.log",
            "sale.order.special.requirement",
        ):
            with self.subTest(model=model):
                self.assertEqual(
                    self._visible(self.salesperson, model),
                    self.own | self.unassigned,
                )
                self.assertEqual(
                    self._visible(self.other_salesperson, model),
                    (self.others | self.only_others | self.unassigned)
                    & self.env[model].search([]).order_id,
                )

    def test_reviewers_read_what_they_review(self):
        for model in (
            "sale.order.review",
            "sale.order.review.log",
            "sale.order.special.requirement",
        ):
            with self.subTest(model=model):
                self.assertEqual(self._visible(self.other_reviewer, model), self.orders)
                self.assertFalse(self._visible(self.engineer, model))

    def test_review_managers_read_everything(self):
        self.assertEqual(
            self._visible(self.review_manager, "sale.order.review"), self.all_orders
        )
        self.assertEqual(
            self._visible(self.review_manager, "sale.order.review.log"),
            self.all_orders,
        )

    def test_users_reading_every_order_read_every_review(self):
        # sale lets invoicing users read every order: so they read its review.
        billing = new_test_user(
            self.env, login="access_billing", groups="account.group_account_invoice"
        )
        self.assertEqual(
            self.env["sale.order"]
            .with_user(billing)
            .search([("id", "in", self.all_orders.ids)]),
            self.all_orders,
        )
        self.assertEqual(
            self._visible(billing, "sale.order.review.log"), self.all_orders
        )

    def test_plain_internal_users_read_nothing(self):
        for model in (
            "sale.order.review",
            "sale.order.review.log",
            "sale.order.special.requirement",
        ):
            Model = self.env[model].with_user(self.internal_user)
            with self.subTest(model=model), self.assertRaises(AccessError):
                Model.search([])

    def test_reading_another_salespersons_review_is_refused(self):
        review = self.others.review_ids[:1].with_user(self.salesperson)
        with self.assertRaises(AccessError):
            review.read(["check_message"])

    def test_reviewer_opens_the_orders_they_review(self):
        review = self._pending(self.own).with_user(self.other_reviewer)
        action = review.action_open_order()
        view = self.env.ref("customer_order_review.sale_order_view_form_reviewer")
        self.assertEqual(action["views"], [(view.id, "form")])
        order = self.own.with_user(self.other_reviewer)
        models_info = order.get_views([(view.id, "form")])["models"]
        fields_info = {name: info["fields"] for name, info in models_info.items()}
        spec = {
            name: {"fields": {"display_name": {}}} if info["type"] == "many2one" else {}
            for name, info in fields_info["sale.order"].items()
            if info["type"] not in ("one2many", "many2many")
        }
        spec["order_line"] = {
            "fields": {
                name: {}
                for name, info in fields_info["sale.order.line"].items()
                if info["type"] not in ("one2many", "many2many", "many2one")
            }
        }
        values = order.web_read(spec)
        self.assertEqual(values[0]["name"], self.own.name)
        self.assertEqual(values[0]["order_line"][0]["id"], self.own.order_line.id)
        with self.assertRaises(AccessError):
            self.only_others.with_user(self.other_reviewer).read(["name"])
        with self.assertRaises(AccessError):
            self.only_others.order_line.with_user(self.other_reviewer).read(["name"])

    def test_salespeople_open_the_sales_form(self):
        review = self._pending(self.own).with_user(self.review_manager)
        self.assertNotIn("views", review.action_open_order())


@tagged("post_install", "-at_install")
class TestEscalationBatches(AccessCase):
    """Stages that cannot be escalated do not starve the others (D7)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage = cls._single_stage(
            escalation_user_id=cls.review_manager.id, sla_hours=1.0
        )

    def _overdue(self, user_id, hours):
        order = self._create_order(user_id=user_id)
        order.action_submit_review()
        review = self._pending(order)
        review.sudo().write(
            {"deadline": fields.Datetime.now() - timedelta(hours=hours)}
        )
        return review

    def test_more_stages_than_the_batch(self):
        # The oldest stages are sold by the escalation target: never escalated.
        stuck = self.env["sale.order.review"]
        for hours in (50, 49, 48):
            stuck |= self._overdue(self.review_manager.id, hours)
        movable = self._overdue(self.salesperson.id, 10)
        movable |= self._overdue(False, 9)
        movable |= self._overdue(self.salesperson.id, 8)
        Review = self.env["sale.order.review"]
        self.assertEqual(Review._escalate_overdue(2), 2)
        self.assertEqual(Review._escalate_overdue(2), 1)
        self.assertEqual(Review._escalate_overdue(2), 0)
        self.assertTrue(all(movable.mapped("escalated_on")))
        self.assertTrue(
            all(self.review_manager in review.reviewer_ids for review in movable)
        )
        self.assertFalse(any(stuck.mapped("escalated_on")))
        self.assertFalse(
            any(self.review_manager in review.reviewer_ids for review in stuck)
        )


@tagged("post_install", "-at_install")
class TestAccessThroughRpc(JsonRpcMixin, HttpCase, AccessCase):
    """The same attacks by a logged-in salesperson through JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson.password = "access_sales_pw"
        cls.stage = cls._single_stage(
            reviewer_user_ids=[Command.set(cls.other_reviewer.ids)]
        )
        cls.own = cls._create_order(
            special_requirement_ids=[Command.create({"name": "Crate"})]
        )
        cls.own.action_submit_review()
        cls.others = cls._create_order(user=cls.other_salesperson)
        cls.others.action_submit_review()
        cls.env["sale.order.review.decision"].with_user(cls.other_reviewer).create(
            {
                "review_id": cls.others.review_ids.id,
                "decision": "changes",
                "note": "Which colour?",
                "question_to": "salesperson",
            }
        ).action_confirm_decision()

    def test_rpc_cannot_decide_feasibility(self):
        requirement = self.own.special_requirement_ids
        self.authenticate("review_sales", "access_sales_pw")
        for vals in DECISION_VALUES + [{"decided_by_id": self.salesperson.id}]:
            reply = self._call_kw(
                "sale.order.special.requirement",
                "write",
                [[requirement.id], vals],
                {"context": {DECISION_KEY: True, "order_review_guard": True}},
            )
            self.assertIn("error", reply, vals)
        reply = self._call_kw(
            "sale.order.special.requirement", "action_mark_feasible", [[requirement.id]]
        )
        self.assertIn("error", reply)
        self.assertEqual(requirement.feasibility, "pending")
        self.assertFalse(requirement.decided_by_id)

    def test_rpc_cannot_answer_a_question_to_someone_else(self):
        review = self.others.review_ids
        self.authenticate("review_sales", "access_sales_pw")
        reply = self._call_kw(
            "sale.order.review.answer",
            "create",
            [{"review_id": review.id, "answer": "Red"}],
        )
        if "error" not in reply:
            wizard_id = reply["result"]
            wizard_id = wizard_id[0] if isinstance(wizard_id, list) else wizard_id
            reply = self._call_kw(
                "sale.order.review.answer", "action_send_answer", [[wizard_id]]
            )
        self.assertIn("error", reply)
        reply = self._call_kw("sale.order.review", "_answer", [[review.id], "Red"])
        self.assertIn("error", reply)
        self.assertEqual(review.state, "changes")
        self.assertFalse(review.answer)

    def test_rpc_cannot_read_a_stage_through_its_wizards(self):
        """The decision and answer wizards show the stage's check and
        question: they open only on a stage the caller may read."""
        review = self.others.review_ids[:1]
        self.authenticate("review_sales", "access_sales_pw")
        for model in ("sale.order.review.decision", "sale.order.review.answer"):
            reply = self._call_kw(
                model, "create", [{"review_id": review.id, "answer": "x"}]
            )
            self.assertIn("error", reply, model)
            self.assertEqual(
                reply["error"]["data"]["name"], "odoo.exceptions.AccessError"
            )

    def test_rpc_cannot_read_reviews_of_unreadable_orders(self):
        self.authenticate("review_sales", "access_sales_pw")
        for model in ("sale.order.review", "sale.order.review.log"):
            reply = self._call_kw(
                model,
                "search_read",
                [[("order_id", "=", self.others.id)]],
                {"fields": ["order_id", "note" if "log" in model else "check_message"]},
            )
            self.assertEqual(reply.get("result"), [], model)
            reply = self._call_kw(
                model,
                "read",
                [self.env[model].search([("order_id", "=", self.others.id)]).ids],
                {"fields": ["order_id"]},
            )
            self.assertIn("error", reply, model)
        reply = self._call_kw(
            "sale.order.review",
            "search_read",
            [[("order_id", "=", self.own.id)]],
            {"fields": ["order_id"]},
        )
        self.assertEqual(
            [row["id"] for row in reply["result"]], self.own.review_ids.ids
        )


@tagged("post_install", "-at_install")
class TestCompanyDecisionsThroughRpc(JsonRpcMixin, HttpCase, AccessCase):
    """A review manager of another company, logged in, calls the decisions
    of this company's pending stages through JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        other = cls.env["res.company"].create({"name": "Access Co C"})
        cls.manager_c = new_test_user(
            cls.env,
            login="access_manager_c",
            password="access_manager_c_pw",  # noqa: S106 (test user)
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
            groups="sales_team.group_sale_manager,"
            "customer_order_review.group_order_review_manager",
        )
        cls.order = cls._create_order(
            special_requirement_ids=[Command.create({"name": "Logo engraving"})]
        )
        cls.order.action_submit_review()
        cls.special = cls.order.review_ids.filtered(lambda r: r.check_code == "special")

    def test_rpc_cannot_decide_for_another_company(self):
        requirement = self.order.special_requirement_ids
        self.assertEqual(self.special.state, "pending")
        self.authenticate("access_manager_c", "access_manager_c_pw")
        reply = self._call_kw(
            "sale.order.special.requirement", "action_mark_feasible", [requirement.ids]
        )
        self.assertEqual(reply["error"]["data"]["name"], "odoo.exceptions.AccessError")
        reply = self._call_kw(
            "sale.order.review.decision",
            "create",
            [{"review_id": self.special.id, "decision": "approve"}],
        )
        self.assertIn("error", reply)
        self.assertEqual(requirement.feasibility, "pending")
        self.assertEqual(self.special.state, "pending")
