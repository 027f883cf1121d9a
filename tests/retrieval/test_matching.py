"""Import a small catalog, match Spanish and Quechua profiles, and keep the index honest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.app import Services, build_services
from bot.cli_matching import import_catalog
from bot.profile import Profile
from bot.records import RecordError
from bot.settings import Settings
from bot.store.tables import OfferRow
from retrieval.offers import TEXT_RECIPE, Offer, first_sentence
from tests.conftest import SMALL

pytestmark = pytest.mark.slow

SPANISH = Profile.model_validate(
    {
        "language": "es",
        "region": "Cuzco",
        "district": "Wanchaq",
        "skills": "cocino y atiendo clientes, también sé hacer pan",
        "interests": "panadería",
        "remote_ok": True,
        "equipment": "smartphone",
        "education": "primaria",
    }
)
QUECHUA = Profile.model_validate(
    {
        "language": "qu",
        "region": "Qusqu",
        "skills": "t'anta ruwayta yachani, wayk'uyta ima",
        "interests": "t'anta ruway",
        "remote_ok": False,
    }
)
FEASIBLE_FOR_SPANISH = {"J001", "J002", "J003", "J012"}


def test_spanish_profile_gets_feasible_jobs_best_first(loaded: Services) -> None:
    matches = loaded.matching.match(SPANISH, "jobs", 10)
    ids = [m.offer.id for m in matches]
    # J004/J009 ask for secondary school, J005/J006 a computer, J008 expired, J010 is in
    # Arequipa, J011 in Ayacucho (and needs technical studies)
    assert set(ids) == FEASIBLE_FOR_SPANISH
    assert set(ids[:3]) == {"J001", "J002", "J003"}  # kitchen, bakery counter, baker
    assert ids[3] == "J012"  # childcare (it only shares "cocina") comes last
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_quechua_profile_meets_spanish_offers(loaded: Services) -> None:
    matches = loaded.matching.match(QUECHUA, "jobs", 5)
    ids = [m.offer.id for m in matches]
    assert ids[:2] == ["J003", "J001"]  # "t'anta ruway" is bread making, "wayk'uy" cooking
    assert all(not m.offer.is_remote for m in matches)  # remote_ok is false
    assert any(r.key == "reason.skills" for r in matches[0].reasons)


def test_courses_rank_what_jobs_around_ask_and_the_person_lacks(loaded: Services) -> None:
    matches = loaded.matching.match(QUECHUA, "courses", 5)
    ids = [m.offer.id for m in matches]
    assert ids[0] == "C002"  # bread making, in Wanchaq, free
    assert "C001" not in ids  # virtual: the profile does not work at a distance
    assert any(r.key == "reason.demand" for m in matches for r in m.reasons)


def test_match_cli_prints_the_contract_document(
    loaded: Services, matching_settings: Settings, tmp_path: Path
) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps(QUECHUA.to_contract()))
    env = {
        **os.environ,
        "CHASKI_DATABASE_URL": matching_settings.database_url,
        "CHASKI_DATA_DIR": str(matching_settings.data_dir),
        "CHASKI_TODAY": "2026-11-21",
    }
    result = subprocess.run(  # noqa: S603
        [
            str(Path(sys.executable).parent / "chaski"),
            "match",
            "--profile",
            str(profile),
            "--kind",
            "jobs",
            "--top",
            "3",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["kind"] == "jobs"
    assert document["profile_language"] == "qu"
    assert [r["id"] for r in document["results"]][:2] == ["J003", "J001"]
    for result_ in document["results"]:
        assert set(result_) == {"id", "score", "title", "reasons"}
        assert isinstance(result_["score"], float)
        assert all(isinstance(reason, str) for reason in result_["reasons"])
    assert document["results"][0]["reasons"][0].startswith("Yachasqaykitan mañakun")


def test_a_lost_or_stale_index_is_rebuilt(loaded: Services, matching_settings: Settings) -> None:
    index_dir = matching_settings.data_dir / "index"
    before = [m.offer.id for m in loaded.matching.match(SPANISH, "jobs", 10)]
    for path in index_dir.iterdir():
        path.unlink()
    fresh = build_services(matching_settings)  # a new process: nothing cached
    assert [m.offer.id for m in fresh.matching.match(SPANISH, "jobs", 10)] == before
    assert (index_dir / "jobs.faiss").exists()
    (index_dir / "jobs.version").write_text("stale")
    again = build_services(matching_settings)
    assert [m.offer.id for m in again.matching.match(SPANISH, "jobs", 10)] == before


def test_an_index_built_with_another_text_recipe_is_rebuilt(
    loaded: Services, matching_settings: Settings
) -> None:
    index_dir = matching_settings.data_dir / "index"
    loaded.matching.match(SPANISH, "jobs", 10)
    stamp = index_dir / "jobs.version"
    catalog_state = stamp.read_text().rsplit("|", 1)[0]
    stamp.write_text(f"{catalog_state}|title+description+skills")  # an older recipe
    faiss_file = index_dir / "jobs.faiss"
    faiss_file.write_bytes(b"")  # would fail to load if it were trusted
    fresh = build_services(matching_settings)
    assert fresh.matching.match(SPANISH, "jobs", 10)
    assert stamp.read_text() == f"{catalog_state}|{TEXT_RECIPE}"
    assert faiss_file.stat().st_size > 0


def test_reimport_upserts_by_id(loaded: Services, tmp_path: Path) -> None:
    assert import_catalog(loaded, "jobs", SMALL / "jobs_small.csv").endswith("(0 new or changed)")
    changed = tmp_path / "jobs.csv"
    text = (SMALL / "jobs_small.csv").read_text()
    changed.write_text(text.replace("Mototaxista,", "Mototaxista con experiencia,"))
    assert import_catalog(loaded, "jobs", changed).endswith("(1 new or changed)")
    with loaded.database.session() as session:
        assert session.scalar(select(func.count()).select_from(OfferRow)) == 18


def test_a_bad_row_rejects_the_whole_file(matching_settings: Settings, tmp_path: Path) -> None:
    services = build_services(matching_settings)
    rows = (SMALL / "jobs_small.csv").read_text().splitlines()
    rows[4] = rows[4].replace(",tarde,", ",siempre,")
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(rows) + "\n")
    with pytest.raises(RecordError, match=r"^bad\.csv:5: schedule: Input should be"):
        import_catalog(services, "jobs", bad)
    missing = tmp_path / "missing.csv"
    missing.write_text("id,title,description\nX1,t,d\n")
    with pytest.raises(RecordError, match=r"^missing\.csv:2: missing required column 'skills'"):
        import_catalog(services, "jobs", missing)
    services.database.upgrade()
    with services.database.session() as session:
        assert session.scalar(select(func.count()).select_from(OfferRow)) == 0


@pytest.mark.parametrize(
    ("description", "first"),
    [
        (
            "Restaurante necesita mozos. De lunes a sábado de 8 a. m. a 5 p. m. Propinas.",
            "Restaurante necesita mozos.",
        ),
        ("De 8 a. m. a 5 p. m. en Puno. Pago semanal.", "De 8 a. m. a 5 p. m. en Puno."),
        ("¿Sabes cocinar? ¡Únete a la cocina!", "¿Sabes cocinar?"),
        ("Sin punto final", "Sin punto final"),
        ("  ", ""),
        (" ".join(["palabra"] * 50), " ".join(["palabra"] * 30)),
    ],
)
def test_first_sentence(description: str, first: str) -> None:
    assert first_sentence(description) == first


def test_the_embedded_text_is_title_what_and_skills() -> None:
    offer = Offer(
        vector_id=1,
        kind="jobs",
        id="J1",
        title="Mozo(a) para cevichería",
        description="Cevichería en Chincheros necesita mozos. Pago fijo de S/ 1,180 al mes.",
        skills=("atención de mesas", "manejo de caja"),
    )
    assert offer.text() == (
        "Mozo(a) para cevichería. Cevichería en Chincheros necesita mozos. "
        "atención de mesas; manejo de caja"
    )
