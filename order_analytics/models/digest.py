# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, fields, models
from odoo.exceptions import AccessError

ORDER_FACTS = "order.analytics.order"
# The link of the KPI kpi_od_<name>: this prefix and <name>.
DIGEST_KPI_ACTION_PREFIX = "order_analytics.action_server_digest_kpi_"


class Digest(models.Model):
    """Order Desk KPIs in Odoo's periodic digest email.

    Each KPI is one ``_read_group`` over the order facts in the digest's
    window, by company. Ratios come out as Σ/Σ (``_read_group_select`` of the
    facts); the digest computes each of them six times per recipient (three
    windows, each against the one before), so nothing here loops over rows.
    """

    _inherit = "digest.digest"

    # KPI value field -> (measure of the order facts, date that places an
    # order in the window). Delivery figures count the orders completed in
    # the window; review time and exceptions the orders placed in it.
    _od_kpis = {
        "kpi_od_otif_value": ("otif_rate", "date_last_delivered"),
        "kpi_od_lead_time_value": ("lead_time_days", "date_last_delivered"),
        "kpi_od_review_time_value": ("review_hours", "date_order"),
        "kpi_od_exception_rate_value": ("exception_rate", "date_order"),
        "kpi_od_csat_value": ("csat_rate", "date_last_delivered"),
        "kpi_od_nps_value": ("nps", "date_last_delivered"),
    }

    # === FIELDS === #
    kpi_od_otif = fields.Boolean(string="OTIF %")
    kpi_od_otif_value = fields.Float(compute="_compute_kpi_od_otif_value")
    kpi_od_lead_time = fields.Boolean(string="Lead Time (days)")
    kpi_od_lead_time_value = fields.Float(compute="_compute_kpi_od_lead_time_value")
    kpi_od_review_time = fields.Boolean(string="Review Time (hours)")
    kpi_od_review_time_value = fields.Float(compute="_compute_kpi_od_review_time_value")
    kpi_od_exception_rate = fields.Boolean(string="Delivery Exception Rate %")
    kpi_od_exception_rate_value = fields.Float(
        compute="_compute_kpi_od_exception_rate_value"
    )
    kpi_od_csat = fields.Boolean(string="CSAT %")
    kpi_od_csat_value = fields.Float(compute="_compute_kpi_od_csat_value")
    kpi_od_nps = fields.Boolean(string="NPS")
    kpi_od_nps_value = fields.Float(compute="_compute_kpi_od_nps_value")
    analytics_sync_recipients = fields.Boolean(
        string="Recipients from the Analytics Group",
        help="Before each sending, the recipients become the members of the "
        "digest group set in the Order Analytics settings of the company.",
    )

    # === COMPUTES === #
    # One method per KPI: the digest reads and invalidates the values one at
    # a time, so a shared method would run every query for each of them.
    def _compute_kpi_od_otif_value(self):
        self._compute_od_kpi("kpi_od_otif_value")

    def _compute_kpi_od_lead_time_value(self):
        self._compute_od_kpi("kpi_od_lead_time_value")

    def _compute_kpi_od_review_time_value(self):
        self._compute_od_kpi("kpi_od_review_time_value")

    def _compute_kpi_od_exception_rate_value(self):
        self._compute_od_kpi("kpi_od_exception_rate_value")

    def _compute_kpi_od_csat_value(self):
        self._compute_od_kpi("kpi_od_csat_value")

    def _compute_kpi_od_nps_value(self):
        self._compute_od_kpi("kpi_od_nps_value")

    def _compute_od_kpi(self, value_field):
        """Fill one Order Desk KPI of these digests, in the window of the
        context, with one grouped read by company.

        The read runs as the recipient (the digest sets the user), so their
        record rules scope the figure. Users without the analytics group get
        an ``AccessError``, which makes the digest leave the KPI out of their
        email, the way core KPIs do.

        :param value_field: a key of ``_od_kpis``
        """
        if not self.env.user.has_group("order_analytics.group_order_analytics_user"):
            raise AccessError(
                self.env._("Order Desk KPIs are shown to Order Analytics users only.")
            )
        measure, date_field = self._od_kpis[value_field]
        start, end, companies = self._get_kpi_compute_parameters()
        groups = self.env[ORDER_FACTS]._read_group(
            [
                ("company_id", "in", companies.ids),
                (date_field, ">=", start),
                (date_field, "<", end),
            ],
            groupby=["company_id"],
            aggregates=[f"{measure}:avg"],
        )
        per_company = {company.id: value for company, value in groups}
        for digest in self:
            company = digest.company_id or self.env.company
            # No judged order in the window: 0, as core KPIs show no activity.
            digest[value_field] = per_company.get(company.id) or 0.0

    # === ACTIONS === #
    def _action_send(self, update_periodicity=True):
        """Bring the recipients of group-fed digests current, then send."""
        self._sync_analytics_recipients()
        return super()._action_send(update_periodicity=update_periodicity)

    # === BUSINESS METHODS === #
    def _compute_kpis_actions(self, company, user):
        """Open, from each Order Desk KPI of the email, the order report
        filtered to the orders the figure counts, with its measure shown.

        Each KPI ``kpi_od_<name>`` links to the server action
        ``action_server_digest_kpi_<name>``, which opens the window action
        ``action_order_analytics_order_kpi_<name>`` titled with the time the
        figures are as of.
        """
        actions = super()._compute_kpis_actions(company, user)
        menu = self.env.ref("order_analytics.menu_order_analytics_root")
        for value_field in self._od_kpis:
            kpi = value_field.removesuffix("_value")
            name = kpi.removeprefix("kpi_od_")
            actions[kpi] = f"{DIGEST_KPI_ACTION_PREFIX}{name}?menu_id={menu.id}"
        return actions

    def _sync_analytics_recipients(self):
        """Make the recipients of the digests that follow a group the
        internal, active members of their company's analytics digest group
        who may work in that company."""
        for digest in self.filtered("analytics_sync_recipients"):
            company = digest.company_id or self.env.company
            users = company._get_analytics_digest_group().sudo().users
            users = users.filtered(
                lambda u, company=company: (
                    u.active and not u.share and company in u.company_ids
                )
            )
            if users != digest.sudo().user_ids:
                digest.sudo().user_ids = [Command.set(users.ids)]
