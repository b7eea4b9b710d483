/** @odoo-module **/
// Copyright 2026 Order Desk
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";

// Relies on data made by TestReportProblemTour
// (tests/test_portal_report_problem.py): a delivered order of the portal user
// with parcels RP100 and RP101, and no reported problem yet.
registry.category("web_tour.tours").add("tracking_report_problem_tour", {
    steps: () => [
        {
            content: "The order has no reported problem yet",
            trigger: "#order_tracking_cases .o_order_tracking_no_case",
        },
        {
            content: "Report a problem",
            trigger: "#order_tracking_cases a.o_order_report_problem_button",
            run: "click",
        },
        {
            content: "Say the goods are damaged",
            trigger: "form.o_order_report_problem_form select[name=problem_kind]",
            run: "select damaged",
        },
        {
            content: "Name the parcel",
            trigger: "form.o_order_report_problem_form select[name=shipment_id]",
            run: "selectByLabel RP100",
        },
        {
            content: "Describe the problem",
            trigger: "form.o_order_report_problem_form textarea[name=description]",
            run: "edit The box arrived crushed and two cups are broken.",
        },
        {
            content: "Send the report",
            trigger:
                "form.o_order_report_problem_form button.o_order_report_problem_submit",
            run: "click",
        },
        {
            content: "Back on the order page, the report is acknowledged",
            trigger: "#order_tracking_cases .o_order_report_problem_success",
        },
        {
            content: "The case is listed, about the parcel, as reported",
            trigger:
                "#order_tracking_cases .o_order_tracking_case:has(.o_order_tracking_case_problem:contains(Damaged)):has(.o_order_tracking_case_parcel:contains(RP100)) .o_order_tracking_case_state_new",
        },
        {
            // The page's chatter loads its messages last: the tour ends once
            // it has, so that no request is cut when the browser closes.
            content: "The order's conversation has loaded",
            trigger: "#chatterRoot:shadow .o-mail-Thread",
        },
    ],
});
