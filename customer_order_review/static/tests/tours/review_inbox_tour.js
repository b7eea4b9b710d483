/* Copyright 2026 Order Desk
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {registry} from "@web/core/registry";

// Relies on the data of customer_order_review/tests/test_inbox_tour.py: one
// quotation, REVIEW-TOUR-0001, waiting for the tour's reviewer at the stage
// "Inbox Tour Stage", whose automatic check passed.
const ORDER = "REVIEW-TOUR-0001";
const STAGE = "Inbox Tour Stage";
const ROW = `.o_list_view .o_data_row:contains(${ORDER})`;

registry.category("web_tour.tours").add("customer_order_review_inbox_tour", {
    url: "/odoo/action-customer_order_review.action_sale_order_review_inbox",
    steps: () => [
        {
            content: "The inbox opens on the reviewer's pending stages",
            trigger: ".o_searchview_facet:contains(My Pending)",
        },
        {
            content: "The prepared order waits at its stage",
            trigger: `${ROW} .o_data_cell[name=stage_id]:contains(${STAGE})`,
        },
        {
            content: "Its automatic check passed",
            trigger: `${ROW} .o_data_cell[name=check_result]:contains(Passed)`,
        },
        {
            content: "Switch to the kanban view",
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            content: "The order has a card naming its stage, with a Decide button",
            trigger: `.o_kanban_record:contains(${ORDER}):contains(${STAGE}) button[name=action_open_decision]`,
        },
        {
            content: "Back to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the stage",
            trigger: `${ROW} .o_data_cell[name=order_id]`,
            run: "click",
        },
        {
            content: "The form shows what the check found",
            trigger:
                ".o_form_view .o_field_widget[name=check_message]:contains(in order)",
        },
        {
            content: "Decide",
            trigger: ".o_form_view .o_form_statusbar button[name=action_open_decision]",
            run: "click",
        },
        {
            content: "The decision dialog is about this stage",
            trigger: `.modal .o_field_widget[name=stage_id]:contains(${STAGE})`,
        },
        {
            content: "Choose Approve",
            trigger: ".modal .o_field_widget[name=decision] input[data-value=approve]",
            run: "click",
        },
        {
            content: "A passed check needs no override",
            trigger: ".modal .o_form_view:not(:has(.alert-warning))",
        },
        {
            content: "Add a comment",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Checked from the review inbox.",
        },
        {
            content: "Confirm the decision",
            trigger: ".modal-footer button[name=action_confirm_decision]",
            run: "click",
        },
        {
            content: "The stage is approved",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_field_widget[name=state] .o_arrow_button_current[data-value=approved]",
        },
        {
            content: "Nothing is left to decide on it",
            trigger:
                ".o_form_view .o_form_statusbar:not(:has(button[name=action_open_decision]))",
        },
        {
            content: "Back to the inbox",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Review Inbox)",
            run: "click",
        },
        {
            content: "The stage left My Pending",
            trigger: `.o_list_view:not(:has(.o_data_row:contains(${ORDER})))`,
        },
        {
            content: "The My Pending filter is still the one applied",
            trigger: ".o_searchview_facet:contains(My Pending)",
        },
        {
            content: "Switch to the kanban view of the now empty inbox",
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            content: "An empty inbox says so",
            trigger:
                ".o_kanban_view .o_view_nocontent:contains(Nothing waits for your review)",
        },
    ],
});
