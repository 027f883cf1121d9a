"""The running app over real HTTP: recorded payloads in, the fake platform APIs receive the
replies through the real client libraries, and the database tells what was stored."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from bot.settings import Settings
from bot.store.db import Database
from bot.store.tables import MessageRow, Person
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.twilio_api import FakeTwilioAPI
from tests.webhooks.conftest import PUBLIC_URL, TELEGRAM_SECRET, TWILIO_TOKEN
from tests.webhooks.live import live_server, wait_for
from webhooks.app import create_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def telegram_fixture(name: str) -> bytes:
    return (FIXTURES / "telegram" / name).read_bytes()


def whatsapp_form(name: str) -> str:
    return (FIXTURES / "whatsapp" / name).read_text().strip()


def twilio_signature(path: str, form: str) -> str:
    params = dict(parse_qsl(form, keep_blank_values=True))
    return RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC_URL + path, params)


def count(database: Database, *where: object) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(MessageRow).where(*where)) or 0


def post_telegram(base: str, body: bytes, secret: str | None = TELEGRAM_SECRET) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    return httpx.post(f"{base}/webhooks/telegram", content=body, headers=headers, timeout=10)


def test_telegram_message_is_stored_then_answered(
    settings: Settings, database: Database, fake_telegram: FakeTelegramAPI
) -> None:
    update = json.loads(telegram_fixture("message_text.json"))
    chat_id = update["message"]["chat"]["id"]
    with live_server(create_app(settings)) as base:
        response = post_telegram(base, telegram_fixture("message_text.json"))
        assert response.status_code == 200
        wait_for(lambda: len(fake_telegram.calls("sendMessage")) == 2)
        sent = fake_telegram.calls("sendMessage")
        assert [int(call["chat_id"]) for call in sent] == [chat_id, chat_id]
        assert sent[0]["text"].startswith("¡Hola! Soy Chaski")
        keyboard = json.loads(sent[1]["reply_markup"])["inline_keyboard"]
        assert [row[0]["callback_data"] for row in keyboard] == ["consent=yes", "consent=no"]
        wait_for(lambda: count(database, MessageRow.status == "sent") == 2)
    assert count(database, MessageRow.direction == "in", MessageRow.status == "done") == 1
    with database.session() as session:
        stored = session.scalars(select(MessageRow.address)).all()
        assert stored == [None, None, None]  # addresses are gone once delivered


def test_button_press_continues_the_conversation(
    settings: Settings, database: Database, fake_telegram: FakeTelegramAPI
) -> None:
    with live_server(create_app(settings)) as base:
        post_telegram(base, telegram_fixture("message_text.json"))
        wait_for(lambda: len(fake_telegram.calls("sendMessage")) == 2)
        post_telegram(base, telegram_fixture("callback_query.json"))  # consent=yes
        wait_for(lambda: len(fake_telegram.calls("sendMessage")) == 5)
        assert fake_telegram.calls("answerCallbackQuery")
        texts = [call["text"] for call in fake_telegram.calls("sendMessage")]
        assert texts[2] == "¡Gracias! 🙏"
        assert texts[4].startswith("¿En qué región")
    with database.session() as session:
        assert session.scalar(select(Person.consent)) == "accepted"


def test_wrong_or_missing_secret_is_403_and_stores_nothing(
    settings: Settings, database: Database
) -> None:
    with live_server(create_app(settings, run_worker=False)) as base:
        assert post_telegram(base, telegram_fixture("message_text.json"), None).status_code == 403
        assert post_telegram(base, telegram_fixture("message_text.json"), "nope").status_code == 403
    assert count(database) == 0


def test_malformed_bodies_are_4xx_never_500(settings: Settings, database: Database) -> None:
    with live_server(create_app(settings, run_worker=False)) as base:
        for body in (b"{not json", b"[]", b'{"update_id": "x", "message": 5}', b"", b"\xff\xfe"):
            status = post_telegram(base, body).status_code
            assert 400 <= status < 500, body
        huge = b'{"update_id": 1, "message": {"text": "' + b"a" * 400_000 + b'"}}'
        assert post_telegram(base, huge).status_code == 413
        form = "From=whatsapp%3A%2B51987654321"  # no MessageSid
        response = httpx.post(
            f"{base}/webhooks/whatsapp",
            content=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Twilio-Signature": twilio_signature("/webhooks/whatsapp", form),
            },
        )
        assert response.status_code == 400
    assert count(database) == 0


def test_ignored_update_types_are_acknowledged(settings: Settings, database: Database) -> None:
    with live_server(create_app(settings, run_worker=False)) as base:
        for name in ("my_chat_member.json", "channel_post.json"):
            assert post_telegram(base, telegram_fixture(name)).status_code == 200
    assert count(database) == 0


def test_same_update_five_times_concurrently_is_answered_once(
    settings: Settings, database: Database, fake_telegram: FakeTelegramAPI
) -> None:
    body = telegram_fixture("message_quechua.json")
    with live_server(create_app(settings)) as base:
        with ThreadPoolExecutor(max_workers=5) as pool:
            statuses = list(pool.map(lambda _: post_telegram(base, body).status_code, range(5)))
        assert statuses == [200] * 5
        wait_for(lambda: count(database, MessageRow.status == "sent") == 2)
        assert len(fake_telegram.calls("sendMessage")) == 2
        assert fake_telegram.calls("sendMessage")[0]["text"].startswith("Napaykullayki!")
    assert count(database, MessageRow.direction == "in") == 1


def test_whatsapp_signed_post_gets_twiml_and_a_numbered_reply(
    settings: Settings, database: Database, fake_twilio: FakeTwilioAPI
) -> None:
    form = whatsapp_form("text.txt")
    sender = dict(parse_qsl(form))["From"]
    with live_server(create_app(settings)) as base:
        response = httpx.post(
            # Behind a proxy: the app is reached on loopback, Twilio signed the public URL.
            f"{base}/webhooks/whatsapp",
            content=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Twilio-Signature": twilio_signature("/webhooks/whatsapp", form),
            },
        )
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/xml")
        assert "<Response></Response>" in response.text
        wait_for(lambda: len(fake_twilio.messages) == 2)
        consent = fake_twilio.messages[1]
        assert consent["To"] == sender
        assert consent["From"] == "whatsapp:+14155238886"
        assert consent["Body"].endswith("1) Sí, acepto\n2) No, gracias")
        assert consent["StatusCallback"] == PUBLIC_URL + "/webhooks/whatsapp/status"

        wait_for(lambda: count(database, MessageRow.status == "sent") == 2)
        with database.session() as session:
            sid = session.scalars(
                select(MessageRow.platform_message_id)
                .where(MessageRow.direction == "out")
                .order_by(MessageRow.id)
            ).all()[1]
        assert sid is not None
        assert sid.startswith("SM")
        status_form = f"MessageSid={sid}&MessageStatus=delivered"
        status = httpx.post(
            f"{base}/webhooks/whatsapp/status",
            content=status_form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Twilio-Signature": twilio_signature("/webhooks/whatsapp/status", status_form),
            },
        )
        assert status.status_code == 204
    assert count(database, MessageRow.delivery_status == "delivered") == 1


def test_whatsapp_bad_signature_is_403(settings: Settings, database: Database) -> None:
    form = whatsapp_form("text.txt")
    with live_server(create_app(settings, run_worker=False)) as base:
        for signature in (None, "bm90IGEgc2lnbmF0dXJl"):
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            if signature:
                headers["X-Twilio-Signature"] = signature
            response = httpx.post(f"{base}/webhooks/whatsapp", content=form, headers=headers)
            assert response.status_code == 403
    assert count(database) == 0


def test_whatsapp_media_gets_a_polite_text_only_reply(
    settings: Settings, fake_twilio: FakeTwilioAPI
) -> None:
    with live_server(create_app(settings)) as base:
        for name in ("text.txt", "image.txt"):
            form = whatsapp_form(name)
            httpx.post(
                f"{base}/webhooks/whatsapp",
                content=form,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Twilio-Signature": twilio_signature("/webhooks/whatsapp", form),
                },
            )
        wait_for(lambda: len(fake_twilio.messages) == 4)
        assert fake_twilio.messages[2]["Body"].startswith("Por ahora solo puedo leer texto")


def test_healthz_and_metrics(settings: Settings, fake_telegram: FakeTelegramAPI) -> None:
    with live_server(create_app(settings)) as base:
        assert httpx.get(f"{base}/healthz").json() == {"status": "ok"}
        post_telegram(base, telegram_fixture("message_text.json"))
        post_telegram(base, telegram_fixture("message_text.json"))
        wait_for(lambda: len(fake_telegram.calls("sendMessage")) == 2)
        metrics = httpx.get(f"{base}/metrics").text
    assert 'chaski_messages_in_total{channel="telegram",outcome="stored"}' in metrics
    assert 'chaski_duplicate_deliveries_total{channel="telegram"}' in metrics
    assert 'chaski_queue_depth{direction="in"}' in metrics
    assert "chaski_queue_oldest_age_seconds" in metrics
    assert "chaski_processing_seconds_bucket" in metrics
    assert "chat_id" not in metrics
