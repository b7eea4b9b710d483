/** @odoo-module **/
// Copyright 2026 Order Desk
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";

// Relies on data made by TestPortalReviewTour (tests/test_portal.py): a
// quotation of the portal user whose only review stage asks them a question.
registry.category("web_tour.tours").add("customer_order_review_portal_tour", {
    steps: () => [
        {
            content: "The order page shows the review progress",
            trigger: "#order_review_progress h5:contains(Review progress)",
        },
        {
            content: "The stage waits for the customer",
            trigger:
                "#order_review_progress .o_order_review_stage_question .o_order_review_stage_state:contains(Question for you)",
        },
        {
            content: "The page says what the review waits for",
            trigger:
                "#order_review_progress .o_order_review_waiting_for:contains(What we are waiting for)",
        },
        {
            content: "The reviewer's question is shown",
            trigger:
                "#order_review_progress .o_order_review_question:contains(Which colour?)",
        },
        {
            content: "Signing and paying wait for the review",
            trigger:
                ".o_order_review_signing_in_review:contains(once our review has approved it)",
        },
        {
            content: "No Sign or Pay button is offered",
            trigger: "body:not(:has(a[data-bs-target='#modalaccept']))",
        },
        {
            content: "Type the answer",
            trigger: "#order_review_progress textarea.o_order_review_answer",
            run: "edit Dark blue, please.",
        },
        {
            content: "Send the answer",
            trigger: "#order_review_progress .o_order_review_answer_submit",
            run: "click",
        },
        {
            content: "The answer is confirmed",
            trigger:
                "#order_review_progress .o_order_review_answer_ok:contains(your answer was sent)",
        },
        {
            content: "The stage is back in review and no question is left",
            trigger:
                "#order_review_progress .o_order_review_stage_in_review:not(:has(form.o_order_review_answer_form))",
        },
        {
            content: "The question stays on the page",
            trigger:
                "#order_review_progress .o_order_review_stage_in_review .o_order_review_question:contains(Which colour?)",
        },
        {
            content: "The customer's answer is shown with it",
            trigger:
                "#order_review_progress .o_order_review_stage_in_review .o_order_review_answer_sent:contains(Dark blue, please.)",
        },
        {
            content: "Still no Sign or Pay button while in review",
            trigger: "body:not(:has(a[data-bs-target='#modalaccept']))",
        },
    ],
});
