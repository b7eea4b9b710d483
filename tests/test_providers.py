# Copyright 2026 Order Desk
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""order_logistics_tracking/providers is plain Python: test it without Odoo.

The clients talk to a real HTTP server on 127.0.0.1 that answers with the
payloads documented by the carriers (research notes, sections 1 and 2) and
records what it received. Signatures are computed here from the documented
formulas, never copied as hex.
"""

import hashlib
import importlib
import importlib.util
import json
import sys
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode

import pytest
from conftest import REPO

PROVIDERS_DIR = REPO / "order_logistics_tracking" / "providers"


def _load_package(name):
    """Load the providers package by path, as a package (relative imports)."""
    spec = importlib.util.spec_from_file_location(
        name,
        PROVIDERS_DIR / "__init__.py",
        submodule_search_locations=[str(PROVIDERS_DIR)],
    )
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    spec.loader.exec_module(package)
    return package


providers = _load_package("old_providers")
base = importlib.import_module("old_providers.base")
kd = importlib.import_module("old_providers.kuaidi100")
t17 = importlib.import_module("old_providers.track17")

CUSTOMER, KEY, SALT, TOKEN = "CUST0001", "secretKey123", "saltSalt", "token17"
UTC8_NODES = [
    {
        "context": "上海分拨中心/装件入车扫描 ",
        "time": "2012-08-28 16:33:19",
        "ftime": "2012-08-28 16:33:19",
        "status": "在途",
        "areaCode": "310000000000",
        "areaName": "上海市",
    },
    {
        "context": "上海分拨中心/下车扫描 ",
        "time": "2012-08-27 23:22:42",
        "ftime": "2012-08-27 23:22:42",
        "status": "在途",
        "areaCode": "310000000000",
        "areaName": "上海市",
    },
]
# Research 1.5, the documented push example (values verbatim).
DOC_PUSH = """{ "status": "polling", "billstatus": "got", "message": "", "autoCheck": "1",
  "comOld": "yuantong", "comNew": "ems",
  "lastResult": { "message": "ok", "state": "0", "status": "200", "condition": "F00",
    "ischeck": "0", "com": "yuantong", "nu": "V030344422",
    "data": [
      { "context": "上海分拨中心/装件入车扫描 ", "time": "2012-08-28 16:33:19", "ftime": "2012-08-28 16:33:19", "status": "在途", "areaCode": "310000000000", "areaName": "上海市" },
      { "context": "上海分拨中心/下车扫描 ", "time": "2012-08-27 23:22:42", "ftime": "2012-08-27 23:22:42", "status": "在途", "areaCode": "310000000000", "areaName": "上海市" } ] } }"""  # noqa: E501
# Research 1.1, a query answer of the same waybill.
QUERY_OK = {
    "message": "ok",
    "nu": "V030344422",
    "ischeck": "0",
    "condition": "F00",
    "com": "yuantong",
    "status": "200",
    "state": "0",
    "data": UTC8_NODES,
}
NO_RESULT = {
    "result": False,
    "returnCode": "500",
    "message": "查询无结果，请隔段时间再查",
}


def _error(code):
    return {"result": False, "returnCode": code, "message": "错误"}


# === The local carrier ====================================================== #
class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        request = {"path": self.path, "headers": self.headers, "body": body}
        self.server.received.append(request)
        replies = self.server.replies
        reply = replies.pop(0) if len(replies) > 1 else replies[0]
        if callable(reply):
            reply = reply(request)
        status, answer, delay = (tuple(reply) + (0,))[:3]
        time.sleep(delay)
        data = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class _Server(ThreadingHTTPServer):
    block_on_close = False  # a sleeping handler must not hold the teardown

    def handle_error(self, request, client_address):
        pass  # the client gave up on a slow answer: a broken pipe is expected

    def script(self, *replies):
        """Answer with ``replies`` in turn (the last one repeats)."""
        self.replies = list(replies)
        self.received = []

    def form(self, index=0):
        return {
            k: v[0] for k, v in parse_qs(self.received[index]["body"].decode()).items()
        }


@pytest.fixture
def server():
    srv = _Server(("127.0.0.1", 0), _Handler)
    srv.url = "http://127.0.0.1:%s" % srv.server_port
    srv.script((200, {}))
    thread = threading.Thread(target=srv.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def http(sleeps):
    return base.HttpClient(timeout=2.0, retries=2, backoff=0.5, sleep=sleeps.append)


@pytest.fixture
def kd100(server, http):
    return kd.Kuaidi100Client(
        CUSTOMER, KEY, http, server.url + "/poll/query.do", server.url + "/poll"
    )


@pytest.fixture
def track17(server, http):
    return t17.Track17Client(TOKEN, http, base_url=server.url + "/track/v2.2")


def _md5(text):
    return hashlib.md5(text.encode()).hexdigest()


def test_package_does_not_import_odoo():
    for path in PROVIDERS_DIR.glob("*.py"):
        source = path.read_text()
        assert "import odoo" not in source and "from odoo" not in source, path


# === Kuaidi100 query and subscribe ========================================== #
def test_query_posts_a_signed_form(server, kd100):
    server.script((200, QUERY_OK))
    result = kd100.query("yuantong", "V030344422", phone="1234")
    request = server.received[0]
    assert request["path"] == "/poll/query.do"
    assert request["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    form = server.form()
    assert set(form) == {"customer", "sign", "param"}
    assert form["customer"] == CUSTOMER
    assert form["sign"] == _md5(form["param"] + KEY + CUSTOMER).upper()
    assert json.loads(form["param"]) == {
        "com": "yuantong",
        "num": "V030344422",
        "resultv2": "4",
        "phone": "1234",
    }
    assert ", " not in form["param"] and ": " not in form["param"]
    assert (result.tracking_ref, result.carrier_code) == ("V030344422", "yuantong")
    assert (result.status, result.raw_code, result.known_code) == (
        "in_transit",
        "0",
        True,
    )
    assert [e.event_time for e in result.events] == [
        datetime(2012, 8, 27, 15, 22, 42),  # 23:22:42 in China is 15:22:42 UTC
        datetime(2012, 8, 28, 8, 33, 19),
    ]
    assert result.events[0].description == "上海分拨中心/下车扫描"
    assert result.events[0].payload == UTC8_NODES[1]
    assert result.events[0].location == "上海市"
    assert not result.final and result.eta is None


def test_query_without_result_is_not_retried(server, kd100, sleeps):
    server.script((200, NO_RESULT))
    with pytest.raises(base.ProviderError) as caught:
        kd100.query("yuantong", "V030344422")
    assert (caught.value.code, caught.value.retryable) == ("500", False)
    assert len(server.received) == 1 and sleeps == []
    assert KEY not in str(caught.value) and CUSTOMER not in str(caught.value)


@pytest.mark.parametrize("code", ["400", "408", "503", "601"])
def test_query_bad_data_or_credentials_are_not_retried(server, kd100, code):
    server.script((200, _error(code)))
    with pytest.raises(base.ProviderError) as caught:
        kd100.query("shunfeng", "SF1234567890")
    assert (caught.value.code, caught.value.retryable) == (code, False)
    assert len(server.received) == 1


@pytest.mark.parametrize("code", ["501", "502"])
def test_query_busy_codes_are_retried(server, kd100, sleeps, code):
    server.script((200, _error(code)), (200, QUERY_OK))
    assert kd100.query("yuantong", "V030344422").status == "in_transit"
    assert len(server.received) == 2 and sleeps == [0.5]


@pytest.mark.parametrize("status", [502, 429])
def test_http_errors_are_retried_with_backoff(server, kd100, sleeps, status):
    server.script((status, b"busy"), (status, b"busy"), (200, QUERY_OK))
    assert kd100.query("yuantong", "V030344422").events
    assert len(server.received) == 3 and sleeps == [0.5, 1.0]


def test_retries_are_bounded(server, kd100, sleeps):
    server.script((503, b"down"))
    with pytest.raises(base.ProviderError) as caught:
        kd100.query("yuantong", "V030344422")
    assert caught.value.retryable and caught.value.http_status == 503
    assert len(server.received) == 3 and sleeps == [0.5, 1.0]


def test_timeout_is_retryable_and_fast(server, sleeps):
    server.script((200, QUERY_OK, 1.5))
    http = base.HttpClient(timeout=0.2, retries=1, sleep=sleeps.append)
    client = kd.Kuaidi100Client(CUSTOMER, KEY, http, query_url=server.url + "/q")
    started = time.monotonic()
    with pytest.raises(base.ProviderError) as caught:
        client.query("yuantong", "V030344422")
    assert time.monotonic() - started < 1.2
    assert caught.value.retryable and len(server.received) == 2 and sleeps == [0.5]


def test_unreachable_carrier_is_retryable(server, sleeps):
    url = server.url + "/poll"
    server.shutdown()
    server.server_close()
    client = kd.Kuaidi100Client(CUSTOMER, KEY, base.HttpClient(retries=0), url)
    with pytest.raises(base.ProviderError) as caught:
        client.query("yuantong", "V030344422")
    assert caught.value.retryable and KEY not in str(caught.value)


def test_non_json_answer_is_an_error(server, kd100, sleeps):
    server.script((200, b"<html>maintenance</html>"))
    with pytest.raises(base.ProviderError) as caught:
        kd100.query("yuantong", "V030344422")
    assert not caught.value.retryable and len(server.received) == 1


def test_subscribe_posts_the_documented_form(server, kd100):
    server.script((200, {"result": True, "returnCode": "200", "message": "提交成功"}))
    code = kd100.subscribe(
        "ems", "1136281381675", "http://x.test/hook?t=1", SALT, "5678"
    )
    assert code == "200" and server.received[0]["path"] == "/poll"
    form = server.form()
    assert set(form) == {"schema", "param"} and form["schema"] == "json"
    assert json.loads(form["param"]) == {
        "company": "ems",
        "number": "1136281381675",
        "key": KEY,
        "parameters": {
            "callbackurl": "http://x.test/hook?t=1",
            "salt": SALT,
            "resultv2": "4",
            "phone": "5678",
        },
    }


def test_subscribe_duplicate_counts_as_success(server, kd100):
    server.script((200, {"result": False, "returnCode": "501", "message": "重复订阅"}))
    assert kd100.subscribe("ems", "1136281381675", "http://x.test/h", SALT) == "501"


@pytest.mark.parametrize(
    ("code", "retryable", "calls"),
    [("700", False, 1), ("600", False, 1), ("500", True, 3), ("502", True, 3)],
)
def test_subscribe_errors(server, kd100, code, retryable, calls):
    server.script((200, _error(code)))
    with pytest.raises(base.ProviderError) as caught:
        kd100.subscribe("ems", "1136281381675", "http://x.test/h", SALT)
    assert (caught.value.code, caught.value.retryable) == (code, retryable)
    assert len(server.received) == calls


# === Kuaidi100 push ========================================================= #
def test_push_wire_format_is_verified():
    wire = urlencode({"param": DOC_PUSH, "sign": _md5(DOC_PUSH + SALT).upper()})
    form = {k: v[0] for k, v in parse_qs(wire).items()}
    assert kd.verify_push(form["param"], form["sign"], SALT)
    assert kd.verify_push(form["param"], form["sign"].lower(), SALT)
    assert kd.verify_push(form["param"], _md5(DOC_PUSH + SALT), SALT)
    assert not kd.verify_push(form["param"], form["sign"], "other salt")
    assert not kd.verify_push(form["param"] + " ", form["sign"], SALT)
    assert not kd.verify_push(form["param"], "", SALT)
    # An empty salt still signs (only no salt at all disables the sign).
    assert kd.verify_push(DOC_PUSH, _md5(DOC_PUSH), "")


def test_push_ack_body_is_exact():
    assert (
        kd.PUSH_ACK_BODY
        == '{"result":true,"returnCode":"200","message":"成功"}'.encode()
    )
    assert json.loads(kd.PUSH_ACK_BODY) == kd.PUSH_ACK


def test_documented_push_is_a_corrected_track():
    push = kd.parse_push(DOC_PUSH)
    assert (push.status, push.auto_check, push.com_old, push.com_new) == (
        "polling",
        True,
        "yuantong",
        "ems",
    )
    assert push.switch_company == "ems" and not push.resubscribe
    result = push.result
    assert (result.tracking_ref, result.carrier_code, result.status) == (
        "V030344422",
        "ems",
        "in_transit",
    )
    assert not result.final
    assert [(e.status, e.raw_code, e.known_code) for e in result.events] == [
        ("in_transit", "在途", True)
    ] * 2
    assert result.events[-1].event_time == datetime(2012, 8, 28, 8, 33, 19)
    assert result.events[-1].payload["context"].endswith(" ")


def test_push_and_query_events_share_dedupe_keys(server, kd100):
    server.script((200, QUERY_OK))
    pulled = kd100.query("yuantong", "v030344422")
    pushed = kd.parse_push(DOC_PUSH).result
    assert [e.dedupe_key for e in pulled.events] == [
        e.dedupe_key for e in pushed.events
    ]
    assert len({e.dedupe_key for e in pulled.events}) == 2
    assert all(len(e.dedupe_key) == 64 for e in pulled.events)


def _push(
    status, state="0", message="", auto_check="0", com_old="", com_new="", last=True
):
    data = {
        "status": status,
        "billstatus": "check",
        "message": message,
        "autoCheck": auto_check,
        "comOld": com_old,
        "comNew": com_new,
    }
    if last:
        data["lastResult"] = dict(QUERY_OK, state=state)
    return json.dumps(data, ensure_ascii=False)


def test_shutdown_push_is_final():
    push = kd.parse_push(_push("shutdown", state="3"))
    assert push.result.final and push.result.status == "delivered"
    assert not push.resubscribe and push.switch_company is None


def test_abort_without_correction_asks_to_resubscribe():
    push = kd.parse_push(_push("abort", message="3天查询无记录"))
    assert push.resubscribe and push.switch_company is None and push.result.final
    assert kd.parse_push(_push("abort", last=False)).result is None
    # Delivered already: nothing to resubscribe for.
    assert not kd.parse_push(
        _push("abort", state="3", message="60天无变化")
    ).resubscribe


def test_abort_with_correction_switches_carrier():
    push = kd.parse_push(_push("abort", com_new="ems"))
    assert push.switch_company == "ems" and not push.resubscribe
    assert push.result.carrier_code == "ems" and not push.result.final


def test_polling_without_auto_check_keeps_carrier():
    push = kd.parse_push(_push("polling", com_new="ems"))
    assert push.switch_company is None and push.result.carrier_code == "yuantong"


@pytest.mark.parametrize(
    "param",
    [
        "",
        "not json",
        "[]",
        '{"status": "weird", "lastResult": {}}',
        '{"status": "polling"}',
        '{"status": "updateall", "lastResult": []}',
        '{"status": "polling", "lastResult": {"state": "0", "data": []}}',
    ],
)
def test_malformed_push_raises(param):
    with pytest.raises(ValueError):
        kd.parse_push(param)


# === Kuaidi100 mapping ====================================================== #
KD100_STATES = [
    "0",
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
    "10",
    "11",
    "12",
    "13",
    "14",
]
KD100_ADVANCED = [
    "101",
    "102",
    "103",
    "1001",
    "1002",
    "1003",
    "501",
    "301",
    "302",
    "303",
    "304",
    "401",
    "201",
    "202",
    "203",
    "204",
    "205",
    "206",
    "207",
    "208",
    "209",
    "210",
    "10",
    "11",
    "12",
    "13",
]
TAXONOMY = {
    "delay",
    "no_scan",
    "lost",
    "damaged",
    "failed_delivery",
    "address_issue",
    "returned",
    "customs_hold",
    "customer_complaint",
}


@pytest.mark.parametrize("state", KD100_STATES)
def test_every_kd100_state_maps(state):
    result = kd.parse_result(dict(QUERY_OK, state=state))
    assert result.status in base.STATUSES and result.known_code
    assert result.raw_code == state


@pytest.mark.parametrize("code", KD100_ADVANCED)
def test_every_kd100_advanced_code_maps(code):
    node = dict(UTC8_NODES[0], statusCode=code)
    result = kd.parse_result(dict(QUERY_OK, data=[node, UTC8_NODES[1]]))
    event = result.events[-1]
    assert event.status in base.STATUSES and event.known_code and event.raw_code == code
    # The latest node's advanced code wins over the top-level state.
    assert (result.raw_code, result.status) == (code, event.status)


@pytest.mark.parametrize(
    "name",
    ["在途", "揽收", "签收", "派件", "疑难", "退回", "退签", "转投", "清关", "拒签"],
)
def test_kd100_node_status_names_map(name):
    assert kd.map_code(name)[0] in base.STATUSES


def test_unknown_kd100_codes_are_kept():
    node = dict(UTC8_NODES[0], statusCode="9999")
    result = kd.parse_result(dict(QUERY_OK, state="99", data=[node, UTC8_NODES[1]]))
    assert (result.status, result.known_code, result.raw_code) == (None, False, "99")
    assert len(result.events) == 2
    event = result.events[-1]
    assert (event.status, event.known_code, event.raw_code) == (None, False, "9999")


def test_kd100_hints_use_the_taxonomy():
    assert set(kd.EXCEPTION_HINTS.values()) <= TAXONOMY
    assert set(kd.EXCEPTION_HINTS) <= set(kd.STATUS_MAP)
    assert kd.exception_hint("破损") == kd.exception_hint("209") == "damaged"


# === 17TRACK ================================================================ #
def _register_reply(request):
    items = json.loads(request["body"])
    accepted = [i for i in items if not i["number"].endswith("X")]
    rejected = [
        {"number": i["number"], "error": {"code": -18010012, "message": "bad"}}
        for i in items
        if i["number"].endswith("X")
    ]
    return 200, {"code": 0, "data": {"accepted": accepted, "rejected": rejected}}


def test_register_batches_by_40(server, track17):
    server.script(_register_reply)
    items = [{"number": "RR%09dCN" % n, "carrier": 3011} for n in range(84)]
    items.append({"number": "BADX", "carrier": None})
    accepted, rejected = track17.register(items)
    sizes = [len(json.loads(r["body"])) for r in server.received]
    assert sizes == [40, 40, 5]
    request = server.received[0]
    assert request["path"] == "/track/v2.2/register"
    assert request["headers"]["17token"] == TOKEN
    assert request["headers"]["Content-Type"] == "application/json"
    assert json.loads(request["body"])[0] == {
        "number": "RR000000000CN",
        "carrier": 3011,
    }
    assert json.loads(server.received[2]["body"])[-1] == {"number": "BADX"}
    assert accepted == [i["number"] for i in items[:84]]
    assert rejected == {"BADX": ("-18010012", "bad")}


def test_register_keeps_accepted_numbers_when_a_later_batch_fails(server, track17):
    server.script(_register_reply, (401, b"unauthorized"))
    items = [{"number": "N%03d" % n} for n in range(45)]
    accepted, rejected = track17.register(items)
    assert len(accepted) == 40 and set(rejected) == {"N%03d" % n for n in range(40, 45)}
    assert rejected["N044"][0] == "401" and TOKEN not in rejected["N044"][1]
    assert len(server.received) == 2


def test_register_raises_when_the_first_batch_fails(server, track17):
    server.script((401, b"unauthorized"))
    with pytest.raises(base.ProviderError) as caught:
        track17.register([{"number": "N%03d" % n} for n in range(45)])
    assert caught.value.http_status == 401 and len(server.received) == 1


TRACK = {
    "number": "RR123456789CN",
    "carrier": 3011,
    "tag": "order-7",
    "track_info": {
        "latest_status": {"status": "InTransit", "sub_status": "InTransit_Arrival"},
        "latest_event": {
            "time_utc": "2026-03-02T10:00:00Z",
            "description": "Arrived",
            "location": "Paris",
        },
        "time_metrics": {
            "estimated_delivery_date": {
                "from": "2026-03-05T00:00:00+08:00",
                "to": "2026-03-06T00:00:00+08:00",
            }
        },
        "tracking": {
            "providers": [
                {
                    "events": [
                        {
                            "time_utc": "2026-03-02T10:00:00Z",
                            "description": "Arrived",
                            "location": "Paris",
                            "sub_status": "InTransit_Arrival",
                        },
                        {
                            "time_utc": "2026-03-01T02:00:00Z",
                            "description": "Picked up",
                            "location": "Shenzhen",
                            "stage": "InTransit_PickedUp",
                        },
                        {
                            "time_utc": "2026-03-01T01:00:00Z",
                            "description": "Odd scan",
                            "sub_status": "Brand_New",
                        },
                    ]
                }
            ]
        },
    },
}


def test_get_track_info_parses_the_track(server, track17):
    server.script(
        (
            200,
            {
                "code": 0,
                "data": {
                    "accepted": [TRACK],
                    "rejected": [
                        {
                            "number": "LOST1",
                            "error": {"code": -18019902, "message": "not registered"},
                        }
                    ],
                },
            },
        )
    )
    results, rejected = track17.get_track_info(
        [{"number": "RR123456789CN", "carrier": 3011}, {"number": "LOST1"}]
    )
    assert server.received[0]["path"] == "/track/v2.2/gettrackinfo"
    assert rejected == {"LOST1": ("-18019902", "not registered")}
    result = results["RR123456789CN"]
    assert (result.status, result.raw_code, result.known_code) == (
        "in_transit",
        "InTransit_Arrival",
        True,
    )
    assert result.carrier_code == "3011" and not result.final
    assert result.eta == datetime(2026, 3, 5, 16, 0)
    assert [e.description for e in result.events] == [
        "Odd scan",
        "Picked up",
        "Arrived",
    ]
    odd = result.events[0]
    assert (odd.status, odd.known_code, odd.raw_code) == (None, False, "Brand_New")
    assert (
        result.events[1].status == "in_transit" and result.events[2].location == "Paris"
    )


@pytest.mark.parametrize(("status", "final"), [(401, None), (429, True)])
def test_track17_http_errors(server, track17, sleeps, status, final):
    ok = {"code": 0, "data": {"accepted": [TRACK], "rejected": []}}
    server.script((status, b"{}"), (200, ok))
    if final is None:
        with pytest.raises(base.ProviderError) as caught:
            track17.get_track_info([{"number": "RR123456789CN"}])
        assert not caught.value.retryable and len(server.received) == 1
        assert TOKEN not in str(caught.value)
    else:
        assert track17.get_track_info([{"number": "RR123456789CN"}])[0]
        assert len(server.received) == 2 and sleeps == [0.5]


def test_track17_envelope_error(server, track17):
    server.script((200, {"code": -18010001, "data": {}}))
    with pytest.raises(base.ProviderError) as caught:
        track17.register([{"number": "RR123456789CN"}])
    assert caught.value.code == "-18010001" and len(server.received) == 1


def test_track17_push_only_names_numbers():
    body = json.dumps({"event": "TRACKING_UPDATED", "data": TRACK}).encode()
    assert t17.parse_push(body) == [("RR123456789CN", 3011)]
    body = json.dumps({"event": "TRACKING_STOPPED", "data": {"number": "A1"}}).encode()
    assert t17.parse_push(body) == [("A1", None)]


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"\xff\xfe",
        b"not json",
        b"[]",
        b'{"data": {"number": "A1"}}',
        b'{"event": "TRACKING_UPDATED"}',
        b'{"event": "TRACKING_UPDATED", "data": {}}',
        b'{"event": "TRACKING_UPDATED", "data": [1]}',
        b"{" + b" " * 1_000_001 + b"}",
    ],
)
def test_malformed_track17_push_raises(body):
    with pytest.raises(ValueError):
        t17.parse_push(body)


T17_MAIN = {
    "NotFound": "pending",
    "InfoReceived": "info_received",
    "InTransit": "in_transit",
    "Expired": "expired",
    "AvailableForPickup": "available_for_pickup",
    "OutForDelivery": "out_for_delivery",
    "DeliveryFailure": "failed_attempt",
    "Delivered": "delivered",
    "Exception": "exception",
}
T17_SUBS = [
    "InTransit_PickedUp",
    "InTransit_Departure",
    "InTransit_Arrival",
    "InTransit_CustomsProcessing",
    "InTransit_CustomsReleased",
    "InTransit_CustomsRequiringInformation",
    "DeliveryFailure_NoBody",
    "DeliveryFailure_Security",
    "DeliveryFailure_Rejected",
    "DeliveryFailure_InvalidAddress",
    "DeliveryFailure_Other",
    "Expired_Other",
    "AvailableForPickup_Other",
    "Exception_Returning",
    "Exception_Returned",
    "Exception_NoBody",
    "Exception_Security",
    "Exception_Damage",
    "Exception_Rejected",
    "Exception_Delayed",
    "Exception_Lost",
    "Exception_Destroyed",
    "Exception_Cancel",
]


@pytest.mark.parametrize(("code", "status"), sorted(T17_MAIN.items()))
def test_every_track17_main_status_maps(code, status):
    assert t17.map_code(code) == (status, True)


@pytest.mark.parametrize("code", T17_SUBS)
def test_every_track17_sub_status_maps(code):
    status, known = t17.map_code(code)
    assert status in base.STATUSES and known


def test_track17_unknown_codes():
    assert t17.map_code("Teleported") == (None, False)
    assert t17.map_code("InTransit_Teleported") == ("in_transit", False)
    assert t17.map_code("Exception_Returned")[0] == "returned"
    assert set(t17.EXCEPTION_HINTS.values()) <= TAXONOMY
    assert set(t17.EXCEPTION_HINTS) <= set(t17.STATUS_MAP)
