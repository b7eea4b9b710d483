# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Kuaidi100 (快递100) status codes, for the client and for support staff.

One table for every code of KD100's "运单快递状态(state)说明" (research notes,
section 1.2): what each code means and which normalised status it gives. A
code missing here is kept on the event with ``known_code`` False.
"""

# KD100 code -> normalised status. Top-level `state` and the node
# `statusCode` (resultv2=4) share this one table: KD100's docs disagree on
# which codes appear where (section 1.2), so every code is accepted anywhere.
STATUS_MAP = {
    # --- 1 揽收 pickup group
    "1": "info_received",  # 揽收: order with the carrier, pickup not confirmed
    "101": "info_received",  # 已下单: order placed
    "102": "info_received",  # 待揽收: awaiting pickup
    "103": "in_transit",  # 已揽收: picked up, the parcel is moving
    # --- 0 在途 in transit group
    "0": "in_transit",  # 在途: in transit
    "1001": "in_transit",  # 到达派件城市: reached the destination city
    "1002": "in_transit",  # 干线: line haul
    "1003": "in_transit",  # 转递: forwarded to a new address
    # --- 5 派件 delivery group
    "5": "out_for_delivery",  # 派件: out for delivery
    "501": "available_for_pickup",  # 投柜或驿站: put in a locker or pickup station
    # --- 3 签收 signed group
    "3": "delivered",  # 签收: signed for
    "301": "delivered",  # 本人签收: signed by the recipient
    "302": "delivered",  # 派件异常后签收: signed after a delivery exception
    "303": "delivered",  # 代签: signed by someone else
    "304": "delivered",  # 投柜或站签收: collected from a locker or station
    # --- 6 退回 / 4 退签 / 14 拒签 return group
    "6": "exception",  # 退回: on the way back; not final, the return sign follows
    "4": "returned",  # 退签: return signed for by the shipper
    "401": "returned",  # 已销单: waybill cancelled
    "14": "returned",  # 拒签: refused by the recipient
    # --- 7 转投 transferred
    "7": "in_transit",  # 转投: handed to another carrier
    # --- 2 疑难 problem group
    "2": "exception",  # 疑难: problem, no detail
    "201": "exception",  # 超时未签收: not signed long after dispatch
    "202": "exception",  # 超时未更新: no update for a long time
    "203": "exception",  # 拒收: refused, waiting for the shipper's decision
    "204": "failed_attempt",  # 派件异常: delivery attempt failed
    "205": "exception",  # 柜或驿站超时未取: not collected from the locker in time
    "206": "failed_attempt",  # 无法联系: recipient unreachable
    "207": "exception",  # 超区: outside the service area
    "208": "exception",  # 滞留: stuck at a depot
    "209": "exception",  # 破损: damaged
    "210": "exception",  # 销单: cancelled by the shipper
    # --- 8 清关 customs group
    "8": "in_transit",  # 清关: customs clearance
    "10": "in_transit",  # 待清关: awaiting clearance
    "11": "in_transit",  # 清关中: clearance in progress
    "12": "in_transit",  # 已清关: cleared
    "13": "exception",  # 清关异常: customs exception
}

# The names KD100 writes in a node's `status` (basic names, and the advanced
# names of the same table), so a node without `statusCode` still maps.
CODE_NAMES = {
    "0": "在途", "1": "揽收", "2": "疑难", "3": "签收", "4": "退签", "5": "派件",
    "6": "退回", "7": "转投", "8": "清关", "10": "待清关", "11": "清关中",
    "12": "已清关", "13": "清关异常", "14": "拒签", "101": "已下单",
    "102": "待揽收", "103": "已揽收", "1001": "到达派件城市", "1002": "干线",
    "1003": "转递", "501": "投柜或驿站", "301": "本人签收",
    "302": "派件异常后签收", "303": "代签", "304": "投柜或站签收", "401": "已销单",
    "201": "超时未签收", "202": "超时未更新", "203": "拒收", "204": "派件异常",
    "205": "柜或驿站超时未取", "206": "无法联系", "207": "超区", "208": "滞留",
    "209": "破损", "210": "销单",
}  # fmt: skip
NAME_CODES = {name: code for code, name in CODE_NAMES.items()}

# KD100 code -> exception type of the addon's taxonomy (research section 4.2).
# Codes absent here (210, 401 cancellations; 2 without detail) get the Odoo
# side's default type.
EXCEPTION_HINTS = {
    "201": "failed_delivery",  # not signed long after dispatch
    "202": "no_scan",  # no new scan for a long time
    "203": "returned",  # refused, goes back
    "204": "failed_delivery",  # delivery attempt failed
    "205": "failed_delivery",  # not collected from the locker or station
    "206": "failed_delivery",  # recipient unreachable
    "207": "address_issue",  # outside the service area
    "208": "delay",  # stuck at a depot
    "209": "damaged",  # damaged
    "13": "customs_hold",  # customs exception
    "14": "returned",  # refused by the recipient
    "6": "returned",  # on the way back
    "4": "returned",  # return signed for
}


def map_code(raw_code):
    """Map a KD100 code (or a node's status name) to ``(status, known_code)``.

    :return: ``(None, False)`` for a code the table does not list
    """
    code = NAME_CODES.get(raw_code, raw_code)
    status = STATUS_MAP.get(code)
    return status, status is not None


def exception_hint(raw_code):
    """Return the exception type for a KD100 code or status name, or ``None``."""
    return EXCEPTION_HINTS.get(NAME_CODES.get(raw_code, raw_code))
