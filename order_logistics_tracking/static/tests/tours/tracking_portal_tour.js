/** @odoo-module **/
// Copyright 2026 Order Desk
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";

// Relies on data made by TestPortalTimelineTour (tests/test_portal.py): an
// order of the portal user with parcel YT900 (two carrier events, the
// newest "Out for delivery" in Shanghai) and parcel YT901 (no news yet).
registry.category("web_tour.tours").add("order_logistics_tracking_portal_tour", {
    steps: () => [
        {
            content: "The order page has a Delivery section",
            trigger: "#order_tracking_parcels h4:contains(Delivery)",
        },
        {
            content: "The first parcel shows its reference, carrier and status",
            trigger:
                "#order_tracking_parcels .o_order_tracking_parcel:has(.o_order_tracking_reference:contains(YT900)):has(.o_order_tracking_carrier:contains(YTO Express)) .o_order_tracking_status_out_for_delivery",
        },
        {
            content: "The newest carrier event comes first",
            trigger:
                "#order_tracking_parcels .o_order_tracking_parcel:has(.o_order_tracking_reference:contains(YT900)) .o_order_tracking_event:first-child .o_order_tracking_event_description:contains(With the courier)",
        },
        {
            content: "The event shows where it happened",
            trigger:
                "#order_tracking_parcels .o_order_tracking_event:first-child .o_order_tracking_event_location:contains(Shanghai)",
        },
        {
            content: "The older event follows",
            trigger:
                "#order_tracking_parcels .o_order_tracking_event:nth-child(2) .o_order_tracking_event_description:contains(Picked up)",
        },
        {
            content: "The carrier's page of the parcel is linked",
            trigger:
                "#order_tracking_parcels a.o_order_tracking_link[href='https://www.kuaidi100.com/chaxun?nu=YT900']",
        },
        {
            content: "The second parcel has no news yet",
            trigger:
                "#order_tracking_parcels .o_order_tracking_parcel:has(.o_order_tracking_reference:contains(YT901)) .o_order_tracking_no_event",
        },
        {
            // The page's chatter loads its messages last: the tour ends once
            // it has, so that no request is cut when the browser closes.
            content: "The order's conversation has loaded",
            trigger: "#chatterRoot:shadow .o-mail-Thread",
        },
    ],
});
