/** @odoo-module **/
// Copyright 2026 Order Desk
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";

// Dashboards: pick Order Desk and wait for its figures, filters and charts.
registry.category("web_tour.tours").add("order_desk_dashboard_tour", {
    steps: () => [
        {
            content: "Open the Order Desk dashboard",
            trigger: ".o_search_panel_category_value[data-name='Order Desk']",
            run: "click",
        },
        {
            content: "It is the active dashboard",
            trigger: ".o_search_panel_category_value.active[data-name='Order Desk']",
        },
        {
            content: "Its six global filters show (real figures, not the sample)",
            trigger: ".o_control_panel .o_filter_value_container",
            run() {
                const count = document.querySelectorAll(
                    ".o_control_panel .o_filter_value_container"
                ).length;
                if (count !== 6) {
                    throw new Error(`6 global filters expected, ${count} shown`);
                }
            },
        },
        {
            content: "A scorecard renders",
            trigger: ".o_renderer:not(.o-sample-dashboard) canvas.o-scorecard",
        },
        {
            content: "The charts render",
            trigger: ".o_renderer .o-figure canvas.o-figure-canvas:not(.o-scorecard)",
        },
        {
            content: "Nothing failed to load",
            trigger: "body:not(:has(.dashboard-loading-status))",
        },
    ],
});
