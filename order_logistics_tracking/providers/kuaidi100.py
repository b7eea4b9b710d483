# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Kuaidi100 (快递100): real-time query, subscription and push callbacks.

Protocol facts come from the official docs and SDKs, as checked in the
research notes (shared/research/logistics.md, section 1). Everything is
form-encoded: KD100 answers "数据不完整" (incomplete data) to JSON bodies.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta

from .base import (
    FINAL_STATUSES,
    HttpClient,
    ProviderError,
    TrackingEvent,
    TrackingResult,
    constant_time_equal,
    parse_local_time,
    sort_events,
)
from .kuaidi100_codes import (
    CODE_NAMES,
    EXCEPTION_HINTS,
    NAME_CODES,
    STATUS_MAP,
    exception_hint,
    map_code,
)

# The code tables live in kuaidi100_codes.py (one file for support staff to
# read); they are part of this module's API all the same.
__all__ = [
    "CODE_NAMES",
    "EXCEPTION_HINTS",
    "MIN_QUERY_INTERVAL",
    "NAME_CODES",
    "PUSH_ACK",
    "PUSH_ACK_BODY",
    "STATUS_MAP",
    "Kuaidi100Client",
    "Kuaidi100Push",
    "exception_hint",
    "map_code",
    "parse_push",
    "parse_result",
    "push_sign",
    "query_sign",
    "verify_push",
]

PROVIDER = "kuaidi100"
# KD100 locks a number (锁单) queried more often than this; the caller throttles.
MIN_QUERY_INTERVAL = timedelta(minutes=30)
# KD100 times are China time (Asia/Shanghai), UTC+8 all year: no DST.
CHINA_OFFSET = timedelta(hours=8)
TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d")
# A push param larger than this is refused: a full history is a few kB.
MAX_PUSH_CHARS = 1_000_000
PUSH_STATUSES = ("polling", "shutdown", "abort", "updateall")
# The only answer KD100 accepts as "push received", within 20 s.
PUSH_ACK = {"result": True, "returnCode": "200", "message": "成功"}
PUSH_ACK_BODY = '{"result":true,"returnCode":"200","message":"成功"}'.encode()

# Query error codes (section 1.1) that a later retry may cure.
RETRYABLE_QUERY_CODES = frozenset({"501", "502"})  # server error, busy
QUERY_ERRORS = {
    "400": "Kuaidi100 rejected the data or the carrier code.",
    "408": "Kuaidi100 refused the phone number check.",
    "500": "Kuaidi100 has no tracking information for this number yet.",
    "501": "Kuaidi100 had a server error.",
    "502": "Kuaidi100 is busy.",
    "503": "Kuaidi100 refused the signature (check customer and key).",
    "601": "The Kuaidi100 key expired or has no quota left.",
}
# Subscribe return codes (section 1.3); 200 and 501 (already subscribed) succeed.
SUBSCRIBE_OK_CODES = frozenset({"200", "501"})
RETRYABLE_SUBSCRIBE_CODES = frozenset({"500", "502"})
SUBSCRIBE_ERRORS = {
    "500": "Kuaidi100 had a server error.",
    "600": "The Kuaidi100 key is invalid.",
    "601": "The Kuaidi100 key expired.",
    "700": "Kuaidi100 rejected the subscription data.",
    "701": "The carrier does not accept subscriptions.",
    "702": "Kuaidi100 could not identify the carrier.",
}


def _md5_upper(text):
    return hashlib.md5(text.encode("utf-8")).hexdigest().upper()


def query_sign(param_json, key, customer):
    """Return the query ``sign``: upper-case hex ``MD5(param + key + customer)``.

    :param param_json: the exact ``param`` string sent
    """
    return _md5_upper(param_json + key + customer)


def push_sign(param, salt):
    """Return the push ``sign``: hex ``MD5(param + salt)``, upper case as the SDK."""
    return _md5_upper(param + (salt or ""))


def verify_push(param, sign, salt):
    """Tell whether ``sign`` authenticates ``param`` for ``salt``.

    Constant-time and case-insensitive: KD100 says it upper-cases, public code
    sends lower case.
    """
    if not isinstance(param, str) or not sign:
        return False
    return constant_time_equal(push_sign(param, salt), sign)


def _dumps(value):
    # Compact and UTF-8: the sign is computed over exactly this string.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _text(value):
    return "" if value is None else str(value).strip()


def _node_event(node, tracking_ref):
    """Build the event of one ``data[]`` node, or ``None`` without a usable time."""
    # `time` is the raw time, `ftime` its formatted copy: either will do.
    event_time = parse_local_time(
        node.get("time") or node.get("ftime"), CHINA_OFFSET, TIME_FORMATS
    )
    if event_time is None:
        return None
    raw_code = _text(node.get("statusCode")) or _text(node.get("status"))
    status, known = map_code(raw_code)
    return TrackingEvent.build(
        PROVIDER,
        tracking_ref,
        event_time,
        raw_code,
        _text(node.get("context")),
        status=status,
        known_code=known,
        location=_text(node.get("location")) or _text(node.get("areaName")),
        payload=node,
    )


def parse_result(answer, tracking_ref="", carrier_code=""):
    """Turn a KD100 result object (a query answer, a push's ``lastResult``) into
    a :class:`TrackingResult`.

    The result's status prefers the latest node's ``statusCode`` (the finer
    code) when it is known, else the top-level ``state``. Nodes without a
    usable time are skipped (kept in ``payload``); unknown codes are kept.
    """
    tracking_ref = _text(answer.get("nu")) or tracking_ref
    nodes = answer.get("data")
    nodes = (
        [node for node in nodes if isinstance(node, dict)]
        if isinstance(nodes, list)
        else []
    )
    # KD100 sends newest first: reverse so that the stable sort keeps ties in
    # the carrier's order.
    events = [_node_event(node, tracking_ref) for node in reversed(nodes)]
    events = sort_events([event for event in events if event is not None])
    latest = _text(events[-1].payload.get("statusCode")) if events else ""
    raw_code = latest if latest in STATUS_MAP else _text(answer.get("state"))
    status, known = map_code(raw_code)
    # Only resultv2=8 returns an ETA; its format is not documented, so it is
    # read with the node formats and ignored when it does not parse.
    eta = parse_local_time(answer.get("arrivalTime"), CHINA_OFFSET, TIME_FORMATS)
    return TrackingResult(
        tracking_ref=tracking_ref,
        carrier_code=_text(answer.get("com")) or carrier_code,
        status=status,
        raw_code=raw_code,
        known_code=known,
        events=events,
        eta=eta,
        final=_text(answer.get("ischeck")) == "1" or status in FINAL_STATUSES,
        payload=answer,
    )


@dataclass
class Kuaidi100Push:
    """A parsed push callback.

    :ivar status: polling, shutdown, abort or updateall
    :ivar resubscribe: KD100 stopped without a carrier correction: check the
        number, then subscribe again (30 min later at the earliest)
    :ivar switch_company: the corrected carrier code to store, or ``None``
    """

    status: str
    message: str
    auto_check: bool
    com_old: str
    com_new: str
    result: TrackingResult | None
    resubscribe: bool = False
    switch_company: str | None = None


def parse_push(param_json):
    """Parse the ``param`` field of a push (verify its ``sign`` first).

    The FAQ rules (section 1.4): ``abort`` with an empty ``comNew`` means
    resubscribe later; ``abort`` with ``comNew`` means KD100 re-subscribed
    itself under ``comNew`` (switch, do not resubscribe); ``polling`` with
    ``autoCheck=1`` is the corrected track under ``comNew``.

    ``result.final`` is True on ``shutdown``, on a delivered/returned state and
    on an ``abort`` without correction (KD100 stopped monitoring; a new
    subscription, see ``resubscribe``, starts a new one).

    :raise ValueError: with a short reason when the param is malformed
    """
    data = _load_push(param_json)
    status = data["status"]
    com_new = _text(data.get("comNew"))
    auto_check = _text(data.get("autoCheck")) == "1"
    switch = None
    if com_new and (status == "abort" or auto_check):
        switch = com_new
    last = data.get("lastResult")
    if last is None and status != "abort":
        raise ValueError("push without lastResult")
    if last is not None and not isinstance(last, dict):
        raise ValueError("lastResult is not an object")
    result = None
    if last is not None:
        result = parse_result(last)
        if not result.tracking_ref:
            raise ValueError("push without a tracking number")
        result.carrier_code = switch or result.carrier_code
        result.final = result.final or status == "shutdown"
        result.final = result.final or (status == "abort" and not switch)
    return Kuaidi100Push(
        status=status,
        message=_text(data.get("message")),
        auto_check=auto_check,
        com_old=_text(data.get("comOld")),
        com_new=com_new,
        result=result,
        # A number already delivered or returned needs no new subscription.
        resubscribe=status == "abort" and not switch and not _closed(result),
        switch_company=switch,
    )


def _closed(result):
    return result is not None and result.status in FINAL_STATUSES


def _load_push(param_json):
    if isinstance(param_json, bytes):
        try:
            param_json = param_json.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("push param is not UTF-8") from None
    if not isinstance(param_json, str) or not param_json.strip():
        raise ValueError("empty push param")
    if len(param_json) > MAX_PUSH_CHARS:
        raise ValueError("push param too large")
    if "\x00" in param_json or "\\u0000" in param_json:
        # PostgreSQL stores no NUL character in text or jsonb.
        raise ValueError("push param holds a NUL character")
    try:
        data = json.loads(param_json)
    except (ValueError, RecursionError):
        raise ValueError("push param is not JSON") from None
    if not isinstance(data, dict):
        raise ValueError("push param is not a JSON object")
    if data.get("status") not in PUSH_STATUSES:
        raise ValueError("unknown push status")
    return data


class Kuaidi100Client:
    """Calls Kuaidi100's query and subscribe APIs.

    :param customer: the company number (customer) of the KD100 console
    :param key: the authorisation key; never logged nor put in errors
    :param http: an :class:`HttpClient`, default one when omitted
    """

    def __init__(
        self,
        customer,
        key,
        http=None,
        query_url="https://poll.kuaidi100.com/poll/query.do",
        subscribe_url="https://poll.kuaidi100.com/poll",
    ):
        self.customer = customer
        self.key = key
        self.http = http or HttpClient()
        self.query_url = query_url
        self.subscribe_url = subscribe_url

    def query(self, company_code, number, phone=None, resultv2="4"):
        """Query the track of one number now (at most once per
        :data:`MIN_QUERY_INTERVAL` per number: the caller throttles).

        Use the same ``resultv2`` as the subscription: the node codes, hence
        the events' dedupe keys, depend on it.

        :param phone: sender or recipient phone (or its last 4 digits), needed
            for SF Express and ZTO
        :raise ProviderError: on KD100 error codes; ``code="500"`` (no result)
            is not retryable and means "no information yet". The 501 (server
            error) and 502 (busy) codes are retried by the HttpClient first,
            as KD100 served no track.
        """
        param = {"com": company_code, "num": number, "resultv2": resultv2}
        if phone:
            param["phone"] = phone
        param_json = _dumps(param)
        data = {
            "customer": self.customer,
            "sign": query_sign(param_json, self.key, self.customer),
            "param": param_json,
        }
        answer = self.http.post_form(self.query_url, data, check=_check_query)
        return parse_result(answer, tracking_ref=number, carrier_code=company_code)

    def subscribe(
        self, company_code, number, callback_url, salt, phone=None, resultv2="4"
    ):
        """Subscribe a number to push updates to ``callback_url``.

        :param salt: signs each push (``None`` disables signing; "" still signs)
        :return: KD100's return code: "200", or "501" when the number is
            already being tracked (``polling``), which counts as success
        :raise ProviderError: otherwise; retryable for 500 and 502 only
        """
        parameters = {"callbackurl": callback_url, "resultv2": resultv2}
        if salt is not None:
            parameters["salt"] = salt
        if phone:
            parameters["phone"] = phone
        param = {
            "company": company_code,
            "number": number,
            "key": self.key,
            "parameters": parameters,
        }
        data = {"schema": "json", "param": _dumps(param)}
        answer = self.http.post_form(self.subscribe_url, data, check=_check_subscribe)
        return _text(answer.get("returnCode"))


def _check_query(answer):
    """Raise for the error shape of a query answer (``result=false``)."""
    code = _text(answer.get("returnCode"))
    failed = answer.get("result") in (False, "false") or (code and code != "200")
    if not failed:
        return
    raise ProviderError(
        QUERY_ERRORS.get(code, "Kuaidi100 returned an error."),
        code=code,
        retryable=code in RETRYABLE_QUERY_CODES,
        detail=_text(answer.get("message")),
    )


def _check_subscribe(answer):
    """Raise unless the subscribe answer says 200 or 501 (already subscribed)."""
    code = _text(answer.get("returnCode"))
    if code in SUBSCRIBE_OK_CODES:
        return
    raise ProviderError(
        SUBSCRIBE_ERRORS.get(code, "Kuaidi100 refused the subscription."),
        code=code,
        retryable=code in RETRYABLE_SUBSCRIBE_CODES,
        detail=_text(answer.get("message")),
    )
