"""WhatsApp via Twilio: recorded webhook payloads, real signatures, real client over real HTTP."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest
from starlette.requests import Request
from twilio.request_validator import RequestValidator

from bot.messages import Button, IncomingMessage
from tests.fakes.twilio_api import FakeTwilioAPI
from webhooks.channel import (
    BadRequest,
    Channel,
    Delivery,
    ForbiddenRequest,
    PermanentSendError,
    SendResult,
    TransientSendError,
)
from webhooks.whatsapp import StatusUpdate, WhatsAppChannel, build_twilio_client

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "whatsapp"
ACCOUNT_SID = "AC3f8e2b7c9d1a4e6f8b0c2d4e6f8a1b3c"
AUTH_TOKEN = "12345678901234567890123456789012"
PUBLIC_URL = "https://chaski.example.org"
BOT = "whatsapp:+14155238886"
USER = "whatsapp:+51987654321"
TEMPLATE_SID = "HX0123456789abcdef0123456789abcdef"
NOW = datetime(2025, 3, 14, 15, 0, tzinfo=UTC)
INBOUND_PATH = "/webhooks/whatsapp"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes().strip()


def sign(url: str, body: bytes, token: str = AUTH_TOKEN) -> str:
    params = dict(parse_qsl(body.decode(), keep_blank_values=True))
    return str(RequestValidator(token).compute_signature(url, params))


def make_request(
    body: bytes,
    *,
    signature: str | None,
    path: str = INBOUND_PATH,
    query: str = "",
    host: str = "10.0.0.5:8000",
) -> Request:
    """A request as it reaches the app behind the proxy: internal host, plain http."""
    headers = [
        (b"host", host.encode()),
        (b"content-type", b"application/x-www-form-urlencoded"),
        (b"content-length", str(len(body)).encode()),
    ]
    if signature is not None:
        headers.append((b"x-twilio-signature", signature.encode()))
    scope: dict[str, Any] = {
        "type": "http",
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": headers,
        "server": ("10.0.0.5", 8000),
        "client": ("10.0.0.1", 52000),
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(scope, receive)


def make_channel(
    client: Any = None,
    *,
    public_url: str = PUBLIC_URL,
    template_sid: str | None = None,
) -> WhatsAppChannel:
    if client is None:
        client = build_twilio_client(ACCOUNT_SID, AUTH_TOKEN, api_base="http://127.0.0.1:9")
    return WhatsAppChannel(
        client, AUTH_TOKEN, public_url, BOT, template_sid=template_sid, now=lambda: NOW
    )


@pytest.fixture
def fake() -> Iterator[FakeTwilioAPI]:
    with FakeTwilioAPI(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as api:
        yield api


@pytest.fixture
def channel(fake: FakeTwilioAPI) -> WhatsAppChannel:
    client = build_twilio_client(ACCOUNT_SID, AUTH_TOKEN, api_base=fake.base_url)
    return make_channel(client, template_sid=None)


def delivery(text: str = "Hola", **fields: Any) -> Delivery:
    return Delivery(address=USER, text=text, language="es", **fields)


def send(channel: WhatsAppChannel, item: Delivery) -> SendResult:
    return asyncio.run(channel.send(item))


# -- parsing the recorded payloads -------------------------------------------------------------


def parse(body: bytes) -> list[IncomingMessage]:
    return asyncio.run(make_channel().parse(make_request(body, signature=None), body))


def test_is_a_channel() -> None:
    channel: Channel = make_channel()
    assert channel.name == "whatsapp"


def test_text_fixture() -> None:
    assert parse(fixture("text.txt")) == [
        IncomingMessage(
            channel="whatsapp",
            user_ref=USER,
            text="Hola",
            platform_message_id="SM7c1e4b9a2d5f8c3e6a9b2d5f8c1e4a7b",
        )
    ]


def test_quick_reply_fixture() -> None:
    assert parse(fixture("quick_reply.txt")) == [
        IncomingMessage(
            channel="whatsapp",
            user_ref=USER,
            text="Sí, escríbeme",
            payload="reengage_yes",
            platform_message_id="SM2b8d4f6a1c3e5b7d9f0a2c4e6b8d1f3a",
        )
    ]


def test_quick_reply_without_body_uses_button_text() -> None:
    form = dict(parse_qsl(fixture("quick_reply.txt").decode(), keep_blank_values=True))
    form["Body"] = ""
    (message,) = parse(urlencode(form).encode())
    assert (message.text, message.payload) == ("Sí, escríbeme", "reengage_yes")


def test_image_fixture() -> None:
    assert parse(fixture("image.txt")) == [
        IncomingMessage(
            channel="whatsapp",
            user_ref=USER,
            text="",
            platform_message_id="MM9e3c5a7b1d4f6e8a0c2b4d6f8e1a3c5b",
            has_media=True,
        )
    ]


def test_names_are_not_kept() -> None:
    (message,) = parse(fixture("text.txt"))
    assert "Rosa" not in repr(message)
    assert "51987654321" not in repr(message).replace(USER, "")


def test_status_fixtures() -> None:
    channel = make_channel()
    assert channel.parse_status(fixture("status_delivered.txt")) == StatusUpdate(
        message_sid="SMd1f3b5a7c9e2d4f6b8a0c3e5d7f9b1a3", status="delivered", error_code=None
    )
    assert channel.parse_status(fixture("status_failed.txt")) == StatusUpdate(
        message_sid="SMa8c0e2b4d6f8a1c3e5b7d9f0a2c4e6b8", status="failed", error_code="63016"
    )


@pytest.mark.parametrize("missing", ["MessageSid", "MessageStatus"])
def test_status_missing_field_is_bad_request(missing: str) -> None:
    form = dict(parse_qsl(fixture("status_delivered.txt").decode(), keep_blank_values=True))
    del form[missing]
    with pytest.raises(BadRequest):
        make_channel().parse_status(urlencode(form).encode())


def test_status_unknown_value_is_bad_request() -> None:
    with pytest.raises(BadRequest):
        make_channel().parse_status(b"MessageSid=SM1&MessageStatus=teleported")


@pytest.mark.parametrize(
    ("change", "value"),
    [("MessageSid", None), ("From", None), ("From", "+51987654321"), ("NumMedia", "uno")],
)
def test_unreadable_inbound_is_bad_request(change: str, value: str | None) -> None:
    form = dict(parse_qsl(fixture("text.txt").decode(), keep_blank_values=True))
    if value is None:
        del form[change]
    else:
        form[change] = value
    with pytest.raises(BadRequest):
        parse(urlencode(form).encode())


def test_status_callback_url_ignores_trailing_slash() -> None:
    channel = make_channel(public_url="https://chaski.example.org/bot/")
    assert (
        channel.status_callback_url() == "https://chaski.example.org/bot/webhooks/whatsapp/status"
    )


# -- signatures ------------------------------------------------------------------------------


def verify(channel: WhatsAppChannel, request: Request, body: bytes) -> None:
    asyncio.run(channel.verify(request, body))


@pytest.mark.parametrize("name", ["text.txt", "quick_reply.txt", "image.txt"])
def test_signature_over_public_url_is_accepted_behind_proxy(name: str) -> None:
    body = fixture(name)
    request = make_request(body, signature=sign(PUBLIC_URL + INBOUND_PATH, body))
    assert str(request.url).startswith("http://10.0.0.5:8000/")
    verify(make_channel(), request, body)


def test_signature_with_path_prefix_query_and_trailing_slash() -> None:
    body = fixture("status_failed.txt")
    url = "https://chaski.example.org/bot/webhooks/whatsapp/status?tenant=pe"
    request = make_request(
        body, signature=sign(url, body), path="/webhooks/whatsapp/status", query="tenant=pe"
    )
    verify(make_channel(public_url="https://chaski.example.org/bot/"), request, body)


def test_signature_over_internal_url_is_refused() -> None:
    body = fixture("text.txt")
    request = make_request(body, signature=sign("http://10.0.0.5:8000" + INBOUND_PATH, body))
    with pytest.raises(ForbiddenRequest):
        verify(make_channel(), request, body)


@pytest.mark.parametrize("signature", [None, "", "bm90IGEgc2lnbmF0dXJl"])
def test_missing_or_wrong_signature_is_forbidden(signature: str | None) -> None:
    body = fixture("text.txt")
    with pytest.raises(ForbiddenRequest):
        verify(make_channel(), make_request(body, signature=signature), body)


def test_signature_with_another_token_is_forbidden() -> None:
    body = fixture("text.txt")
    signature = sign(PUBLIC_URL + INBOUND_PATH, body, token="another-token")
    with pytest.raises(ForbiddenRequest):
        verify(make_channel(), make_request(body, signature=signature), body)


def test_signature_for_other_params_is_forbidden() -> None:
    signed = fixture("text.txt")
    tampered = signed.replace(b"Body=Hola", b"Body=Chau")
    request = make_request(tampered, signature=sign(PUBLIC_URL + INBOUND_PATH, signed))
    with pytest.raises(ForbiddenRequest):
        verify(make_channel(), request, tampered)


# -- sending through the real twilio client to the fake API -----------------------------------


def test_buttons_become_numbered_choices(channel: WhatsAppChannel, fake: FakeTwilioAPI) -> None:
    buttons = (Button("Sí", "yes"), Button("No", "no"), Button("Más tarde", "later"))
    result = send(channel, delivery("¿Trabajas ahora?", buttons=buttons, last_inbound_at=NOW))
    (message,) = fake.messages
    assert message["Body"].endswith("1) Sí\n2) No\n3) Más tarde")
    assert message["Body"] == "¿Trabajas ahora?\n1) Sí\n2) No\n3) Más tarde"
    assert message["From"] == BOT
    assert message["To"] == USER
    assert message["StatusCallback"] == PUBLIC_URL + "/webhooks/whatsapp/status"
    assert "ContentSid" not in message
    (sid,) = result.platform_ids
    assert sid.startswith("SM")
    assert len(sid) == 34
    assert not result.held


def test_long_reply_is_split(channel: WhatsAppChannel, fake: FakeTwilioAPI) -> None:
    text = " ".join(["trabajo"] * 500)  # 3,999 characters
    result = send(channel, delivery(text))
    bodies = [message["Body"] for message in fake.messages]
    assert len(bodies) == 3 == len(result.platform_ids)
    assert all(len(body) <= 1600 for body in bodies)
    assert " ".join(bodies) == text


def test_inside_window_sends_free_form(channel: WhatsAppChannel, fake: FakeTwilioAPI) -> None:
    send(channel, delivery(last_inbound_at=NOW - timedelta(hours=23, minutes=59)))
    assert [message["Body"] for message in fake.messages] == ["Hola"]


def test_outside_window_sends_the_template(fake: FakeTwilioAPI) -> None:
    client = build_twilio_client(ACCOUNT_SID, AUTH_TOKEN, api_base=fake.base_url)
    channel = make_channel(client, template_sid=TEMPLATE_SID)
    result = send(channel, delivery("x" * 4000, last_inbound_at=NOW - timedelta(hours=25)))
    (message,) = fake.messages
    assert message["ContentSid"] == TEMPLATE_SID
    assert "Body" not in message
    assert (message["From"], message["To"]) == (BOT, USER)
    assert message["StatusCallback"] == PUBLIC_URL + "/webhooks/whatsapp/status"
    assert len(result.platform_ids) == 1
    assert not result.held


def test_outside_window_without_template_is_held(
    channel: WhatsAppChannel, fake: FakeTwilioAPI
) -> None:
    naive = (NOW - timedelta(hours=25)).replace(tzinfo=None)  # naive means UTC
    assert send(channel, delivery(last_inbound_at=naive)) == SendResult(held=True)
    assert fake.messages == []


@pytest.mark.parametrize(
    ("status", "code", "error"),
    [
        (429, None, TransientSendError),
        (500, None, TransientSendError),
        (503, None, TransientSendError),
        (400, 21211, PermanentSendError),
        (400, 63016, PermanentSendError),
    ],
)
def test_twilio_errors_are_translated(
    channel: WhatsAppChannel,
    fake: FakeTwilioAPI,
    status: int,
    code: int | None,
    error: type[Exception],
) -> None:
    fake.fail_next(status=status, code=code)
    with pytest.raises(error) as caught:
        send(channel, delivery())
    assert str(status) in str(caught.value)
    assert caught.value.__cause__ is not None
    if isinstance(caught.value, TransientSendError):
        assert caught.value.retry_after is None
    assert fake.messages == []
    send(channel, delivery())  # the failure was for one request only
    assert len(fake.messages) == 1


def test_wrong_credentials_are_permanent(fake: FakeTwilioAPI) -> None:
    client = build_twilio_client(ACCOUNT_SID, "wrong-token", api_base=fake.base_url)
    with pytest.raises(PermanentSendError, match="401"):
        send(make_channel(client), delivery())
    assert fake.messages == []


def test_connection_refused_is_transient() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = build_twilio_client(ACCOUNT_SID, AUTH_TOKEN, api_base=f"http://127.0.0.1:{port}")
    with pytest.raises(TransientSendError):
        send(make_channel(client), delivery())


def test_send_does_not_block_the_event_loop(channel: WhatsAppChannel, fake: FakeTwilioAPI) -> None:
    async def main() -> int:
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0)

        task = asyncio.create_task(ticker())
        await channel.send(delivery())
        task.cancel()
        return ticks

    assert asyncio.run(main()) > 1
    assert len(fake.messages) == 1
