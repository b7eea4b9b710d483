# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""17TRACK (API v2.2): registration, track pulls and push triggers.

Facts from the research notes (shared/research/logistics.md, section 2):
header ``17token``, JSON POST, envelope ``{code, data{accepted[], rejected[]}}``,
HTTP 401 for a bad key, 429 when too fast, 40 numbers per call, 3 requests a
second. 17TRACK's push signature is ambiguous in public sources, so a push is
never trusted for data: it only names the numbers to pull again (pulls are
free after registration).
"""

import json

from .base import (
    FINAL_STATUSES,
    HttpClient,
    ProviderError,
    TrackingEvent,
    TrackingResult,
    parse_iso_time,
    sort_events,
)

PROVIDER = "track17"
BASE_URL = "https://api.17track.net/track/v2.2"
# 17TRACK accepts at most this many numbers per call.
MAX_BATCH = 40
# 3 requests a second per key: the caller spaces its calls by this much.
MIN_INTERVAL_SECONDS = 1 / 3
# A push body larger than this is refused (a full track is a few kB).
MAX_PUSH_BYTES = 1_000_000

# 17TRACK status or sub-status -> normalised status. Sub-statuses are named
# "<MainStatus>_<Detail>"; an unlisted one falls back on its main status
# with known_code False (see map_code).
STATUS_MAP = {
    # --- the 9 main statuses
    "NotFound": "pending",  # no information yet
    "InfoReceived": "info_received",  # the carrier has the order, not the parcel
    "InTransit": "in_transit",  # moving
    "Expired": "expired",  # no update for a long time, tracking stopped
    "AvailableForPickup": "available_for_pickup",  # waiting at a pickup point
    "OutForDelivery": "out_for_delivery",  # on the delivery round
    "DeliveryFailure": "failed_attempt",  # a delivery attempt failed
    "Delivered": "delivered",  # delivered
    "Exception": "exception",  # a problem, see the sub-status
    # --- sub-statuses
    "NotFound_Other": "pending",  # not found yet
    "NotFound_InvalidCode": "pending",  # number not valid for the carrier
    "InTransit_PickedUp": "in_transit",  # picked up
    "InTransit_Departure": "in_transit",  # left a facility
    "InTransit_Arrival": "in_transit",  # reached a facility
    "InTransit_CustomsProcessing": "in_transit",  # customs clearance in progress
    "InTransit_CustomsReleased": "in_transit",  # released by customs
    "InTransit_CustomsRequiringInformation": "exception",  # customs want documents
    "InTransit_Other": "in_transit",  # other transit scan
    "Expired_Other": "expired",  # tracking expired
    "AvailableForPickup_Other": "available_for_pickup",  # at a pickup point
    "OutForDelivery_Other": "out_for_delivery",  # out for delivery
    "DeliveryFailure_NoBody": "failed_attempt",  # nobody at the address
    "DeliveryFailure_Security": "failed_attempt",  # security or safety issue
    "DeliveryFailure_Rejected": "failed_attempt",  # recipient refused
    "DeliveryFailure_InvalidAddress": "failed_attempt",  # wrong address
    "DeliveryFailure_Other": "failed_attempt",  # other failed attempt
    "Delivered_Other": "delivered",  # delivered
    "Exception_Returning": "exception",  # going back; not final, "returned" follows
    "Exception_Returned": "returned",  # back with the shipper
    "Exception_NoBody": "exception",  # recipient not found
    "Exception_Security": "exception",  # held for security or customs
    "Exception_Damage": "exception",  # damaged
    "Exception_Rejected": "exception",  # refused
    "Exception_Delayed": "exception",  # delayed
    "Exception_Lost": "exception",  # lost
    "Exception_Destroyed": "exception",  # destroyed
    "Exception_Cancel": "exception",  # shipment cancelled
    "Exception_Other": "exception",  # other problem
}

# 17TRACK code -> exception type of the addon's taxonomy (research 4.2).
EXCEPTION_HINTS = {
    "Expired": "no_scan",  # never or no longer scanned
    "Expired_Other": "no_scan",
    "InTransit_CustomsRequiringInformation": "customs_hold",
    "DeliveryFailure": "failed_delivery",
    "DeliveryFailure_NoBody": "failed_delivery",
    "DeliveryFailure_Security": "failed_delivery",
    "DeliveryFailure_Other": "failed_delivery",
    "DeliveryFailure_Rejected": "returned",  # a refusal sends the parcel back
    "DeliveryFailure_InvalidAddress": "address_issue",
    "Exception_Returning": "returned",
    "Exception_Returned": "returned",
    "Exception_NoBody": "failed_delivery",
    "Exception_Security": "customs_hold",
    "Exception_Damage": "damaged",
    "Exception_Rejected": "returned",
    "Exception_Delayed": "delay",
    "Exception_Lost": "lost",
    "Exception_Destroyed": "lost",  # the goods are gone, as for a loss
}


def _text(value):
    return "" if value is None else str(value).strip()


def map_code(raw_code):
    """Map a 17TRACK status or sub-status to ``(status, known_code)``.

    An unlisted ``<Main>_<Detail>`` sub-status takes the status of its listed
    main status, with ``known_code`` False so that it shows as "needs mapping"
    while the shipment still moves on; anything else is ``(None, False)``.
    """
    raw_code = _text(raw_code)
    if raw_code in STATUS_MAP:
        return STATUS_MAP[raw_code], True
    if "_" in raw_code:
        return STATUS_MAP.get(raw_code.split("_", 1)[0]), False
    return None, False


def exception_hint(raw_code):
    """Return the exception type for a 17TRACK code, or ``None``."""
    return EXCEPTION_HINTS.get(_text(raw_code))


def _dict(value):
    return value if isinstance(value, dict) else {}


def _list(value):
    return (
        [item for item in value if isinstance(item, dict)]
        if isinstance(value, list)
        else []
    )


def _eta(track_info):
    """Read ``time_metrics.estimated_delivery_date``: a time or a from/to range.

    Of a range the later end is taken: the customer is promised no earlier.
    """
    value = _dict(track_info.get("time_metrics")).get("estimated_delivery_date")
    if isinstance(value, dict):
        return parse_iso_time(value.get("to")) or parse_iso_time(value.get("from"))
    return parse_iso_time(value)


def _events(track_info, number):
    events = []
    for provider in _list(_dict(track_info.get("tracking")).get("providers")):
        # Providers list events newest first: reverse so that the stable sort
        # keeps ties in the carrier's order.
        for node in reversed(_list(provider.get("events"))):
            event_time = parse_iso_time(node.get("time_utc"))
            if event_time is None:
                continue  # unusable without a time; the raw track keeps it
            raw_code = _text(node.get("sub_status")) or _text(node.get("stage"))
            status, known = map_code(raw_code)
            events.append(
                TrackingEvent.build(
                    PROVIDER,
                    number,
                    event_time,
                    raw_code,
                    _text(node.get("description")),
                    status=status,
                    known_code=known,
                    location=_text(node.get("location")),
                    payload=node,
                )
            )
    # The origin and destination carriers may report the same scan.
    return sort_events(events)


def parse_track(item):
    """Turn one ``accepted`` item of ``gettrackinfo`` into a TrackingResult."""
    number = _text(item.get("number"))
    track_info = _dict(item.get("track_info"))
    latest = _dict(track_info.get("latest_status"))
    main, sub = _text(latest.get("status")), _text(latest.get("sub_status"))
    raw_code = sub or main
    status, known = map_code(raw_code)
    if status is None and main:
        # An unparseable sub-status: fall back on the main one, flagged.
        status, known = map_code(main)[0], False
    return TrackingResult(
        tracking_ref=number,
        carrier_code=_text(item.get("carrier")),
        status=status,
        raw_code=raw_code,
        known_code=known,
        events=_events(track_info, number),
        eta=_eta(track_info),
        final=status in FINAL_STATUSES,
        payload=item,
    )


def _rejection(item):
    """Return ``(code, message)`` of a ``rejected`` item, as text."""
    error = _dict(item.get("error"))
    code = error.get("code", item.get("code"))
    message = error.get("message", item.get("message"))
    return _text(code), _text(message)


def _check_envelope(answer):
    """Raise unless the envelope says ``code`` 0 with a ``data`` object."""
    code = answer.get("code")
    if code in (0, "0") and isinstance(answer.get("data"), dict):
        return
    raise ProviderError("17TRACK refused the request.", code=_text(code))


def parse_push(body):
    """Read a 17TRACK push and return the ``(number, carrier)`` pairs to pull.

    Never returns tracking data: the push's signature cannot be checked
    reliably, so the caller pulls :meth:`Track17Client.get_track_info`.

    :param body: the raw request body (bytes or str)
    :return: list of ``(number, carrier)``; ``carrier`` is an int or ``None``
    :raise ValueError: with a short reason when the body is malformed
    """
    if not body:
        raise ValueError("empty body")
    if len(body) > MAX_PUSH_BYTES:
        raise ValueError("body too large")
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if "\x00" in text or "\\u0000" in text:
        # PostgreSQL stores no NUL character in text or jsonb.
        raise ValueError("body holds a NUL character")
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # also UnicodeDecodeError; too deep
        raise ValueError("body is not JSON") from None
    if not isinstance(data, dict):
        raise ValueError("body is not a JSON object")
    if not isinstance(data.get("event"), str) or not data["event"].strip():
        raise ValueError("push without event")
    items = data.get("data")
    items = [items] if isinstance(items, dict) else items
    if not isinstance(items, list) or not items:
        raise ValueError("push without data")
    pairs = []
    for item in items:
        number = _text(item.get("number")) if isinstance(item, dict) else ""
        if not number:
            raise ValueError("push without data.number")
        carrier = item.get("carrier")
        carrier = (
            carrier
            if isinstance(carrier, int) and not isinstance(carrier, bool)
            else None
        )
        pairs.append((number, carrier))
    return pairs


class Track17Client:
    """Calls the 17TRACK v2.2 API.

    :param api_key: the account's API key; sent only in the ``17token``
        header, never logged nor put in errors
    :param http: an :class:`HttpClient`, default one when omitted
    """

    def __init__(self, api_key, http=None, base_url=BASE_URL):
        self.api_key = api_key
        self.http = http or HttpClient()
        self.base_url = base_url.rstrip("/")

    def register(self, items):
        """Register numbers for tracking (1 quota per accepted number).

        :param items: dicts with ``number`` and ``carrier`` (17TRACK's int
            carrier code, or ``None`` to let it detect the carrier)
        :return: ``(accepted_numbers, rejected)``; ``rejected`` maps a number
            to ``(code, message)`` as text
        :raise ProviderError: when the first batch fails
        """
        accepted, rejected = [], {}
        for batch_accepted, batch_rejected in self._batches("/register", items):
            accepted += [_text(item.get("number")) for item in batch_accepted]
            rejected.update(batch_rejected)
        return accepted, rejected

    def get_track_info(self, items):
        """Pull the tracks of registered numbers.

        :param items: as for :meth:`register`
        :return: ``(results, rejected)``: ``results`` maps a number to its
            :class:`TrackingResult`, ``rejected`` to ``(code, message)``
        :raise ProviderError: when the first batch fails
        """
        results, rejected = {}, {}
        for batch_accepted, batch_rejected in self._batches("/gettrackinfo", items):
            for item in batch_accepted:
                result = parse_track(item)
                results[result.tracking_ref] = result
            rejected.update(batch_rejected)
        return results, rejected

    def _batches(self, path, items):
        """Post ``items`` by batches of :data:`MAX_BATCH`; yield each answer's
        ``(accepted items, rejected dict)``.

        A failing batch after a successful one does not raise: registrations
        already spent quota, so their answers must reach the caller. The
        numbers of the failing and later batches come back as rejected with
        the error's code (else its HTTP status, else "error") and message, to
        be tried again later.
        """
        payload = [self._item(item) for item in items]
        headers = {"17token": self.api_key, "Content-Type": "application/json"}
        for start in range(0, len(payload), MAX_BATCH):
            batch = payload[start : start + MAX_BATCH]
            if start:
                # 17TRACK takes 3 requests a second per key: space the batches.
                self.http.sleep(MIN_INTERVAL_SECONDS)
            try:
                answer = self.http.post_json(
                    self.base_url + path, batch, headers, check=_check_envelope
                )
            except ProviderError as error:
                if not start:
                    raise
                # A 17TRACK code, else the HTTP status, else a plain "error".
                code = error.code or str(error.http_status or "error")
                reason = (code, error.message)
                yield [], {item["number"]: reason for item in payload[start:]}
                return
            data = answer["data"]
            rejected = {
                _text(item.get("number")): _rejection(item)
                for item in _list(data.get("rejected"))
            }
            yield _list(data.get("accepted")), rejected

    @staticmethod
    def _item(item):
        entry = {"number": _text(item.get("number"))}
        if item.get("carrier") is not None:
            entry["carrier"] = int(item["carrier"])
        return entry
