# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The contract every carrier tracking client follows, in plain Python.

A provider client turns a carrier's answer into :class:`TrackingResult` objects
holding :class:`TrackingEvent` objects with one of the normalised
:data:`STATUSES`. The carrier's own code always travels along (``raw_code``)
with a ``known_code`` flag, so an unmapped code is kept and shown as "needs
mapping" instead of being dropped. Nothing here imports Odoo: the clients are
tested on their own and the Odoo models are written against these names.
"""

import hashlib
import hmac
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

import requests

_logger = logging.getLogger(__name__)

# Normalised statuses, in the order a shipment usually goes through them.
STATUSES = (
    "pending",
    "info_received",
    "in_transit",
    "out_for_delivery",
    "available_for_pickup",
    "failed_attempt",
    "delivered",
    "exception",
    "returned",
    "expired",
)
# Statuses after which the carrier sends no more updates.
FINAL_STATUSES = frozenset({"delivered", "returned", "expired"})

# What a client sends as User-Agent: carriers' support asks for it.
USER_AGENT = "OrderDesk-LogisticsTracking/1.0"


def sha256_hex(*parts):
    """Return the hex SHA-256 of ``parts`` joined by a unit separator.

    The separator (U+001F) cannot occur in carrier data, so ``("ab", "c")`` and
    ``("a", "bc")`` give different digests. ``None`` counts as "".

    :return: 64-char lower-case hex string
    """
    text = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def constant_time_equal(a, b):
    """Compare two signatures in constant time, ignoring the case.

    Carriers disagree on the case of hex signatures (Kuaidi100's SDK upper-cases
    its MD5, other code sends lower case), so both sides are lower-cased first.

    :return: False when either side is empty or ``None``
    """
    if not a or not b:
        return False
    return hmac.compare_digest(
        str(a).strip().lower().encode("utf-8"), str(b).strip().lower().encode("utf-8")
    )


def to_naive_utc(value):
    """Return ``value`` as a naive datetime in UTC (Odoo stores UTC naive).

    A naive input is taken as already in UTC.
    """
    if value.tzinfo is None:
        return value
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def parse_local_time(text, utc_offset, formats):
    """Parse a carrier's local wall-clock time and return it as naive UTC.

    :param text: the time as the carrier wrote it
    :param utc_offset: the carrier's fixed offset as a ``timedelta`` (fixed
        offsets are enough for zones without DST, such as China's)
    :param formats: ``strptime`` formats, tried in order
    :return: naive UTC datetime, or ``None`` when no format matches
    """
    text = (text or "").strip() if isinstance(text, str) else ""
    for fmt in formats:
        try:
            local = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return local - utc_offset
    return None


def parse_iso_time(text):
    """Parse an ISO 8601 time (``Z`` suffix accepted) and return naive UTC.

    Python 3.10, the oldest Odoo 18 supports, does not read ``Z`` itself. A
    time without an offset is taken as UTC.

    :return: naive UTC datetime, or ``None`` when ``text`` is not ISO 8601
    """
    if not isinstance(text, str) or not text.strip():
        return None
    text = text.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return to_naive_utc(datetime.fromisoformat(text))
    except ValueError:
        return None


@dataclass(frozen=True)
class TrackingEvent:
    """One scan of a shipment, normalised.

    ``payload`` is left out of equality and hashing: it is a dict, and two
    events are the same event when their ``dedupe_key`` is.
    """

    event_time: datetime
    status: str | None
    raw_code: str
    description: str
    location: str
    known_code: bool
    payload: dict = field(compare=False, hash=False, repr=False)
    dedupe_key: str

    @classmethod
    def build(
        cls,
        provider,
        tracking_ref,
        event_time,
        raw_code,
        description,
        *,
        status=None,
        known_code=False,
        location="",
        payload=None,
    ):
        """Build an event and compute its ``dedupe_key``.

        The key hashes the provider, the tracking reference (stripped and
        upper-cased: carriers are not consistent about the case of letters in
        numbers), the ISO time, the raw code and the description (stripped:
        KD100's texts carry stray trailing spaces), so the same scan received
        by push and by pull gets the same key.

        :param event_time: naive UTC datetime
        :param payload: the raw node exactly as received
        :return: :class:`TrackingEvent`
        """
        raw_code = "" if raw_code is None else str(raw_code)
        description = (description or "").strip()
        key = sha256_hex(
            provider,
            (tracking_ref or "").strip().upper(),
            event_time.isoformat(),
            raw_code,
            description,
        )
        return cls(
            event_time=event_time,
            status=status,
            raw_code=raw_code,
            description=description,
            location=(location or "").strip(),
            known_code=bool(known_code),
            payload=payload if payload is not None else {},
            dedupe_key=key,
        )


@dataclass
class TrackingResult:
    """The tracking state of one number as a provider answered it."""

    tracking_ref: str
    carrier_code: str
    status: str | None
    raw_code: str
    known_code: bool
    events: list = field(default_factory=list)
    eta: datetime | None = None
    final: bool = False
    payload: dict = field(default_factory=dict, repr=False)


def sort_events(events):
    """Return ``events`` oldest first, without duplicate ``dedupe_key``.

    The sort is stable: events with the same time keep the order given, so a
    caller passes them oldest first for ties to stay meaningful.
    """
    seen = set()
    unique = []
    for event in events:
        if event.dedupe_key not in seen:
            seen.add(event.dedupe_key)
            unique.append(event)
    return sorted(unique, key=lambda event: event.event_time)


class ProviderError(Exception):
    """A provider call that failed.

    :param message: short English text for logs and the Odoo wrapper, never
        holding credentials
    :param code: the provider's return code as text, or ""
    :param retryable: True when the same call may succeed later (network
        errors, timeouts, HTTP 5xx and 429, "busy" codes); False for bad
        credentials, bad data or an exhausted quota
    :param detail: the provider's own message, if any (often Chinese)
    :param http_status: the HTTP status, when an answer came
    """

    def __init__(self, message, code="", retryable=False, detail="", http_status=None):
        super().__init__(message)
        self.message = message
        self.code = "" if code is None else str(code)
        self.retryable = bool(retryable)
        self.detail = detail or ""
        self.http_status = http_status

    def __str__(self):
        return f"{self.message} [{self.code}]" if self.code else self.message


class HttpClient:
    """A small HTTP client for carrier APIs: JSON answers, timeouts, retries.

    Only retryable failures are retried, ``retries`` times at most, sleeping
    ``backoff * 2 ** attempt`` seconds between attempts (``sleep`` is
    injectable so tests run fast). A ``check`` callable given to a post method
    turns provider-level error codes into :class:`ProviderError`; a retryable
    one is retried like a network error.

    :param timeout: seconds, or a ``(connect, read)`` pair; both are always set
        so a hung carrier cannot block an Odoo worker
    :param session: a ``requests.Session``, created on first use when omitted
    """

    def __init__(
        self, timeout=10.0, retries=2, backoff=0.5, session=None, sleep=time.sleep
    ):
        # One figure for connecting and for each read (requests takes both).
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.backoff = backoff
        self.session = session
        self.sleep = sleep

    def post_form(self, url, data, check=None):
        """POST ``data`` form-encoded (UTF-8) and return the decoded JSON dict.

        :raise ProviderError: on any failure, after the retries
        """
        return self._post(url, check, data=data)

    def post_json(self, url, payload, headers=None, check=None):
        """POST ``payload`` as JSON with ``headers`` and return the decoded dict.

        :raise ProviderError: on any failure, after the retries
        """
        return self._post(url, check, json=payload, headers=headers or {})

    def _post(self, url, check, **kwargs):
        attempt = 0
        while True:
            try:
                answer = self._post_once(url, **kwargs)
                if check is not None:
                    check(answer)
                return answer
            except ProviderError as error:
                if not error.retryable or attempt >= self.retries:
                    raise
                delay = self.backoff * 2**attempt
                _logger.info("Carrier call failed (%s), retry in %.1fs", error, delay)
                self.sleep(delay)
                attempt += 1

    def _post_once(self, url, headers=None, **kwargs):
        if self.session is None:
            self.session = requests.Session()
        all_headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        all_headers.update(headers or {})
        # Exceptions are re-raised "from None": requests' own ones may quote the
        # request, and credentials travel in headers and bodies.
        try:
            response = self.session.post(
                url,
                headers=all_headers,
                timeout=self.timeout,
                # A redirected POST becomes a GET: never follow one silently.
                allow_redirects=False,
                **kwargs,
            )
        except requests.Timeout:
            raise ProviderError(
                "The carrier did not answer in time.", retryable=True
            ) from None
        except requests.ConnectionError:
            raise ProviderError(
                "The carrier could not be reached.", retryable=True
            ) from None
        except requests.RequestException as error:
            raise ProviderError(
                "The request to the carrier failed (%s)." % type(error).__name__
            ) from None
        return self._decode(response)

    @staticmethod
    def _decode(response):
        status = response.status_code
        if status == 429:
            raise ProviderError(
                "The carrier asks to slow down (HTTP 429).",
                retryable=True,
                http_status=status,
            )
        if status >= 500:
            raise ProviderError(
                "The carrier had a server error (HTTP %s)." % status,
                retryable=True,
                http_status=status,
            )
        if status in (401, 403):
            raise ProviderError(
                "The carrier refused the credentials (HTTP %s)." % status,
                http_status=status,
            )
        if status >= 300:
            raise ProviderError(
                "The carrier rejected the request (HTTP %s)." % status,
                http_status=status,
            )
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise ProviderError(
                "The carrier's answer is not a JSON object.", http_status=status
            )
        return answer
