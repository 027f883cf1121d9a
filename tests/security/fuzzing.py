"""What the hostile-input tests share: how many examples, hostile strings, request tallies.

``CHASKI_FUZZ_EXAMPLES`` sets the examples per property (default 20, what the normal suite
runs); ``CHASKI_FUZZ_EXAMPLES=500 .venv/bin/python -m pytest tests/security -m fuzz`` is the
long run. Every request a fuzz test sends goes through :class:`Poster`, which tallies it by
route and status; the tally is printed at the end of the run ("fuzz requests").
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

import httpx
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from tests.webhooks.conftest import PUBLIC_URL, TWILIO_TOKEN

FUZZ_EXAMPLES = max(1, int(os.environ.get("CHASKI_FUZZ_EXAMPLES", "20")))

FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    database=None,  # nothing written into the work tree; failures print their seed instead
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # one app and database per test, not per example
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)

# -- hostile strings -------------------------------------------------------------------------

SQL_INJECTION = (
    "'; DROP TABLE people; --",
    "Robert'); DROP TABLE messages;--",
    "' OR '1'='1",
    '" OR 1=1 --',
    "1; SELECT pg_sleep(10)--",
    "'; UPDATE people SET consent='accepted' WHERE '1'='1",
    "\\'; DELETE FROM profiles; --",
)
HTML_INJECTION = (
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg/onload=alert(1)>',
    "</td></tr></table><h1>hola</h1>",
    "&lt;b&gt; &amp; &#x3C;",
    "<b>negrita</b> *negrita* _cursiva_ `code` [link](http://x.y)",
)
TEMPLATE_INJECTION = ("{{7*7}}", "${7*7}", "%s%s%s%n", "{0.__class__}", "$context $question")
PATHS = ("../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "/etc/passwd", "C:\\Windows\\win.ini")
ZALGO = "h̷̡̛̗̜̦͎̟̓̌͌ͅo̵̢̧̫̖̥̓̈́l̶̡̰̬̩̈̓̐a̴̧̛̝̘̎́"
UNICODE_EDGES = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 10,
    "\x01\x02\x1b[31mrojo\x1b[0m\x7f",
    "\u202eodnum aloh",  # right-to-left override
    "\u200fمرحبا\u200e hola",  # RTL mark, Arabic, LTR mark
    "שלום עולם",
    "\ufeffhola",  # byte-order mark
    "hola\u200b\u200c\u200d",  # zero-width characters
    "👩🏽‍🌾🌽🥔🇵🇪",
    "e\u0301\u0301\u0301",  # combining marks
    ZALGO,
    "ｈｏｌａ",  # full-width
    "𝐡𝐨𝐥𝐚",  # mathematical bold
    "\ud800",  # lone surrogate (JSON "\ud800" decodes to one)
    "a\udfffb",
    "\r\n\r\n",
    "\u2028\u2029",
    "ñ" * 3000,
    "supercalifragilisticoespialidoso" * 200,  # one very long word
)
HOSTILE = SQL_INJECTION + HTML_INJECTION + TEMPLATE_INJECTION + PATHS + UNICODE_EDGES

SURROGATES = frozenset(range(0xD800, 0xE000))


def has_surrogate(text: str) -> bool:
    return any(ord(ch) in SURROGATES for ch in text)


# Any text Python can hold, lone surrogates included (JSON's "\ud800" makes one).
any_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=60),
    st.text(st.characters(codec="utf-8"), max_size=20),
    st.text(alphabet="\x00\u202e\u200f<>'\";&%\\", max_size=12),
    st.text(st.characters(categories=["Cs", "Cc", "Mn", "So"]), min_size=1, max_size=12),
)
# Text that UTF-8 can carry (form posts from Twilio are UTF-8).
utf8_text = any_text.filter(lambda text: not has_surrogate(text))

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    any_text,
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.one_of(st.sampled_from(("text", "id", "chat", "from")), any_text),
                      children, max_size=4),
    max_leaves=12,
)  # fmt: skip

# -- requests --------------------------------------------------------------------------------

_TALLY: Counter[tuple[str, str]] = Counter()
_TALLY_LOCK = threading.Lock()


def tally(route: str, status: int | str) -> None:
    """One more request to ``route`` answered ``status`` (an HTTP code, or a word for what is
    not HTTP: "answered" for a message given to the engine)."""
    outcome = f"{status // 100}xx" if isinstance(status, int) else status
    with _TALLY_LOCK:
        _TALLY[(route, outcome)] += 1


def tallied() -> dict[tuple[str, str], int]:
    with _TALLY_LOCK:
        return dict(_TALLY)


class Poster:
    """An HTTP client for the live app that tallies every answer under ``route``."""

    def __init__(self, base_url: str) -> None:
        self.client = httpx.Client(base_url=base_url, timeout=30)

    def request(self, method: str, path: str, *, route: str, **kwargs: Any) -> httpx.Response:
        response = self.client.request(method, path, **kwargs)
        tally(route, response.status_code)
        return response

    def close(self) -> None:
        self.client.close()


def twilio_signature(path: str, params: Mapping[str, str]) -> str:
    """What Twilio would send in X-Twilio-Signature for a form post to ``path``."""
    return str(RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC_URL + path, dict(params)))


def signed_form_headers(path: str, body: str) -> dict[str, str]:
    """Headers of a form post signed exactly over what the app will parse from ``body``."""
    params = dict(parse_qsl(body, keep_blank_values=True))
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": twilio_signature(path, params),
    }
