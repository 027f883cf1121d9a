"""What the webhooks accept, for the OpenAPI schema (``/openapi.json``).

The handlers read the raw body themselves (the secret or signature is checked before anything
is parsed), so FastAPI cannot infer these; they document the platforms' payloads, the fields
Chaski reads, and the answers. ``additionalProperties`` stay open: the platforms add fields.
"""

from __future__ import annotations

from typing import Any

_CHAT = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": {"type": "integer", "format": "int64"}, "type": {"type": "string"}},
}
_USER = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": {"type": "integer", "format": "int64"}, "is_bot": {"type": "boolean"}},
}
_MESSAGE = {
    "type": "object",
    "required": ["message_id", "date", "chat"],
    "properties": {
        "message_id": {"type": "integer"},
        "date": {"type": "integer"},
        "chat": _CHAT,
        "from": _USER,
        "text": {"type": "string", "maxLength": 4096},
        "caption": {"type": "string", "maxLength": 1024},
    },
}
TELEGRAM_UPDATE: dict[str, Any] = {
    "title": "Telegram Update",
    "description": "A Bot API Update; message, edited_message and callback_query are read.",
    "type": "object",
    "required": ["update_id"],
    "properties": {
        "update_id": {"type": "integer", "format": "int64", "minimum": 0},
        "message": _MESSAGE,
        "edited_message": _MESSAGE,
        "callback_query": {
            "type": "object",
            "required": ["id", "from", "chat_instance"],
            "properties": {
                "id": {"type": "string"},
                "from": _USER,
                "message": _MESSAGE,
                "chat_instance": {"type": "string"},
                "data": {"type": "string", "maxLength": 64},
            },
        },
    },
}
TWILIO_MESSAGE: dict[str, Any] = {
    "title": "Twilio WhatsApp message",
    "type": "object",
    "required": ["MessageSid", "From"],
    "properties": {
        "MessageSid": {"type": "string", "pattern": "^[A-Za-z0-9]{1,64}$"},
        "From": {"type": "string", "pattern": "^whatsapp:", "maxLength": 64},
        "To": {"type": "string"},
        "Body": {"type": "string", "maxLength": 1600},
        "NumMedia": {"type": "string", "pattern": "^[0-9]{1,2}$"},
        "ButtonPayload": {"type": "string", "maxLength": 128},
        "ButtonText": {"type": "string"},
        "ProfileName": {"type": "string", "description": "never stored"},
        "WaId": {"type": "string", "description": "never stored"},
    },
}
TWILIO_STATUS: dict[str, Any] = {
    "title": "Twilio status callback",
    "type": "object",
    "required": ["MessageSid", "MessageStatus"],
    "properties": {
        "MessageSid": {"type": "string", "pattern": "^[A-Za-z0-9]{1,64}$"},
        "MessageStatus": {
            "type": "string",
            "enum": ["queued", "sending", "sent", "delivered", "undelivered", "failed", "read"],
        },
        "ErrorCode": {"type": "string", "pattern": "^[0-9]{1,10}$"},
    },
}
_SIGNATURE = {
    "name": "X-Twilio-Signature",
    "in": "header",
    "required": True,
    "description": "HMAC-SHA1 by Twilio over CHASKI_PUBLIC_URL + path and the form fields",
    "schema": {"type": "string"},
}


def _form(schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "parameters": [_SIGNATURE],
        "requestBody": {
            "required": True,
            "content": {"application/x-www-form-urlencoded": {"schema": schema}},
        },
    }


TELEGRAM_REQUEST: dict[str, Any] = {
    "parameters": [
        {
            "name": "X-Telegram-Bot-Api-Secret-Token",
            "in": "header",
            "required": True,
            "description": "TELEGRAM_WEBHOOK_SECRET, echoed by Telegram",
            "schema": {"type": "string", "maxLength": 256},
        }
    ],
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": TELEGRAM_UPDATE}},
    },
}
WHATSAPP_REQUEST = _form(TWILIO_MESSAGE)
STATUS_REQUEST = _form(TWILIO_STATUS)

REFUSALS: dict[int | str, dict[str, Any]] = {
    400: {"description": "verified, but not a payload Chaski can read; nothing stored"},
    403: {"description": "missing or wrong secret or signature; nothing stored"},
    404: {"description": "the channel is switched off"},
    413: {"description": "body over CHASKI_MAX_BODY_BYTES; refused before it is read"},
}
