# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The review engine of an order: submit, run the automatic pipeline, advance
after a decision, complete."""

import json
from collections import defaultdict

from odoo import api, fields, models

from .. import risk
from ..bulk_insert import insert_rows


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    def _review_submit(self):
        """Start a new review cycle: score the risk, lay out the stages
        (applicable or skipped, with the reason), run the automatic part of
        the pipeline, log, and put the first undecided stage in front of its
        reviewers (or approve the order when every stage passed by itself)."""
        if not self:
            return
        data = self.env["sale.review.check"]._prepare_data(self)
        now = fields.Datetime.now()
        self._review_archive_previous_cycle()
        scores = self._review_scores(data)
        stages, applicability, plan = self._review_layout(data)
        # Run the automatic checks before any review row exists: the common
        # low-risk order then inserts its stages already decided, in one go.
        levels = {order_id: score[1] for order_id, score in scores.items()}
        outcome = self._review_run_pipeline(plan, levels, data)
        review_vals = [
            self._review_prepare_stage_vals(
                order,
                stage,
                order.review_cycle + 1,
                applicability[stage][order.id],
                outcome.get((order.id, stage.id)),
                now,
            )
            for order in self
            for stage in stages[order.company_id]
        ]
        reviews = self._review_insert_stages(review_vals)
        logs = [order._review_submitted_log_vals(scores[order.id]) for order in self]
        self._review_write_outcomes(
            {
                order.id: order._review_outcome_vals(
                    scores[order.id],
                    plan[order.id],
                    data.pipeline_states[order.id],
                    now,
                )
                for order in self
            }
        )
        logs += self._review_stage_logs(reviews, review_vals)
        approved = self.filtered(lambda o: o.review_state == "approved")
        logs += approved._review_completed_log_vals()
        self._review_log_many(logs)
        pending = reviews.browse(
            [
                review.id
                for review, vals in zip(reviews, review_vals, strict=True)
                if vals["state"] == "pending"
            ]
        )
        if pending:
            pending._activate()
        if approved:
            # Every stage of these approved itself: nobody to tell.
            approved._review_after_approval(involved=self.browse())

    def _review_scores(self, data):
        """The risk score of each order: order id -> (total, level, details)."""
        measures = self.env["sale.review.check"]._risk_measures(self, data)
        Factor = self.env["sale.review.risk.factor"]
        factors = {company: Factor._get_factors(company) for company in self.company_id}
        scores = {}
        for order in self:
            company = order.company_id
            total, details = risk.score(measures[order.id], factors[company])
            level = risk.level(
                total, company.order_review_risk_low, company.order_review_risk_high
            )
            scores[order.id] = (total, level, details)
        return scores

    def _review_layout(self, data):
        """The stages of each order's company and which of them apply.

        Sets ``data.pipeline_states`` (order id -> {stage: state}).

        :return: (company -> stages, stage -> {order id: skip phrase or None},
            order id -> applicable stages in review order)
        """
        Stage = self.env["sale.review.stage"]
        stages = {company: Stage._get_stages(company) for company in self.company_id}
        applicability = {}
        for company, company_stages in stages.items():
            company_orders = self.filtered(lambda o, c=company: o.company_id == c)
            for stage in company_stages:
                applicability[stage] = stage._applicability(
                    company_orders, data.amounts
                )
        plan = {}
        for order in self:
            order_stages = stages[order.company_id]
            plan[order.id] = [
                stage
                for stage in order_stages
                if applicability[stage][order.id] is None
            ]
            data.pipeline_states[order.id] = {
                stage: "waiting"
                if applicability[stage][order.id] is None
                else "skipped"
                for stage in order_stages
            }
        return stages, applicability, plan

    def _review_outcome_vals(self, score, plan, states, now):
        """The order's score and review state after its pipeline ran, as
        values to write."""
        self.ensure_one()
        total, level, details = score
        if not plan:
            review_state = "not_needed"
        elif all(state in ("approved", "skipped") for state in states.values()):
            review_state = "approved"
        else:
            review_state = "in_review"
        decided = review_state in ("approved", "not_needed")
        return {
            "risk_score": total,
            "risk_level": level,
            "risk_details": details,
            "review_state": review_state,
            "review_cycle": self.review_cycle + 1,
            "review_submitted_on": now,
            "review_decided_on": now if decided else False,
        }

    def _review_write_outcomes(self, vals_by_order):
        """Write each order's outcome, one write per set of equal values: the
        orders of a mass review mostly share theirs.

        :param vals_by_order: dict order id -> values to write
        """
        groups = defaultdict(list)
        for order_id, vals in vals_by_order.items():
            key = json.dumps(vals, sort_keys=True, default=str)
            groups[key].append(order_id)
        for order_ids in groups.values():
            vals = vals_by_order[order_ids[0]]
            self.browse(order_ids)._review_sudo().write(vals)

    def _review_archive_previous_cycle(self):
        """A new cycle never deletes the previous one: it is archived."""
        if not any(order.review_cycle for order in self):
            return
        previous = self.review_ids
        still_open = previous.filtered(
            lambda r: r.state in ("waiting", "pending", "changes")
        )
        still_open._close_activities()
        still_open.sudo().write({"state": "cancelled"})
        previous.sudo().write({"active": False})

    def _review_run_pipeline(self, plan, levels, data):
        """Run the checks of the applicable stages in sequence while they
        approve themselves (check passed, stage allows it, low risk).

        :param plan: dict order id -> applicable stages, in review order
        :param levels: dict order id -> risk level
        :param data: the batch's ``ReviewData``; its ``pipeline_states`` are
            updated as stages are decided
        :return: dict (order id, stage id) -> (approved automatically, result)
        """
        Check = self.env["sale.review.check"]
        outcome = {}
        position = dict.fromkeys(plan, 0)
        active = [order_id for order_id, stages in plan.items() if stages]
        while active:
            by_stage = defaultdict(list)
            for order_id in active:
                by_stage[plan[order_id][position[order_id]]].append(order_id)
            active = []
            for stage, order_ids in by_stage.items():
                results = Check._run(stage, self.browse(order_ids), data)
                for order_id in order_ids:
                    res = results[order_id]
                    auto = self._review_auto_approves(stage, res, levels[order_id])
                    outcome[order_id, stage.id] = (auto, res)
                    data.pipeline_states[order_id][stage] = (
                        "approved" if auto else "pending"
                    )
                    if auto:
                        position[order_id] += 1
                        if position[order_id] < len(plan[order_id]):
                            active.append(order_id)
        return outcome

    @api.model
    def _review_auto_approves(self, stage, result, level):
        """Whether a stage approves itself: its check passed, it allows
        automatic approval and the order is low risk."""
        return result["result"] == "pass" and stage.auto_approve and level == "low"

    def _review_prepare_stage_vals(
        self, order, stage, cycle, skip_phrase, outcome, now
    ):
        """Values of a new review row for ``stage`` of ``order``."""
        vals = {
            "order_id": order.id,
            "company_id": order.company_id.id,
            "active": True,
            "stage_id": stage.id,
            "sequence": stage.sequence,
            "cycle": cycle,
            "blocking": stage.blocking,
            "state": "skipped" if skip_phrase else "waiting",
            "skip_phrase": skip_phrase,
        }
        if outcome:
            auto, res = outcome
            vals.update(
                check_result=res["result"],
                check_findings=res["message"],
                check_evidence=res["evidence"],
                checked_on=now,
                state="approved" if auto else "pending",
                auto_approved=auto,
                decided_on=now if auto else False,
            )
        return vals

    def _review_insert_stages(self, vals_list):
        """Insert the stages of new review cycles and tell the ORM, as
        ``create`` would: the orders have new stages (their current stage is
        recomputed from them).

        A mass review lays out thousands of stages; ``create`` costs about
        0.3 ms of Python per row, which on 1,000 orders was a third of the
        review (:mod:`..bulk_insert`). The rows are fully described by
        :meth:`_review_prepare_stage_vals` (extend that to add values).

        :param vals_list: values of ``sale.order.review`` rows
        :return: the new rows, in the order of ``vals_list``
        """
        Review = self.env["sale.order.review"].sudo()
        reviews = Review.browse(insert_rows(Review, vals_list))
        # What depends on an order's stages depends on its ``review_ids``
        # (its current stage): marked from the orders, without reading the
        # new rows back as ``reviews.modified`` would.
        self.invalidate_recordset(["review_ids"])
        self.modified(["review_ids"])
        return reviews

    def _review_advance(self):
        """After a stage is decided: run the next stages of orders in review
        through the same automatic pipeline as at submission, put the first
        undecided one in front of its reviewers, and approve (and confirm, if
        asked) orders with no stage left."""
        orders = self.filtered(lambda o: o.review_state == "in_review")
        if not orders:
            return
        data = self.env["sale.review.check"]._prepare_data(orders)
        plan, waiting = {}, {}
        for order in orders:
            reviews = order.review_ids.sorted(lambda r: (r.sequence, r.id))
            data.pipeline_states[order.id] = {r.stage_id: r.state for r in reviews}
            todo = reviews.filtered(lambda r: r.state == "waiting")
            if reviews.filtered(lambda r: r.state in ("pending", "changes")):
                todo = todo.browse()  # someone is still deciding an earlier stage
            plan[order.id] = [review.stage_id for review in todo]
            waiting[order.id] = {review.stage_id.id: review for review in todo}
        levels = {order.id: order.risk_level for order in orders}
        outcome = orders._review_run_pipeline(plan, levels, data)
        now = fields.Datetime.now()
        checked = self.env["sale.order.review"]
        logs = []
        for (order_id, stage_id), (auto, res) in outcome.items():
            review = waiting[order_id][stage_id]
            # Check result and automatic approval in one write.
            review.sudo().write(
                {
                    "check_result": res["result"],
                    "check_findings": res["message"],
                    "check_evidence": res["evidence"],
                    "checked_on": now,
                    "state": "approved" if auto else "pending",
                    "auto_approved": auto,
                    "decided_on": now if auto else False,
                }
            )
            checked |= review
            logs.append(self._review_check_log_vals(review, res["message"]))
        self._review_log_many(logs)
        pending = checked.filtered(lambda r: r.state == "pending")
        if pending:
            pending._activate()
        done = orders.filtered(
            lambda o: all(
                state in ("approved", "skipped")
                for state in data.pipeline_states[o.id].values()
            )
        )
        if done:
            done._review_complete()

    def _review_complete(self):
        """Every stage is approved or skipped: the order is approved."""
        now = fields.Datetime.now()
        self._review_sudo().write(
            {"review_state": "approved", "review_decided_on": now}
        )
        self._review_log_many(self._review_completed_log_vals())
        self._review_after_approval()

    def _review_after_approval(self, involved=None):
        """Follow-ups of an approved review (logged by the caller): tell the
        salesperson when people were involved, confirm when confirmation was
        asked for.

        :param involved: the orders a person approved a stage of, when the
            caller knows them (default: read from their reviews)
        """
        if involved is None:
            involved = self.filtered(
                lambda o: o.review_ids.filtered(
                    lambda r: r.state == "approved" and not r.auto_approved
                )
            )
        if involved:
            involved._review_notify(
                "customer_order_review.mail_template_review_approved"
            )
        to_confirm = self.filtered(
            lambda o: o.review_confirm_requested and o.state in ("draft", "sent")
        )
        if to_confirm:
            # The last approver may not be allowed to confirm orders: the
            # confirmation was asked for earlier by someone who was.
            to_confirm._review_sudo().write({"review_confirm_requested": False})
            to_confirm.sudo().with_context(order_review_silent=True).action_confirm()
