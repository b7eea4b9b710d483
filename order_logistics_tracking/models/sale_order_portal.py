# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the customer's order page shows of its parcels (the "Delivery"
section of ``views/portal_templates.xml``)."""

from collections import defaultdict

from odoo import models
from odoo.tools import format_datetime


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    def _tracking_portal_parcels(self):
        """The order's parcels and their carrier events, as the customer's
        order page shows them.

        Read in sudo for this order only: the portal controller of ``sale``
        checked the visitor's access to the order (logged in, or with its
        access token) before rendering the page. Only the values built by
        ``_tracking_portal_parcel_values`` and ``_tracking_portal_event_values``
        reach the page: never a raw payload, a carrier code or an internal
        field.

        :return: list of dicts, oldest parcel first, see
            ``_tracking_portal_parcel_values``
        """
        self.ensure_one()
        shipments_sudo = self.sudo().shipment_ids.sorted("id")
        if not shipments_sudo:
            return []
        events_by_shipment = defaultdict(list)
        events_sudo = (
            self.env["order.tracking.event"]
            .sudo()
            .search(
                [("shipment_id", "in", shipments_sudo.ids)],
                order="event_time desc, id desc",
            )
        )
        for event_sudo in events_sudo:
            events_by_shipment[event_sudo.shipment_id.id].append(event_sudo)
        labels = self._tracking_portal_status_labels()
        tz = self._tracking_portal_tz()
        return [
            self._tracking_portal_parcel_values(
                shipment_sudo, events_by_shipment[shipment_sudo.id], labels, tz
            )
            for shipment_sudo in shipments_sudo
        ]

    def _tracking_portal_status_labels(self):
        """The tracking statuses' labels in the visitor's language.

        :return: dict status code -> label
        """
        field = self.env["order.shipment"]._fields["status"]
        return dict(field._description_selection(self.env))

    def _tracking_portal_tz(self):
        """The time zone the page shows times in: the customer's, else the
        visitor's.

        :return: str, a time zone name
        """
        self.ensure_one()
        return self.partner_id.tz or self.env.context.get("tz") or "UTC"

    def _tracking_portal_format(self, value, tz):
        """A datetime of the page, in ``tz`` and the visitor's language."""
        return format_datetime(self.env, value, tz=tz) if value else False

    def _tracking_portal_url(self, url):
        """The carrier's page of a parcel, when it is a web address."""
        return url if url and url.lower().startswith(("https://", "http://")) else False

    def _tracking_portal_parcel_values(self, shipment_sudo, events_sudo, labels, tz):
        """What the order page shows of one parcel.

        :param shipment_sudo: ``order.shipment`` record, in sudo
        :param list events_sudo: its ``order.tracking.event`` records, newest first
        :param dict labels: status code -> label
        :param str tz: the time zone of the page
        :return: dict
        """
        return {
            "id": shipment_sudo.id,
            "reference": shipment_sudo.name,
            "delivery": shipment_sudo.picking_id.name,
            "carrier": shipment_sudo.carrier_id.name,
            "status": shipment_sudo.status,
            "status_label": labels.get(shipment_sudo.status, ""),
            "eta": self._tracking_portal_format(shipment_sudo.eta, tz),
            "tracking_url": self._tracking_portal_url(shipment_sudo.tracking_url),
            "tz": tz,
            "events": [
                self._tracking_portal_event_values(event_sudo, labels, tz)
                for event_sudo in events_sudo
            ],
        }

    def _tracking_portal_event_values(self, event_sudo, labels, tz):
        """What the order page shows of one carrier event.

        :param event_sudo: ``order.tracking.event`` record, in sudo
        :param dict labels: status code -> label
        :param str tz: the time zone of the page
        :return: dict
        """
        return {
            "id": event_sudo.id,
            "time": self._tracking_portal_format(event_sudo.event_time, tz),
            "status": event_sudo.status or False,
            "status_label": labels.get(event_sudo.status, "")
            if event_sudo.status
            else "",
            "description": event_sudo.description or "",
            "location": event_sudo.location or "",
        }

    def _tracking_portal_cases_domain(self):
        """Domain of the delivery exception cases the order page lists: the
        ones the customer reported on this order (from this page or a
        survey answer); the cases detectors and staff open stay internal.

        :return: domain on ``order.delivery.exception``
        """
        self.ensure_one()
        return [("sale_id", "=", self.id), ("source", "=", "customer")]

    def _tracking_portal_cases(self):
        """The customer's delivery exception cases of this order, newest
        first, as the order page lists them.

        Read in sudo for this order only (the page checked the visitor's
        access to it); only the values of ``_tracking_portal_case_values``
        reach the page, never notes, owners or playbook steps.

        :return: list of dicts, see ``_tracking_portal_case_values``
        """
        self.ensure_one()
        Case = self.env["order.delivery.exception"].sudo()
        cases_sudo = Case.search(
            self._tracking_portal_cases_domain(), order="create_date desc, id desc"
        )
        if not cases_sudo:
            return []
        labels = {
            name: dict(Case._fields[name]._description_selection(self.env))
            for name in ("exception_type", "reported_problem", "state")
        }
        tz = self._tracking_portal_tz()
        return [
            self._tracking_portal_case_values(case_sudo, labels, tz)
            for case_sudo in cases_sudo
        ]

    def _tracking_portal_case_values(self, case_sudo, labels, tz):
        """What the order page shows of one case: what the customer
        reported (else the case's type), its state and when it was opened.

        :param case_sudo: ``order.delivery.exception`` record, in sudo
        :param dict labels: field name -> {code: label}
        :param str tz: the time zone of the page
        :return: dict
        """
        problem = labels["reported_problem"].get(case_sudo.reported_problem)
        return {
            "id": case_sudo.id,
            "reference": case_sudo.name,
            "problem": problem
            or labels["exception_type"].get(case_sudo.exception_type),
            "state": case_sudo.state,
            "state_label": labels["state"].get(case_sudo.state, ""),
            "date": self._tracking_portal_format(case_sudo.create_date, tz),
            "parcel": case_sudo.shipment_id.name or "",
        }

    def _tracking_portal_can_report(self):
        """Whether the customer may report a problem with this order: a
        confirmed order with at least one done delivery to the customer.

        :return: bool
        """
        self.ensure_one()
        return self.state == "sale" and any(
            picking.picking_type_code == "outgoing" and picking.state == "done"
            for picking in self.sudo().picking_ids
        )
