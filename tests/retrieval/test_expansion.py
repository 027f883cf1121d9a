"""Quechua → Spanish gloss expansion before embedding (retrieval/expansion.py).

Most tests use the real ``locales/glossary.tsv``; see ``locales/GLOSSARY.md``.
"""

from __future__ import annotations

import csv
import time

import pytest

from retrieval.expansion import (
    GLOSSARY_TSV,
    SPANISH_STOPWORDS,
    Glossary,
    lookup_key,
)

MIN_ROWS = 330


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.from_tsv(GLOSSARY_TSV)


def _rows() -> list[dict[str, str]]:
    with GLOSSARY_TSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_tsv_loads_at_least_330_rows(glossary: Glossary) -> None:
    rows = _rows()
    assert len(rows) >= MIN_ROWS
    # Spelling variants share a key ("llamk'ay"/"llamkay"), so there are fewer keys than rows.
    assert len(rows) * 0.8 < len(glossary.entries) <= len(rows)
    assert glossary.entries["llamkay"] == ("trabajar", "trabajo")
    assert glossary.entries["hatun yachay wasi"] == ("universidad",)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("llamk'ay", "llamkay"),
        ("LLAMK’AY", "llamkay"),  # typographic apostrophe from a phone keyboard
        ("llamk´ay", "llamkay"),
        ("t'anta", "tanta"),
        ("misk'i", "miski"),
        ("khuchi", "kuchi"),
        ("chhalay", "chalay"),
        ("qhatu", "qatu"),
        ("p'unchaw", "punchaw"),
        ("Yachay  Wasi", "yachay wasi"),
        ("ñawinchay", "ñawinchay"),
        ("Atención", "atencion"),
    ],
)
def test_lookup_key_folds_glottal_and_aspirated_spellings(typed: str, key: str) -> None:
    assert lookup_key(typed) == key


@pytest.mark.parametrize(
    ("spellings", "expected"),
    [
        (["llamk'ay", "llamkay", "llank'ay", "llank’ay", "LLAMKAY"], ["trabajar", "trabajo"]),
        (["t'anta", "tanta", "T’ANTA"], ["pan"]),
        (["misk'i", "miski"], ["dulce", "sabroso"]),
        (["khuchi", "kuchi"], ["cerdo", "chancho"]),
        (["qhatu", "qatu"], ["mercado", "puesto de venta"]),
    ],
)
def test_spelling_variants_get_the_same_glosses(
    glossary: Glossary, spellings: list[str], expected: list[str]
) -> None:
    for spelling in spellings:
        assert glossary.glosses(spelling) == expected, spelling


def test_bread_making(glossary: Glossary) -> None:
    found = glossary.glosses("t'anta ruwayta yachani")
    assert {"pan", "hacer", "saber"} <= set(found)
    assert found.index("pan") < found.index("hacer") < found.index("saber")


def test_looking_for_work_without_apostrophes(glossary: Glossary) -> None:
    found = glossary.glosses("llamkayta maskhani")
    assert {"trabajar", "trabajo", "buscar"} <= set(found)


def test_looking_after_children(glossary: Glossary) -> None:
    found = glossary.glosses("wawakunata qhawani")
    assert {"niño", "bebé", "cuidar", "mirar"} <= set(found)


def test_raising_guinea_pigs(glossary: Glossary) -> None:
    found = glossary.glosses("quwi uywayta")
    assert found[0] == "cuy"
    assert "criar (animales, niños)" in found


def test_phrase_wins_over_its_parts(glossary: Glossary) -> None:
    assert glossary.glosses("hatun yachay wasipi") == ["universidad"]
    assert glossary.glosses("yachay wasipi") == ["escuela"]
    assert glossary.glosses("Hatun Yachay Wasikunapi llamk'ani") == [
        "universidad",
        "trabajar",
        "trabajo",
    ]
    assert glossary.glosses("hatun wasi") == ["grande", "casa"]


def test_phrase_written_as_one_word(glossary: Glossary) -> None:
    assert glossary.glosses("yachaywasipi") == ["escuela"]
    assert glossary.glosses("hatunyachaywasipi") == ["universidad"]


def test_phrase_ending_in_an_inflected_verb(glossary: Glossary) -> None:
    assert glossary.glosses("wawa qhawani") == ["cuidar niños"]
    assert glossary.glosses("chakra llamk'anata") == ["trabajo en la chacra", "agricultura"]
    assert glossary.glosses("mana allinchu") == ["malo", "mal"]


@pytest.mark.parametrize(
    ("word", "gloss"),
    [
        ("wayk'unayta", "cocinar"),  # wayk'u-na-y-ta
        ("waykunayta", "cocinar"),
        ("rantikuchkaniraq", "vender"),  # ranti-ku-chka-ni-raq: longest entry, not rantiy
        ("yachachiqkunawanmi", "profesor"),  # yachachiq-kuna-wan-mi
        ("tarpurqanchikpuni", "sembrar"),  # tarpu-rqa-nchik-puni
        ("michispalla", "pastorear"),  # michi-spa-lla
        ("siraqkunapaq", "costurero"),  # siraq-kuna-paq
        ("t'aqsasqaykitapas", "lavar ropa"),  # t'aqsa-sqa-yki-ta-pas
        ("wasinchikpi", "casa"),  # wasi-nchik-pi
        ("qullqiykichu", "dinero"),  # qullqi-yki-chu
        ("t'impuchinki", "hervir"),  # t'impu-chi-nki
        ("llamk'apakuni", "trabajar"),  # llamk'a-pa-ku-ni
        ("llank'ashani", "trabajar"),  # Cusco progressive -sha
        ("puriykachani", "caminar"),  # -ykacha is not a listed suffix: verb-stem prefix
        ("wakasniykunata", "vaca"),  # loan + -niy-kuna-ta
        ("iskay watam", "año"),  # Chanka -m
    ],
)
def test_inflected_forms(glossary: Glossary, word: str, gloss: str) -> None:
    assert gloss in glossary.glosses(word)


@pytest.mark.parametrize(
    "text",
    [
        "Excel básico y atención al cliente",
        "cuido niños y adultos mayores",
        "Se busca ayudante de cocina, turno mañana o tarde",
        "turno de la manana, pago semanal",
        "que haya trabajado antes en una casa de familia",
        "limpieza de casas y lavado de ropa",
        "vender por internet y atiendo bodega, sé usar Yape",
        "busco nana con referencias, allá en Surco",
        "tarifa por hora; pallares, purificar, tarima",
        "albañilería y pintura de casas",
        "tejo chompas y chalinas de alpaca",
    ],
)
def test_ordinary_spanish_is_not_expanded(glossary: Glossary, text: str) -> None:
    assert glossary.glosses(text) == []
    assert glossary.expand(text) == text


def test_stopwords_only_block_the_bare_spanish_word(glossary: Glossary) -> None:
    assert "haya" in SPANISH_STOPWORDS
    assert glossary.glosses("haya") == []
    assert glossary.glosses("nanan") == ["doler", "dolor"]  # Quechua 'it hurts'


def test_every_headword_finds_its_own_glosses(glossary: Glossary) -> None:
    missing = []
    for row in _rows():
        if lookup_key(row["qu"]) in SPANISH_STOPWORDS:
            continue
        found = glossary.glosses(row["qu"])
        if not set(row["es"].split("; ")) <= set(found):
            missing.append((row["qu"], row["es"], found))
    assert not missing, missing[:5]


def test_glosses_keep_text_order_without_repeats(glossary: Glossary) -> None:
    found = glossary.glosses("t'anta, tanta, T'ANTATA... wasi t'antata")
    assert found == ["pan", "casa"]


def test_short_stems_are_not_produced_by_stripping() -> None:
    tiny = Glossary(entries={"ru": ("x",), "api": ("mazamorra",)})
    assert tiny.glosses("ru") == ["x"]
    assert tiny.glosses("ruta") == []  # "ru" would be a 2-letter stem
    assert tiny.glosses("apita") == ["mazamorra"]


def test_constructor_normalises_keys() -> None:
    small = Glossary(entries={"LLAMK'AY": ("trabajar",), "Yachay Wasi": ("escuela",)})
    assert small.glosses("llamkayta yachaywasipi") == ["trabajar", "escuela"]


def test_expand_format() -> None:
    small = Glossary(entries={"t'anta": ("pan",), "ruway": ("hacer", "elaborar")})
    assert small.expand("t'anta ruwayta") == "t'anta ruwayta (pan; hacer; elaborar)"
    assert small.expand("hola") == "hola"
    assert small.expand("") == ""


def test_expand_with_real_glossary(glossary: Glossary) -> None:
    text = "Llamk'ayta maskhani"
    assert glossary.expand(text) == "Llamk'ayta maskhani (trabajar; trabajo; buscar)"


def test_ten_thousand_texts_are_fast() -> None:
    fresh = Glossary.from_tsv(GLOSSARY_TSV)  # empty word cache
    samples = [
        "t'anta ruwayta yachani",
        "wawakunata qhawayta, wasi pichayta",
        "Excel básico y atención al cliente",
        "chakrapi llamk'ani, papata tarpuni, quwi uywani",
        "hatun yachay wasipi yachakurqani",
        "vendo ropa por Facebook y en la feria",
    ]
    texts = [f"{samples[i % len(samples)]} rimay{i} palabra{i}" for i in range(10_000)]
    start = time.perf_counter()
    expanded = [fresh.expand(text) for text in texts]
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0, f"{elapsed:.2f} s"
    assert expanded[0].endswith("(pan; hacer; elaborar; fabricar; saber; conocimiento)")
