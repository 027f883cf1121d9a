"""Matching quality on the graded dev set: Chaski vs Chaski without Quechua expansion vs BM25.

A temporary SQLite database and data dir get the shipped catalogs through the real import
(``build_services`` + ``import_catalog``), with "today" = 2026-11-21. Each dev profile is ranked
by four systems, all over the same feasible offers (CONTRACT.md rules): Chaski itself, Chaski
with ``glossary=None`` (its own index, embedded without expansion), Okapi BM25 on
title + description + skills, and BM25 with the Quechua glosses added to the query::

    .venv/bin/python -m bench.matching_eval [--dev bench/data/matching_dev.jsonl] [--json FILE]

Scores: nDCG@10 (gain 2^g - 1, log2 discount), Recall@10 (share of the graded offers in the top
10) and MRR (reciprocal rank, within the top 10, of the first offer graded 2 or more); overall
and for Spanish / Quechua profiles.
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from statistics import fmean
from typing import Any

import numpy as np

from bench.bm25 import BM25
from bot.app import build_services
from bot.cli_matching import import_catalog
from bot.profile import Profile
from bot.settings import REPO_ROOT, Settings
from retrieval.catalog import Kind
from retrieval.expansion import Glossary
from retrieval.feasibility import feasible
from retrieval.matcher import person_text
from retrieval.offers import OfferColumns
from retrieval.service import MatchingService
from retrieval.store import load_offers

TODAY = date(2026, 11, 21)
TOP = 10
DEV = REPO_ROOT / "bench" / "data" / "matching_dev.jsonl"
CATALOGS = REPO_ROOT / "data" / "catalog"
KINDS: tuple[Kind, ...] = ("jobs", "courses")
SUBSETS: tuple[str, ...] = ("all", "es", "qu")
METRICS: tuple[str, ...] = ("ndcg@10", "recall@10", "mrr")
BASELINE = "bm25"

Ranker = Callable[["Case"], list[str]]


@dataclass(frozen=True)
class Case:
    id: str
    profile: Profile
    kind: Kind
    relevant: dict[str, int]


def read_dev(path: Path) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            if raw["kind"] not in KINDS:
                raise ValueError(f"{raw['id']}: kind must be jobs or courses")
            kind: Kind = raw["kind"]
            relevant = {str(k): int(v) for k, v in raw["relevant"].items()}
            cases.append(Case(raw["id"], Profile.model_validate(raw["profile"]), kind, relevant))
    return cases


# -- metrics ------------------------------------------------------------------------------
def _dcg(gains: Sequence[int]) -> float:
    return sum(float(2**g - 1) / math.log2(rank + 2) for rank, g in enumerate(gains))


def ndcg(ranked: Sequence[str], relevant: Mapping[str, int], k: int = TOP) -> float:
    ideal = _dcg(sorted(relevant.values(), reverse=True)[:k])
    return _dcg([relevant.get(i, 0) for i in ranked[:k]]) / ideal if ideal > 0 else 0.0


def recall(ranked: Sequence[str], relevant: Mapping[str, int], k: int = TOP) -> float:
    graded = {i for i, g in relevant.items() if g > 0}
    return len(graded & set(ranked[:k])) / len(graded) if graded else 0.0


def reciprocal_rank(
    ranked: Sequence[str], relevant: Mapping[str, int], k: int = TOP, at_least: int = 2
) -> float:
    for rank, offer_id in enumerate(ranked[:k], start=1):
        if relevant.get(offer_id, 0) >= at_least:
            return 1.0 / rank
    return 0.0


def scores(ranked: Sequence[str], relevant: Mapping[str, int]) -> dict[str, float]:
    return {
        "ndcg@10": ndcg(ranked, relevant),
        "recall@10": recall(ranked, relevant),
        "mrr": reciprocal_rank(ranked, relevant),
    }


# -- systems ------------------------------------------------------------------------------
class KeywordRanker:
    """BM25 over one catalog's offers, restricted to those feasible for the profile."""

    def __init__(self, columns: Mapping[Kind, OfferColumns], glossary: Glossary | None) -> None:
        self.columns = columns
        self.glossary = glossary
        self.index = {
            kind: BM25([f"{o.title} {o.description} {' '.join(o.skills)}" for o in c.offers])
            for kind, c in columns.items()
        }

    def __call__(self, case: Case) -> list[str]:
        columns = self.columns[case.kind]
        query = person_text(case.profile)
        if self.glossary is not None:
            query = self.glossary.expand(query)
        score = np.asarray(self.index[case.kind].scores(query))
        allowed = np.flatnonzero(feasible(columns, case.profile, TODAY))
        best = allowed[np.argsort(-score[allowed], kind="stable")][:TOP]
        return [columns.offers[int(i)].id for i in best]


def semantic(service: MatchingService) -> Ranker:
    return lambda case: [m.offer.id for m in service.match(case.profile, case.kind, TOP)]


def build_systems(workdir: Path) -> dict[str, Ranker]:
    settings = Settings(
        database_url=f"sqlite:///{workdir / 'chaski.db'}",
        data_dir=workdir / "data",
        today_override=TODAY,
        pseudonym_key="bench-matching-eval",
    )
    services = build_services(settings)
    for kind in KINDS:
        print(import_catalog(services, kind, CATALOGS / f"{kind}.csv"))
    plain = MatchingService(  # bot.app.build_matching, without the glossary
        database=services.database,
        encoder=lambda: services.matching.encoder,  # the same model, loaded once
        index_dir=settings.data_dir / "index-no-expansion",
        glossary=None,
        today=settings.today,
    )
    for kind in KINDS:
        print(f"{kind}: {plain.rebuild(kind)} offers embedded without expansion")
    with services.database.session() as session:
        columns = {kind: OfferColumns.build(load_offers(session, kind)) for kind in KINDS}
    glossary = Glossary.from_tsv(settings.locales_dir / "glossary.tsv")
    return {
        "chaski": semantic(services.matching),
        "chaski_no_expansion": semantic(plain),
        "bm25": KeywordRanker(columns, None),
        "bm25_expanded": KeywordRanker(columns, glossary),
    }


# -- the run ------------------------------------------------------------------------------
def evaluate(cases: Sequence[Case], systems: Mapping[str, Ranker]) -> dict[str, Any]:
    report: dict[str, Any] = {"today": TODAY.isoformat(), "profiles": len(cases), "systems": {}}
    for name, ranker in systems.items():
        ranker(cases[0])  # warm-up: index loads and caches are not what is timed
        per_case: dict[str, dict[str, Any]] = {}
        elapsed: list[float] = []
        for case in cases:
            start = time.perf_counter()
            ranked = ranker(case)
            elapsed.append((time.perf_counter() - start) * 1000)
            per_case[case.id] = {"ranked": ranked, **scores(ranked, case.relevant)}
        summary: dict[str, Any] = {"ms_per_query": round(fmean(elapsed), 2)}
        for subset in SUBSETS:
            chosen = [c.id for c in cases if subset in ("all", c.profile.language)]
            summary[subset] = {"n": len(chosen)} | {
                metric: round(fmean(per_case[i][metric] for i in chosen), 4) if chosen else 0.0
                for metric in METRICS
            }
        report["systems"][name] = summary | {"per_profile": per_case}
    return report


def table(report: Mapping[str, Any]) -> str:
    systems: Mapping[str, Any] = report["systems"]
    base = systems[BASELINE]
    header = f"{'system':<20} {'subset':<6} {'n':>3}"
    header += "".join(f" {m:>16}" for m in METRICS) + f" {'ms/query':>9}"
    lines = [header, "-" * len(header)]
    for name, summary in systems.items():
        for subset in SUBSETS:
            row = summary[subset]
            cells = ""
            for metric in METRICS:
                reference = base[subset][metric]
                ratio = f"{row[metric] / reference:.2f}x" if reference else "  -  "
                cells += f" {row[metric]:>8.3f} ({ratio:>5})"
            ms = f"{summary['ms_per_query']:>9.1f}" if subset == "all" else ""
            lines.append(f"{name:<20} {subset:<6} {row['n']:>3}{cells} {ms}")
        lines.append("")
    lines.append(f"(ratios are to {BASELINE} on the same subset; today = {report['today']})")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dev", type=Path, default=DEV, help="graded profiles (JSON Lines)")
    parser.add_argument("--json", type=Path, help="also write the full report here")
    args = parser.parse_args(argv)
    cases = read_dev(args.dev)
    with tempfile.TemporaryDirectory(prefix="chaski-matching-eval-") as workdir:
        report = evaluate(cases, build_systems(Path(workdir)))
    report["dev"] = str(args.dev)
    print()
    print(table(report))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
