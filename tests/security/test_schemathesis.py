"""schemathesis against the app's own OpenAPI schema, every operation, both generation modes.

Cases come from ``app.openapi()`` (the webhooks document their payloads and headers there, see
``webhooks/routes/openapi.py``) and go over real HTTP to the running app. Half of the webhook
cases carry the right Telegram secret or a valid Twilio signature over the generated form, and
half of the analyst cases a valid bearer token, so generated data also reaches the parsers, the
store and the report queries. Check: ``not_a_server_error`` on every response.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest
import schemathesis
from hypothesis import given
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode

from tests.security.conftest import ANALYST_TOKEN, SQLITE_ONLY, Served
from tests.security.fuzzing import FUZZ, tally, twilio_signature
from tests.webhooks.conftest import TELEGRAM_SECRET

pytestmark = pytest.mark.fuzz


def authenticate(case: Any, path: str) -> None:
    """Put the real secret, signature or token on a generated case."""
    headers = dict(case.headers or {})
    if path == "/webhooks/telegram":
        headers["X-Telegram-Bot-Api-Secret-Token"] = TELEGRAM_SECRET
    elif path.startswith("/webhooks/whatsapp"):
        body = case.body if isinstance(case.body, dict) else {}
        form = {str(k): str(v) for k, v in body.items()}
        case.body = form
        encoded = urlencode(form)
        headers["X-Twilio-Signature"] = twilio_signature(
            path, dict(parse_qsl(encoded, keep_blank_values=True))
        )
    elif path.startswith("/api/"):
        headers["Authorization"] = f"Bearer {ANALYST_TOKEN}"
    case.headers = headers


def fuzz_operation(served: Served, operation: Any, mode: GenerationMode) -> None:
    path = operation.path

    @FUZZ
    @given(case=operation.as_strategy(generation_mode=mode), authentic=st.booleans())
    def check(case: Any, authentic: bool) -> None:
        if authentic:
            authenticate(case, path)
        response = case.call(base_url=served.base_url)
        tally(f"{case.method} {path} (schemathesis {mode.value})", response.status_code)
        case.validate_response(response, checks=[not_a_server_error])

    check()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_operation_answers_5xx(served: Served, mode: GenerationMode) -> None:
    schema = schemathesis.openapi.from_dict(served.app.openapi())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {
        "/webhooks/telegram",
        "/webhooks/whatsapp",
        "/webhooks/whatsapp/status",
        "/healthz",
        "/metrics",
        "/api/reports/{report_id}/tables/{name}",
    }
    for operation in operations:
        if mode is GenerationMode.NEGATIVE and not can_be_wrong(operation.definition.raw):
            continue  # /healthz, /metrics, /api/reports/latest, /api/reports/{report_id}
        fuzz_operation(served, operation, mode)


def can_be_wrong(raw: dict[str, Any]) -> bool:
    """Whether negative generation has anything to break: a body, or a parameter that is not
    a bare string in the path (every path segment is a string)."""
    bare = {"type": "string"}
    return "requestBody" in raw or any(
        not (parameter["in"] == "path" and parameter["schema"].get("type") == "string")
        or set(parameter["schema"]) - set(bare) - {"title"}
        for parameter in raw.get("parameters", [])
    )


@SQLITE_ONLY
def test_webhooks_document_their_payloads_and_headers(served: Served) -> None:
    """The webhooks read their raw body (verify before parse), so FastAPI cannot infer what
    they take; the schema says it, which is what lets schemathesis generate real payloads."""
    paths = served.app.openapi()["paths"]
    expected = {
        "/webhooks/telegram": ("application/json", "X-Telegram-Bot-Api-Secret-Token"),
        "/webhooks/whatsapp": ("application/x-www-form-urlencoded", "X-Twilio-Signature"),
        "/webhooks/whatsapp/status": ("application/x-www-form-urlencoded", "X-Twilio-Signature"),
    }
    for path, (media_type, header) in expected.items():
        operation = paths[path]["post"]
        schema = operation["requestBody"]["content"][media_type]["schema"]
        assert schema["required"], path
        assert [p["name"] for p in operation["parameters"] if p["in"] == "header"] == [header]
        assert {"400", "403", "413"} <= set(operation["responses"]), path
