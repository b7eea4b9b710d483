# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import res_company
from . import res_config_settings
from . import delivery_carrier
from . import delivery_carrier_kuaidi100
from . import delivery_carrier_track17
from . import order_tracking_event
from . import order_shipment
from . import order_shipment_tracking
from . import order_tracking_push
from . import stock_picking
from . import sale_order
from . import order_delivery_exception
from . import order_delivery_exception_detect
from . import order_delivery_exception_customer
from . import order_exception_playbook
from . import order_exception_step_run
from . import order_shipment_exceptions
from . import stock_picking_exceptions
from . import survey_question
from . import survey_user_input
from . import sale_order_survey
from . import order_shipment_demo
from . import order_shipment_notification
from . import order_shipment_notifications
from . import sale_order_portal
from . import sale_order_exceptions
