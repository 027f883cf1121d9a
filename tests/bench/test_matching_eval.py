"""The matching benchmark's metrics, its BM25 baseline and its graded dev set (no model)."""

from __future__ import annotations

import csv
import math
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.bm25 import BM25, tokens
from bench.matching_eval import (
    CATALOGS,
    DEV,
    KINDS,
    TODAY,
    Case,
    ndcg,
    read_dev,
    recall,
    reciprocal_rank,
)
from bot.cli_matching import read_catalog
from bot.store.db import Database
from retrieval.catalog import Kind
from retrieval.feasibility import feasible
from retrieval.offers import OfferColumns
from retrieval.store import load_offers, upsert_offers

RELEVANT = {"a": 3, "b": 2, "c": 1}


def test_ndcg_is_one_for_the_ideal_order_and_known_otherwise() -> None:
    assert ndcg(["a", "b", "c", "x"], RELEVANT) == pytest.approx(1.0)
    assert ndcg(["x", "y"], RELEVANT) == 0.0
    # only "b" (gain 3) at rank 2 vs the ideal 7, 3/log2(3), 1/2
    ideal = 7 + 3 / math.log2(3) + 1 / 2
    assert ndcg(["x", "b"], RELEVANT) == pytest.approx(3 / math.log2(3) / ideal)
    assert ndcg(["c", "b", "a"], RELEVANT) < ndcg(["a", "c", "b"], RELEVANT) < 1.0
    assert ndcg(["a"], {}) == 0.0


def test_ndcg_cuts_at_k() -> None:
    ranked = [f"x{i}" for i in range(10)] + ["a"]
    assert ndcg(ranked, RELEVANT) == 0.0
    assert ndcg(ranked, RELEVANT, k=11) > 0.0


def test_recall_is_the_share_of_graded_offers_in_the_top_k() -> None:
    assert recall(["a", "x", "c"], RELEVANT) == pytest.approx(2 / 3)
    assert recall(["x"] * 10 + ["a", "b", "c"], RELEVANT) == 0.0
    assert recall(["a", "b", "c"], RELEVANT) == 1.0


def test_reciprocal_rank_needs_a_grade_of_two() -> None:
    assert reciprocal_rank(["c", "x", "b", "a"], RELEVANT) == pytest.approx(1 / 3)
    assert reciprocal_rank(["a"], RELEVANT) == 1.0
    assert reciprocal_rank(["c", "x"], RELEVANT) == 0.0
    assert reciprocal_rank([f"x{i}" for i in range(10)] + ["a"], RELEVANT) == 0.0


def test_tokens_fold_case_accents_punctuation_and_apostrophes() -> None:
    assert tokens("Atención al CLIENTE, t'anta; Compañía!") == [
        "atencion",
        "al",
        "cliente",
        "tanta",
        "compañia",
    ]


def test_bm25_prefers_the_document_sharing_rare_words() -> None:
    documents = [
        "ayudante de cocina para restaurante de cocina criolla",
        "ayudante de almacén para ferretería",
        "ayudante de panadería: pan, repostería y manejo de horno",
        "ayudante de limpieza para oficinas",
    ]
    bm25 = BM25(documents)
    assert len(bm25) == 4
    scores = bm25.scores("sé hacer pan y manejo el horno, soy ayudante")
    assert max(range(4), key=scores.__getitem__) == 2
    assert all(s >= 0 for s in scores)
    assert bm25.scores("electricista")[0] == 0.0
    common = bm25.scores("ayudante")
    assert common[2] < scores[2]  # a word every document has weighs little


# -- the dev set ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return read_dev(DEV)


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory: pytest.TempPathFactory) -> dict[Kind, OfferColumns]:
    """The shipped catalogs as the matcher sees them, stored without embedding."""
    path: Path = tmp_path_factory.mktemp("catalog") / "chaski.db"
    database = Database(f"sqlite:///{path}")
    database.upgrade()
    columns: dict[Kind, OfferColumns] = {}
    for kind in KINDS:
        records = read_catalog(kind, CATALOGS / f"{kind}.csv")
        with database.session() as session:
            upsert_offers(session, kind, records, now=datetime.now(UTC))
        with database.session() as session:
            columns[kind] = OfferColumns.build(load_offers(session, kind))
    database.dispose()
    return columns


def test_dev_set_has_enough_quechua_and_course_profiles(cases: list[Case]) -> None:
    assert len(cases) >= 24
    assert len({c.id for c in cases}) == len(cases)
    quechua = [c for c in cases if c.profile.language == "qu"]
    assert 3 * len(quechua) >= len(cases)
    assert sum(c.kind == "courses" for c in cases) >= 6
    assert {c.profile.language for c in cases} == {"es", "qu"}


def test_every_graded_offer_exists_and_is_feasible(
    cases: list[Case], catalogs: dict[Kind, OfferColumns]
) -> None:
    shipped = {
        kind: {
            row["id"]
            for row in csv.DictReader(
                (CATALOGS / f"{kind}.csv").read_text(encoding="utf-8").splitlines()
            )
        }
        for kind in KINDS
    }
    for case in cases:
        assert case.relevant, case.id
        assert all(g in (1, 2, 3) for g in case.relevant.values()), case.id
        assert max(case.relevant.values()) == 3, case.id
        unknown = set(case.relevant) - shipped[case.kind]
        assert not unknown, f"{case.id}: not in the {case.kind} catalog: {sorted(unknown)}"
        columns = catalogs[case.kind]
        mask = feasible(columns, case.profile, TODAY)
        allowed = {o.id for o, ok in zip(columns.offers, mask, strict=True) if ok}
        infeasible = set(case.relevant) - allowed
        assert not infeasible, f"{case.id}: graded but not feasible: {sorted(infeasible)}"
