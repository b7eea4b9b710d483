# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a review stage found, as its reader reads it: the check message, the
evidence with the documents behind it, the reason a stage was skipped."""

from odoo import api, models

from .. import phrases as ph


class SaleOrderReview(models.Model):
    _inherit = "sale.order.review"

    @api.depends_context("lang", "tz")
    @api.depends("check_findings")
    def _compute_check_message(self):
        renderer = ph.Renderer(self.env)
        renderer.preload(self.mapped("check_findings"))
        for review in self:
            review.check_message = renderer.render(review.check_findings) or False

    @api.depends_context("lang", "tz")
    @api.depends("skip_phrase")
    def _compute_skip_reason(self):
        renderer = ph.Renderer(self.env)
        renderer.preload(self.mapped("skip_phrase"))
        for review in self:
            review.skip_reason = renderer.render(review.skip_phrase) or False

    # uid: the links depend on what the reader may open.
    @api.depends_context("lang", "tz", "uid")
    @api.depends("check_evidence", "checked_on")
    def _compute_check_evidence_display(self):
        items = [item for review in self for item in review.check_evidence or []]
        renderer = ph.Renderer(self.env)
        documents = {}
        for item in items:
            if item.get("model") in self.env and item.get("ids"):
                documents.setdefault(item["model"], set()).update(item["ids"])
        renderer.preload(
            [[item.get("label"), self._evidence_value(item)] for item in items]
            + [{"records": model, "ids": list(ids)} for model, ids in documents.items()]
        )
        # A document the reader may not open is named, not linked (a reviewer
        # of the stage reads its evidence, not every invoice it names).
        readable = set()
        for model, ids in documents.items():
            allowed = self.env[model].browse(list(ids))._filtered_access("read")
            readable.update((model, record_id) for record_id in allowed.ids)
        QWeb = self.env["ir.qweb"]
        for review in self:
            rows = [
                self._evidence_row(item, renderer, readable)
                for item in review.check_evidence or []
            ]
            as_of = ph.phrase("evidence.as_of", date=ph.datetime(review.checked_on))
            review.check_evidence_display = (
                QWeb._render(
                    "customer_order_review.review_evidence",
                    {
                        "rows": rows,
                        "as_of": renderer.render(as_of) if review.checked_on else "",
                    },
                )
                if rows
                else False
            )

    @api.model
    def _evidence_value(self, item):
        """The value of a stored piece of evidence (rows written before
        values were typed kept an amount and its currency beside it)."""
        value = item.get("value")
        if value is None and "amount" in item:
            return {"money": item["amount"], "currency": item.get("currency_id")}
        return value

    @api.model
    def _evidence_row(self, item, renderer, readable):
        """What one stored piece of evidence shows: label, value, and the
        documents behind it as (url or False, name) pairs."""
        model = item.get("model")
        links = []
        for record_id in item.get("ids") or [] if model in self.env else []:
            document = renderer.record(model, record_id)
            if document:
                url = (model, record_id) in readable and f"/odoo/{model}/{record_id}"
                links.append((url or False, document.display_name))
        label = renderer.render(item.get("label"))
        label_url = False
        if len(links) == 1 and links[0][1] == label and links[0][0]:
            # The evidence is about that document: its label is the link.
            label_url, links = links[0][0], []
        return {
            "label": label,
            "label_url": label_url,
            "value": renderer.render(self._evidence_value(item)),
            "links": links,
        }
