"""Hostile input at the webhooks, over real HTTP on each database backend.

Forged requests (no or wrong Telegram secret, no or bad Twilio signature) must get 403 and
leave every table as it was. Requests that pass verification but carry junk (mutated recorded
Updates, arbitrary form fields, injection strings, NUL bytes, lone surrogates, huge numbers)
must get a 2xx or a 4xx, never a 5xx, and the worker must answer what was stored without a
failed step.
"""

from __future__ import annotations

import copy
import json
import logging
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from bot.store.queue import CLAIMED, QUEUED
from bot.store.tables import MessageRow, Person
from tests.security.conftest import SQLITE_ONLY, Served, row_counts
from tests.security.fuzzing import (
    FUZZ,
    any_text,
    json_values,
    signed_form_headers,
    twilio_signature,
    utf8_text,
)
from tests.webhooks.conftest import PUBLIC_URL, TELEGRAM_SECRET, TWILIO_TOKEN
from tests.webhooks.live import wait_for

pytestmark = pytest.mark.fuzz

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RECORDED_UPDATES = [
    json.loads(path.read_text()) for path in sorted((FIXTURES / "telegram").glob("*.json"))
]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
TELEGRAM = "/webhooks/telegram"
WHATSAPP = "/webhooks/whatsapp"
STATUS = "/webhooks/whatsapp/status"

# -- strategies ------------------------------------------------------------------------------


# (st.integers leans on its bounds; sampled_from draws evenly.)
one_in_ten = st.sampled_from((*[False] * 9, True))


def _slots(node: Any) -> Iterator[tuple[Any, Any]]:
    """Every (container, key) in a JSON document, depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield node, key
            yield from _slots(value)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield node, index
            yield from _slots(value)


def _string_slots(node: Any) -> list[tuple[Any, Any]]:
    return [(parent, key) for parent, key in _slots(node) if isinstance(parent[key], str)]


@st.composite
def mutated_updates(draw: st.DrawFn) -> dict[str, Any]:
    """A recorded Telegram Update, a new delivery of it most of the time, with hostile text in
    its string fields and up to three fields replaced by any JSON value or removed."""
    update: dict[str, Any] = copy.deepcopy(draw(st.sampled_from(RECORDED_UPDATES)))
    for parent, key in _string_slots(update):
        if draw(st.booleans()):
            parent[key] = draw(any_text)
    for _ in range(draw(st.sampled_from((0, 0, 0, 1, 2, 3)))):
        slots = list(_slots(update))
        if not slots:
            break
        parent, key = draw(st.sampled_from(slots))
        if draw(st.booleans()):
            del parent[key]
        else:
            parent[key] = draw(json_values)
    if not draw(one_in_ten):
        update["update_id"] = draw(st.integers(1, 2**53))  # a new delivery, not a duplicate
    return update


def update_bytes(update: dict[str, Any]) -> bytes:
    # Lone surrogates travel as JSON escapes ("\ud800"), the way a JSON sender writes them.
    return json.dumps(update, ensure_ascii=True).encode()


raw_bodies = st.one_of(
    st.binary(max_size=300),
    st.sampled_from(
        (
            b"",
            b"null",
            b"[]",
            b'{"update_id": 1e999}',
            b'{"update_id": ' + b"9" * 5000 + b"}",  # past Python's int-from-text limit
            b"[" * 100_000 + b"]" * 100_000,  # deep nesting (200 KB, under the body limit)
            b'{"update_id": 5, "message": ' + b'{"a":' * 5000 + b"1" + b"}" * 5001,
            '{"update_id": 7, "message": {"text": "\udcff"}}'.encode("utf-8", "surrogatepass"),
            b"\xef\xbb\xbf{}",  # UTF-8 byte-order mark
        )
    ),
)
# Three in four are Updates that keep their shape, so most reach the store and the worker.
telegram_bodies = st.sampled_from((True, True, True, False)).flatmap(
    lambda shaped: mutated_updates().map(update_bytes) if shaped else raw_bodies
)

# Header values a client can send (HTTP/1.1 carries latin-1 octets without CR, LF or NUL).
header_values = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
    max_size=300,
).map(str.strip)
wrong_secrets = st.one_of(
    st.none(),
    header_values,
    st.sampled_from(
        (
            TELEGRAM_SECRET[:-1],
            TELEGRAM_SECRET + "x",
            TELEGRAM_SECRET.upper(),
            f"{TELEGRAM_SECRET},{TELEGRAM_SECRET}",
        )
    ),
).filter(lambda secret: secret != TELEGRAM_SECRET)

TWILIO_FIELDS = (
    "MessageSid",
    "From",
    "To",
    "SmsMessageSid",
    "AccountSid",
    "Body",
    "NumMedia",
    "ProfileName",
    "WaId",
    "ButtonPayload",
    "ButtonText",
    "MessageType",
    "MediaUrl0",
    "MediaContentType0",
    "MessageStatus",
    "ErrorCode",
)


def mostly(usual: st.SearchStrategy[Any], hostile: st.SearchStrategy[Any]) -> Any:
    """Three draws in four from ``usual`` (so requests get past the parser), else ``hostile``."""
    return st.sampled_from((usual, usual, usual, hostile)).flatmap(lambda chosen: chosen)


HEX = "0123456789abcdef"
message_sids = mostly(
    st.text(HEX, min_size=32, max_size=32).map(lambda tail: "SM" + tail),
    st.one_of(utf8_text, st.text(string.ascii_letters, min_size=65, max_size=400)),
)
senders = mostly(
    st.text(string.digits, min_size=6, max_size=15).map(lambda n: f"whatsapp:+{n}"),
    st.one_of(utf8_text.map(lambda text: "whatsapp:" + text), utf8_text),
)


@st.composite
def whatsapp_forms(draw: st.DrawFn) -> dict[str, str]:
    """A Twilio inbound-message form, most fields plausible, any of them hostile."""
    form = {
        "MessageSid": draw(message_sids),
        "From": draw(senders),
        "To": "whatsapp:+14155238886",
        "Body": draw(utf8_text),
        "NumMedia": draw(st.sampled_from(("0", "0", "0", "1", "-1", "", "x", "9" * 50))),
    }
    other_fields = st.sampled_from(TWILIO_FIELDS[3:])  # From, MessageSid, To stay as drawn
    form.update(draw(st.dictionaries(st.one_of(other_fields, utf8_text), utf8_text, max_size=4)))
    if draw(one_in_ten):
        form.pop(draw(st.sampled_from(("MessageSid", "From", "Body"))), None)
    return form


STATUSES = ("queued", "sending", "sent", "delivered", "undelivered", "failed", "read")
status_forms = st.fixed_dictionaries(
    {
        "MessageSid": st.one_of(st.just("SMknown"), message_sids),
        "MessageStatus": mostly(st.sampled_from(STATUSES), utf8_text),
    },
    optional={
        "ErrorCode": mostly(st.sampled_from(("63016", "30008", "0")), utf8_text),
        "ErrorMessage": utf8_text,
        "AccountSid": utf8_text,
    },
)


@st.composite
def bad_signatures(draw: st.DrawFn, path: str, form: dict[str, str]) -> str | None:
    """No signature, garbage, or a real one made for another URL, path, body or token."""
    kind = draw(st.sampled_from(("none", "garbage", "internal", "path", "body", "token")))
    if kind == "none":
        return None
    if kind == "garbage":
        return draw(header_values.filter(bool))
    if kind == "internal":  # what a proxy-unaware check would accept
        return str(
            RequestValidator(TWILIO_TOKEN).compute_signature("http://127.0.0.1" + path, form)
        )
    if kind == "path":
        return twilio_signature(STATUS if path == WHATSAPP else WHATSAPP, form)
    if kind == "body":
        return twilio_signature(path, {**form, "Body": form.get("Body", "") + "!"})
    return str(RequestValidator("not-the-token").compute_signature(PUBLIC_URL + path, form))


# -- helpers ---------------------------------------------------------------------------------


def post_telegram(served: Served, body: bytes, secret: str | None, route: str) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    encoded = {k: v.encode("latin-1") for k, v in headers.items()}
    return served.poster.request("POST", TELEGRAM, route=route, content=body,
                                 headers=encoded).status_code  # fmt: skip


def post_form(served: Served, path: str, body: str, headers: dict[str, str], route: str) -> int:
    encoded = {k: v.encode("latin-1") for k, v in headers.items()}
    return served.poster.request("POST", path, route=route, content=body.encode(),
                                 headers=encoded).status_code  # fmt: skip


def settled(served: Served) -> bool:
    """Nothing left for the worker: every inbound answered, every reply sent or failed."""
    with served.database.session() as session:
        pending = session.scalar(
            select(func.count())
            .select_from(MessageRow)
            .where(MessageRow.status.in_((QUEUED, CLAIMED)))
        )
    return pending == 0


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        f"{r.name}: {r.getMessage()} {r.exc_text or ''}"
        for r in caplog.records
        if r.levelno >= logging.ERROR
    ]


# -- Telegram --------------------------------------------------------------------------------


@SQLITE_ONLY
def test_forged_telegram_updates_are_403_and_store_nothing(served: Served) -> None:
    before = row_counts(served.database)

    @FUZZ
    @given(body=telegram_bodies, secret=wrong_secrets)
    def forged(body: bytes, secret: str | None) -> None:
        assert post_telegram(served, body, secret, "POST /webhooks/telegram (forged)") == 403

    forged()
    assert row_counts(served.database) == before


def test_hostile_telegram_updates_never_fail_and_get_answered(
    served_with_worker: Served, caplog: pytest.LogCaptureFixture
) -> None:
    served = served_with_worker
    caplog.set_level(logging.WARNING)

    @FUZZ
    @given(body=telegram_bodies)
    def hostile(body: bytes) -> None:
        status = post_telegram(served, body, TELEGRAM_SECRET, "POST /webhooks/telegram (signed)")
        assert status in (200, 400, 413), status

    hostile()
    wait_for(lambda: settled(served), timeout=60)
    assert errors_logged(caplog) == []


# -- WhatsApp --------------------------------------------------------------------------------


@SQLITE_ONLY
@pytest.mark.parametrize("path", [WHATSAPP, STATUS])
def test_forged_twilio_posts_are_403_and_change_nothing(served: Served, path: str) -> None:
    with served.database.session() as session:
        person = Person(channel="whatsapp", platform_ref="p" * 64)
        session.add(person)
        session.flush()
        session.add(
            MessageRow(
                person_id=person.id,
                channel="whatsapp",
                direction="out",
                platform_message_id="SMknown",
                status="sent",
            )
        )
    before = row_counts(served.database)

    @FUZZ
    @given(data=st.data())
    def forged(data: st.DataObject) -> None:
        form = data.draw(status_forms if path == STATUS else whatsapp_forms())
        body = urlencode(form)
        signature = data.draw(bad_signatures(path, dict(form)))
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if signature is not None:
            headers["X-Twilio-Signature"] = signature
        assert post_form(served, path, body, headers, f"POST {path} (forged)") == 403

    forged()
    assert row_counts(served.database) == before
    with served.database.session() as session:
        assert session.scalar(select(MessageRow.delivery_status)) is None


def test_signed_hostile_whatsapp_messages_never_fail_and_get_answered(
    served_with_worker: Served, caplog: pytest.LogCaptureFixture
) -> None:
    served = served_with_worker
    caplog.set_level(logging.WARNING)

    @FUZZ
    @given(form=whatsapp_forms())
    def hostile(form: dict[str, str]) -> None:
        body = urlencode(form)
        status = post_form(served, WHATSAPP, body, signed_form_headers(WHATSAPP, body),
                           f"POST {WHATSAPP} (signed)")  # fmt: skip
        assert status in (200, 400), status

    hostile()
    wait_for(lambda: settled(served), timeout=60)
    assert errors_logged(caplog) == []


def test_signed_hostile_status_callbacks_never_fail(served: Served) -> None:
    @FUZZ
    @given(form=status_forms)
    def hostile(form: dict[str, str]) -> None:
        body = urlencode(form)
        status = post_form(served, STATUS, body, signed_form_headers(STATUS, body),
                           f"POST {STATUS} (signed)")  # fmt: skip
        assert status in (204, 400), status

    hostile()


@SQLITE_ONLY
def test_signed_bodies_that_are_not_forms_are_refused(served: Served) -> None:
    before = row_counts(served.database)

    @FUZZ
    @given(body=st.binary(max_size=300), path=st.sampled_from((WHATSAPP, STATUS)))
    def junk(body: bytes, path: str) -> None:
        text = body.decode("latin-1")
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": twilio_signature(path, {}),
        }
        encoded = {k: v.encode("latin-1") for k, v in headers.items()}
        response = served.poster.request(
            "POST", path, route=f"POST {path} (junk bytes)", content=body, headers=encoded
        )
        assert response.status_code in (400, 403), (text, response.status_code)

    junk()
    assert row_counts(served.database) == before
