"""TelegramChannel: recorded Updates in, real ``telegram.Bot`` over HTTP to a fake Bot API out."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from starlette.requests import Request

from bot.messages import Button, IncomingMessage
from tests.fakes.telegram_api import FakeTelegramAPI, json_field
from webhooks.channel import (
    BadRequest,
    ChannelError,
    Delivery,
    ForbiddenRequest,
    PermanentSendError,
    SendResult,
    TransientSendError,
)
from webhooks.telegram import SECRET_HEADER, TelegramChannel, build_telegram_bot

FIXTURES = Path(__file__).parent.parent / "fixtures" / "telegram"
TOKEN = "7012345678:AAHx3kQ9v_test-token-for-the-fake-api0"
SECRET = "chaski-webhook-secret_2024"
ROSA = "6043917725"
WILBER = "5817264039"

T = TypeVar("T")


def make_request(body: bytes, headers: dict[str, str] | None = None) -> Request:
    raw_headers = [
        (name.lower().encode("latin-1"), value.encode("latin-1"))
        for name, value in {"content-type": "application/json", **(headers or {})}.items()
    ]
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/webhooks/telegram",
        "query_string": b"",
        "headers": raw_headers,
    }
    return Request(scope)


def offline_channel() -> TelegramChannel:
    """For verify/parse: nothing is sent, so no server is needed."""
    return TelegramChannel(build_telegram_bot(TOKEN), SECRET)


def parse(body: bytes) -> list[IncomingMessage]:
    return asyncio.run(offline_channel().parse(make_request(body), body))


def with_channel(
    fake: FakeTelegramAPI, action: Callable[[TelegramChannel], Awaitable[T]], token: str = TOKEN
) -> T:
    """Start a channel on the fake API, run ``action``, stop it, all in one event loop."""

    async def main() -> T:
        channel = TelegramChannel(build_telegram_bot(token, base_url=fake.base_url), SECRET)
        await channel.start()
        try:
            return await action(channel)
        finally:
            await channel.stop()

    return asyncio.run(main())


def send(fake: FakeTelegramAPI, delivery: Delivery) -> SendResult:
    return with_channel(fake, lambda channel: channel.send(delivery))


@pytest.fixture
def fake() -> Iterator[FakeTelegramAPI]:
    with FakeTelegramAPI(token=TOKEN) as api:
        yield api


# -- build ---------------------------------------------------------------------------------


def test_base_url_gets_the_token_appended() -> None:
    bot = build_telegram_bot(TOKEN, base_url="http://127.0.0.1:8081/bot")
    assert bot.base_url == f"http://127.0.0.1:8081/bot{TOKEN}"
    assert build_telegram_bot(TOKEN).base_url == f"https://api.telegram.org/bot{TOKEN}"


def test_empty_secret_or_token_fails_fast() -> None:
    with pytest.raises(ValueError, match="secret"):
        TelegramChannel(build_telegram_bot(TOKEN), "")
    with pytest.raises(ValueError, match="token"):
        build_telegram_bot("")


# -- verify --------------------------------------------------------------------------------


def test_right_secret_passes() -> None:
    request = make_request(b"{}", {SECRET_HEADER: SECRET})
    asyncio.run(offline_channel().verify(request, b"{}"))


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {SECRET_HEADER: ""},
        {SECRET_HEADER: "wrong"},
        {SECRET_HEADER: SECRET + "x"},
        {SECRET_HEADER: "contraseña"},
    ],
    ids=["missing", "empty", "wrong", "longer", "non-ascii"],
)
def test_missing_or_wrong_secret_is_forbidden(headers: dict[str, str]) -> None:
    with pytest.raises(ForbiddenRequest):
        asyncio.run(offline_channel().verify(make_request(b"{}", headers), b"{}"))


# -- parse ---------------------------------------------------------------------------------

EXPECTED: dict[str, list[IncomingMessage]] = {
    "message_text": [
        IncomingMessage(
            channel="telegram", user_ref=ROSA, text="Hola", platform_message_id="873216450"
        )
    ],
    "message_quechua": [
        IncomingMessage(
            channel="telegram",
            user_ref=WILBER,
            text="Napaykullayki",
            platform_message_id="873216451",
        )
    ],
    "callback_query": [
        IncomingMessage(
            channel="telegram",
            user_ref=ROSA,
            text="",
            payload="consent=yes",
            platform_message_id="873216453",
            context={"callback_query_id": "2595818472934561281"},
        )
    ],
    "edited_message": [
        IncomingMessage(
            channel="telegram",
            user_ref=ROSA,
            text="Vendo comida en el mercado de Wanchaq",
            platform_message_id="873216455",
        )
    ],
    "photo": [
        IncomingMessage(
            channel="telegram",
            user_ref=ROSA,
            text="",
            platform_message_id="873216457",
            has_media=True,
        )
    ],
    "voice": [
        IncomingMessage(
            channel="telegram",
            user_ref=WILBER,
            text="",
            platform_message_id="873216458",
            has_media=True,
        )
    ],
    "my_chat_member": [],
    "channel_post": [],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_recorded_update_parses_to_the_exact_message(name: str) -> None:
    assert parse((FIXTURES / f"{name}.json").read_bytes()) == EXPECTED[name]


def test_every_fixture_is_covered() -> None:
    assert sorted(path.stem for path in FIXTURES.glob("*.json")) == sorted(EXPECTED)


def _fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return data


def test_caption_is_the_text_of_a_photo() -> None:
    update = _fixture("photo")
    update["message"]["caption"] = "Mi certificado de cocina"
    assert parse(json.dumps(update).encode()) == [
        IncomingMessage(
            channel="telegram",
            user_ref=ROSA,
            text="Mi certificado de cocina",
            platform_message_id="873216457",
            has_media=True,
        )
    ]


def test_callback_without_message_answers_the_user_chat() -> None:
    update = _fixture("callback_query")
    del update["callback_query"]["message"]
    [message] = parse(json.dumps(update).encode())
    assert message.user_ref == ROSA
    assert message.payload == "consent=yes"


def test_service_message_is_ignored() -> None:
    update = _fixture("message_text")
    del update["message"]["text"]
    update["message"]["write_access_allowed"] = {"from_request": True}
    assert parse(json.dumps(update).encode()) == []


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"\xff\xfe\x00",
        b"[1, 2]",
        b'"update"',
        b"null",
        b"[" * 100_000,
        b"{}",
        b'{"update_id": "x"}',
        b'{"update_id": true}',
        b'{"update_id": 873216450, "message": "Hola"}',
        b'{"update_id": 873216450, "message": {"message_id": 1}}',
        b'{"update_id": 873216450, "message": {"message_id": 1, "date": "ayer",'
        b' "chat": {"id": 6043917725, "type": "private"}, "text": "Hola"}}',
        b'{"update_id": 873216450, "message": {"message_id": 1, "date": 1718040215,'
        b' "chat": {"id": "6043917725", "type": "private"}, "text": "Hola"}}',
        b'{"update_id": 873216450, "message": {"message_id": 1, "date": 1718040215,'
        b' "chat": {"id": 6043917725, "type": "private"}, "text": ["Hola"]}}',
        b'{"update_id": 873216450,'
        b' "callback_query": {"id": "1", "chat_instance": "2", "data": "x"}}',
    ],
)
def test_garbage_is_a_bad_request(body: bytes) -> None:
    with pytest.raises(BadRequest):
        parse(body)


# -- send ----------------------------------------------------------------------------------

BUTTONS = (
    Button("Sí, acepto", "consent=yes"),
    Button("No", "consent=no"),
    Button("Más información", "consent=info"),
)


def test_short_reply_with_buttons_is_one_message_with_an_inline_keyboard(
    fake: FakeTelegramAPI,
) -> None:
    result = send(fake, Delivery(address=ROSA, text="¿Aceptas?", language="es", buttons=BUTTONS))
    assert fake.methods == ["getMe", "sendMessage"]
    [call] = fake.calls("sendMessage")
    assert call["chat_id"] == ROSA
    assert call["text"] == "¿Aceptas?"
    assert json_field(call, "reply_markup") == {
        "inline_keyboard": [
            [{"text": "Sí, acepto", "callback_data": "consent=yes"}],
            [{"text": "No", "callback_data": "consent=no"}],
            [{"text": "Más información", "callback_data": "consent=info"}],
        ]
    }
    assert result == SendResult(platform_ids=("100",))


def test_long_reply_is_split_and_the_keyboard_goes_on_the_last_piece(
    fake: FakeTelegramAPI,
) -> None:
    text = " ".join(f"palabra{index:04d}" for index in range(818))  # 818 * 11 - 1 = 8,997 chars
    assert len(text) > 2 * 4096
    result = send(fake, Delivery(address=ROSA, text=text, language="es", buttons=BUTTONS))
    calls = fake.calls("sendMessage")
    assert len(calls) == 3
    assert all(len(call["text"]) <= 4096 for call in calls)
    assert " ".join(call["text"] for call in calls) == text
    assert ["reply_markup" in call for call in calls] == [False, False, True]
    assert result.platform_ids == ("100", "101", "102")


def test_button_press_is_answered_before_the_reply(fake: FakeTelegramAPI) -> None:
    delivery = Delivery(
        address=ROSA, text="Gracias", language="es", context={"callback_query_id": "259581847"}
    )
    send(fake, delivery)
    assert fake.methods == ["getMe", "answerCallbackQuery", "sendMessage"]
    assert fake.calls("answerCallbackQuery")[0]["callback_query_id"] == "259581847"


def test_a_stale_callback_query_does_not_stop_the_reply(fake: FakeTelegramAPI) -> None:
    fake.fail_next(
        "answerCallbackQuery",
        status=400,
        description="Bad Request: query is too old and response timeout expired or query ID is"
        " invalid",
    )
    delivery = Delivery(
        address=ROSA, text="Gracias", language="es", context={"callback_query_id": "259581847"}
    )
    assert send(fake, delivery).platform_ids == ("100",)
    assert fake.methods == ["getMe", "answerCallbackQuery", "sendMessage"]


# PTB itself reads ``RetryAfter.retry_after`` (deprecated int form) while raising it.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
def test_flood_control_is_transient_with_retry_after(fake: FakeTelegramAPI) -> None:
    fake.fail_next("sendMessage", status=429, retry_after=1)
    with pytest.raises(TransientSendError) as caught:
        send(fake, Delivery(address=ROSA, text="Hola", language="es"))
    assert caught.value.retry_after == 1.0


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (500, None),
        (502, b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"),
        (503, None),
    ],
    ids=["500", "502-html", "503"],
)
def test_server_errors_are_transient(
    fake: FakeTelegramAPI, status: int, body: bytes | None
) -> None:
    fake.fail_next("sendMessage", status=status, body=body)
    with pytest.raises(TransientSendError) as caught:
        send(fake, Delivery(address=ROSA, text="Hola", language="es"))
    assert caught.value.retry_after is None


def test_unreachable_api_is_transient() -> None:
    with FakeTelegramAPI() as gone:
        base_url = gone.base_url

    async def main() -> None:
        bot = build_telegram_bot(TOKEN, base_url=base_url)
        try:  # without start(): sending needs no getMe
            await TelegramChannel(bot, SECRET).send(
                Delivery(address=ROSA, text="Hola", language="es")
            )
        finally:
            await bot.request.shutdown()

    with pytest.raises(TransientSendError):
        asyncio.run(main())


@pytest.mark.parametrize(
    ("status", "description"),
    [
        (403, "Forbidden: bot was blocked by the user"),
        (403, "Forbidden: user is deactivated"),
        (400, "Bad Request: chat not found"),
    ],
)
def test_refusals_are_permanent(fake: FakeTelegramAPI, status: int, description: str) -> None:
    fake.fail_next("sendMessage", status=status, description=description)
    # PTB drops the "Bad Request: " / "Forbidden: " prefix and capitalises the rest.
    with pytest.raises(PermanentSendError, match=f"(?i){re.escape(description.split(': ')[1])}"):
        send(fake, Delivery(address=ROSA, text="Hola", language="es"))


@pytest.mark.parametrize("payload", ["x" * 65, "ñ" * 33, ""], ids=["65-ascii", "66-bytes", "empty"])
def test_callback_data_telegram_would_reject_is_permanent(
    fake: FakeTelegramAPI, payload: str
) -> None:
    buttons = (Button("Sí", "consent=yes"), Button("Otro", payload))
    with pytest.raises(PermanentSendError, match="callback_data"):
        send(fake, Delivery(address=ROSA, text="Hola", language="es", buttons=buttons))
    assert fake.calls("sendMessage") == []


def test_callback_data_of_exactly_64_bytes_is_sent(fake: FakeTelegramAPI) -> None:
    buttons = (Button("Sí", "ñ" * 32),)
    send(fake, Delivery(address=ROSA, text="Hola", language="es", buttons=buttons))
    [call] = fake.calls("sendMessage")
    assert json_field(call, "reply_markup")["inline_keyboard"][0][0]["callback_data"] == "ñ" * 32


def test_empty_text_is_permanent_and_not_sent(fake: FakeTelegramAPI) -> None:
    with pytest.raises(PermanentSendError):
        send(fake, Delivery(address=ROSA, text="  ", language="es"))
    assert fake.calls("sendMessage") == []


# -- lifecycle -----------------------------------------------------------------------------


def test_rejected_token_fails_start_without_leaking_it(fake: FakeTelegramAPI) -> None:
    async def never(channel: TelegramChannel) -> None:
        raise AssertionError("start() should have failed")

    with pytest.raises(ChannelError) as caught:
        with_channel(fake, never, token="7012345678:revoked")
    assert "revoked" not in str(caught.value)
    assert caught.value.__cause__ is None
    assert fake.methods == ["getMe"]


def test_set_webhook_sends_our_secret_and_update_types(fake: FakeTelegramAPI) -> None:
    with_channel(fake, lambda channel: channel.set_webhook("https://chaski.example/telegram"))
    [call] = fake.calls("setWebhook")
    assert call["url"] == "https://chaski.example/telegram"
    assert call["secret_token"] == SECRET
    assert json_field(call, "allowed_updates") == ["message", "edited_message", "callback_query"]
