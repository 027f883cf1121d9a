"""Peru's 25 regions (departamentos) and the many ways people name them in a chat.

People answer "¿En qué región vives?" with the department ("Cusco"), another
spelling ("Cuzco", "Qosqo"), their city ("Chiclayo", "Juliaca"), a sentence
("vivo en Arequipa", "Cusco llaqtapi tiyani") or a typo ("Arequpa").
:func:`canonical_region` turns all of these into one canonical department name and
:func:`same_region` compares two places with the same rules (the job matcher uses it).
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

from bot.text import fold

DEPARTMENTS: tuple[str, ...] = (
    "Amazonas",
    "Áncash",
    "Apurímac",
    "Arequipa",
    "Ayacucho",
    "Cajamarca",
    "Callao",
    "Cusco",
    "Huancavelica",
    "Huánuco",
    "Ica",
    "Junín",
    "La Libertad",
    "Lambayeque",
    "Lima",
    "Loreto",
    "Madre de Dios",
    "Moquegua",
    "Pasco",
    "Piura",
    "Puno",
    "San Martín",
    "Tacna",
    "Tumbes",
    "Ucayali",
)

# Other names for a department, and cities people give instead of it. Only places whose
# name points to a single department (e.g. no "Miraflores", which exists in Lima and
# Arequipa, nor "La Victoria", in Lima and Lambayeque).
_ALIASES: dict[str, tuple[str, ...]] = {
    "Amazonas": ("chachapoyas", "bagua", "bagua grande", "utcubamba"),
    "Áncash": ("anqash", "huaraz", "chimbote", "nuevo chimbote", "casma", "huarmey", "caraz"),
    "Apurímac": ("apurimaq", "abancay", "andahuaylas", "chalhuanca"),
    "Arequipa": ("ariqipa", "camana", "mollendo", "chivay"),
    "Ayacucho": ("ayakuchu", "huamanga", "wamanga", "huanta", "puquio"),
    "Cajamarca": ("jaen", "chota", "cutervo", "celendin"),
    "Callao": ("provincia constitucional del callao", "el callao", "ventanilla"),
    "Cusco": (
        "cuzco",
        "qosqo",
        "qusqu",
        "cusqu",
        "quillabamba",
        "sicuani",
        "urubamba",
        "calca",
        "espinar",
        "yauri",
        "machu picchu",
    ),
    "Huancavelica": ("wankawillka", "lircay", "huaytara"),
    "Huánuco": ("wanuku", "tingo maria", "leoncio prado"),
    "Ica": ("chincha", "chincha alta", "pisco", "nazca", "nasca", "palpa"),
    "Junín": (
        "huancayo",
        "wankayu",
        "tarma",
        "la merced",
        "satipo",
        "jauja",
        "la oroya",
        "chanchamayo",
        "pichanaki",
    ),
    "La Libertad": ("trujillo", "chepen", "pacasmayo", "huamachuco"),
    "Lambayeque": ("chiclayo", "ferreñafe"),
    "Lima": (
        "lima metropolitana",
        "lima provincias",
        "region lima",
        "lima norte",
        "lima sur",
        "lima este",
        "lima centro",
        "cercado de lima",
        "huacho",
        "huaral",
        "barranca",
        "cañete",
        "san vicente de cañete",
        "san juan de lurigancho",
        "sjl",
        "san martin de porres",
        "smp",
        "villa el salvador",
        "villa maria del triunfo",
        "san juan de miraflores",
        "comas",
        "los olivos",
        "ate",
        "vitarte",
        "chorrillos",
        "puente piedra",
        "carabayllo",
        "el agustino",
        "santa anita",
        "santiago de surco",
        "surco",
        "lurin",
        "pachacamac",
    ),
    "Loreto": ("iquitos", "yurimaguas", "nauta", "requena"),
    "Madre de Dios": ("puerto maldonado", "tambopata"),
    "Moquegua": ("ilo",),
    "Pasco": ("cerro de pasco", "oxapampa"),
    "Piura": ("sullana", "talara", "paita", "chulucanas", "sechura"),
    "Puno": ("punu", "juliaca", "ilave", "azangaro"),
    "San Martín": ("tarapoto", "moyobamba", "juanjui", "tocache"),
    "Tacna": (),
    "Tumbes": ("zarumilla", "zorritos"),
    "Ucayali": ("pucallpa", "aguaytia"),
}

# "Soy arequipeño/arequipeña": demonyms, listed in the masculine -o form.
_DEMONYMS: dict[str, tuple[str, ...]] = {
    "Amazonas": ("amazonense",),
    "Áncash": ("ancashino", "chimbotano", "huaracino"),
    "Apurímac": ("apurimeño",),
    "Arequipa": ("arequipeño",),
    "Ayacucho": ("ayacuchano",),
    "Cajamarca": ("cajamarquino",),
    "Callao": ("chalaco",),
    "Cusco": ("cusqueño", "cuzqueño"),
    "Huancavelica": ("huancavelicano",),
    "Huánuco": ("huanuqueño",),
    "Ica": ("iqueño",),
    "Junín": ("juninense", "huancaíno"),
    "La Libertad": ("liberteño", "trujillano"),
    "Lambayeque": ("lambayecano", "chiclayano"),
    "Lima": ("limeño",),
    "Loreto": ("loretano", "iquiteño"),
    "Madre de Dios": ("madrediosense",),
    "Moquegua": ("moqueguano",),
    "Pasco": ("pasqueño",),
    "Piura": ("piurano",),
    "Puno": ("puneño", "juliaqueño"),
    "San Martín": ("sanmartinense", "tarapotino"),
    "Tacna": ("tacneño",),
    "Tumbes": ("tumbesino",),
    "Ucayali": ("ucayalino", "pucallpino"),
}

# Quechua case endings glued to a place name: Cuscopi (in Cusco), Limamanta (from Lima).
_QUECHUA_ENDINGS = ("mantam", "mantan", "manta", "pim", "pin", "pi")
_FUZZY_THRESHOLD = 85.0
_FUZZY_MIN_CHARS = 5
_MAX_WORDS = 5
_SOUNDS_ALIKE = (("ñ", "n"), ("ll", "y"), ("z", "s"), ("k", "c"), ("v", "b"), ("w", "hu"))


def _key(text: str) -> str:
    """Folded text that also ignores ñ/n, the way people type on phones without ñ."""
    return fold(text).replace("ñ", "n")


def _sound(key: str) -> str:
    """A rough spelling-independent form where "cuzko" and "cusco" meet."""
    for typed, spoken in _SOUNDS_ALIKE:
        key = key.replace(typed, spoken)
    return key


def _with_feminine(demonym: str) -> tuple[str, ...]:
    """Both forms of a demonym: limeño gives limeño and limeña; amazonense stays one."""
    return (demonym, demonym[:-1] + "a") if demonym.endswith("o") else (demonym,)


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for department in DEPARTMENTS:
        demonyms = [form for word in _DEMONYMS[department] for form in _with_feminine(word)]
        for name in (department, *_ALIASES[department], *demonyms):
            index[_key(name)] = department
    return index


_INDEX = _build_index()
_SOUND_INDEX = {_sound(key): department for key, department in _INDEX.items()}


def _lookup(words: list[str]) -> str | None:
    """Exact match of a run of words, allowing a Quechua ending on the last one."""
    candidates = [" ".join(words)]
    last = words[-1]
    candidates += [
        " ".join([*words[:-1], last[: -len(end)]])
        for end in _QUECHUA_ENDINGS
        if last.endswith(end) and len(last) > len(end) + 2
    ]
    for candidate in candidates:
        found = _INDEX.get(candidate) or _SOUND_INDEX.get(_sound(candidate))
        if found:
            return found
    return None


def _windows(words: list[str], max_words: int) -> list[list[str]]:
    """Every run of consecutive words, leftmost first, longest first at each position."""
    return [
        words[start : start + size]
        for start in range(len(words))
        for size in range(min(max_words, len(words) - start), 0, -1)
    ]


def _fuzzy(words: list[str]) -> str | None:
    """Best typo-tolerant match of any run of up to three words, or None."""
    best: tuple[float, str] | None = None
    for window in _windows(words, 3):
        typed = _sound(" ".join(window))
        if len(typed) < _FUZZY_MIN_CHARS:
            continue
        for known, department in _SOUND_INDEX.items():
            score = fuzz.ratio(typed, known)
            if score >= _FUZZY_THRESHOLD and (best is None or score > best[0]):
                best = (score, department)
    return best[1] if best else None


@lru_cache(maxsize=4096)
def canonical_region(text: str) -> str | None:
    """The department (accented, e.g. "Junín") named in ``text``, or None.

    Tries, in order: the whole answer, any run of words in it (so "vivo en Cusco" and
    "Cusco llaqtapi tiyani" work, leftmost mention wins), the same with spelling
    variants (z/s, k/c, v/b, w/hu), then a fuzzy match that tolerates small typos.
    """
    words = _key(text).split()
    if not words:
        return None
    for window in _windows(words, _MAX_WORDS):
        found = _lookup(window)
        if found:
            return found
    return _fuzzy(words)


def same_region(a: str, b: str) -> bool:
    """True when both texts name the same department (Cuzco = Cusco = Qosqo).

    If neither is a known place, falls back to comparing them folded (no case or
    accents); an unknown place never equals a known one, and blanks never match.
    """
    region_a, region_b = canonical_region(a), canonical_region(b)
    if region_a or region_b:
        return region_a == region_b
    key_a = _key(a)
    return bool(key_a) and key_a == _key(b)
