"""Plain-language Spanish sentences about the results (returned unescaped: the report
escapes every sentence, since group and product names come from the data)."""

from __future__ import annotations

from collections.abc import Sequence

from analytics.poverty import UNKNOWN, PovertyResult
from analytics.rows import Cell, Row
from analytics.shifts import Shift
from analytics.stats import normal_two_sided_p, two_proportion_z
from analytics.suppression import shown

DIMENSION_NAMES = {
    "region": "regiones",
    "language": "idiomas",
    "gender": "géneros",
    "age_band": "grupos de edad",
    "education": "niveles educativos",
}
GROUP_NAMES = {"f": "mujeres", "m": "hombres", "x": "personas no binarias", "es": "castellano",
               "qu": "quechua", "ay": "aimara", "en": "inglés"}  # fmt: skip
ASPECTS = {"tamano": "tamaño", "precio": "precio"}
CONTROL_NAMES = {"age_band": "edad", "education": "educación", "language": "idioma"}
SENTIMENTS = {"neg": "negativas", "pos": "positivas", "neu": "neutras"}


def pct(value: Cell) -> str:
    if not isinstance(value, int | float):
        return "—"
    return f"{100 * value:.1f} %".replace(".", ",")


def number(value: Cell) -> str:
    if isinstance(value, bool) or value is None:
        return "—" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    if isinstance(value, float):
        return f"{value:.4g}".replace(".", ",")
    return str(value)


EDUCATION_NAMES = {
    "ninguna": "quienes no tienen educación formal",
    "primaria": "quienes tienen primaria",
    "secundaria": "quienes tienen secundaria",
    "tecnica": "quienes tienen educación técnica",
    "universitaria": "quienes tienen educación universitaria",
}
SUBGROUP = {"informal_rate": "employed_with_answers", "poverty_rate": "with_income_answers"}


def group_name(dimension: str, group: str) -> str:
    if dimension == "age_band":
        return f"las personas de {group} años"
    if dimension == "language":
        return f"quienes hablan {GROUP_NAMES.get(group, group)}"
    if dimension == "education":
        return EDUCATION_NAMES.get(group, f"quienes tienen educación {group}")
    if dimension == "gender":
        article = "los" if group == "m" else "las"
        return f"{article} {GROUP_NAMES[group]}" if group in GROUP_NAMES else group
    return group


def _clear(high: Row, low: Row, key: str) -> bool:
    """Whether the two groups' rates differ at the 5% level (two-proportion z-test)."""
    n_high, n_low = high.get(SUBGROUP[key]), low.get(SUBGROUP[key])
    if not isinstance(n_high, int) or not isinstance(n_low, int):
        return False
    x_high = round(float(high[key] or 0) * n_high)
    x_low = round(float(low[key] or 0) * n_low)
    z = two_proportion_z(x_low, n_low, x_high, n_high)
    return z is not None and normal_two_sided_p(z) < 0.05


def highest_lowest(rows: Sequence[Row], key: str, what: str, dimension: str) -> str | None:
    """ "La informalidad es mayor entre X (..) y menor entre Y (..)." over shown groups."""
    cited = [
        r for r in rows if shown(r) and isinstance(r.get(key), float) and r.get("group") != UNKNOWN
    ]
    if len(cited) < 2:
        return None
    ranked = sorted(cited, key=lambda r: float(r[key] or 0))
    low, high = ranked[0], ranked[-1]
    if high[key] == low[key]:
        return None
    caveat = "" if _clear(high, low, key) else " (una diferencia dentro del margen de error)"
    return (
        f"Por {DIMENSION_NAMES[dimension]}: la {what} es mayor entre "
        f"{group_name(dimension, str(high['group']))} ({pct(high[key])}) y menor entre "
        f"{group_name(dimension, str(low['group']))} ({pct(low[key])}){caveat}."
    )


def _informality_sentence(overall: Row, k: int) -> str:
    lacking = (
        f"{number(overall.get('lacking_informality_answers'))} personas no respondieron lo "
        "necesario"
    )
    not_employed = overall.get("not_employed")
    outside = (
        f"{number(not_employed)} no trabajan (desempleo, estudio u hogar)"
        if not_employed is not None
        else f"las que no trabajan (menos de {k}, no se dice cuántas)"
    )
    employed = number(overall.get("employed_with_answers"))
    if overall.get("informal_rate") is None:
        return (
            f"De las {employed} personas con trabajo que dieron las respuestas necesarias, la "
            f"informalidad no se publica: las informales o las formales son menos de {k}. "
            f"{lacking}; {outside}."
        )
    return (
        f"De las {employed} personas con trabajo que dieron las respuestas necesarias, "
        f"{pct(overall.get('informal_rate'))} trabaja en la informalidad "
        f"(IC 95 %: {pct(overall.get('informal_ci_low'))} a "
        f"{pct(overall.get('informal_ci_high'))}). {lacking} y {outside}; no se cuentan en "
        "esa tasa."
    )


def _poverty_sentence(result: PovertyResult, overall: Row, k: int) -> str:
    line = result.line
    answered = number(overall.get("with_income_answers"))
    below = (
        f"menos de S/ {line.soles:g} al mes por miembro del hogar (línea de pobreza monetaria "
        f"nacional {line.year} del INEI)"
    )
    lacking = f"{number(overall.get('lacking_income_answers'))} personas no dieron esos datos."
    if overall.get("poverty_rate") is None:
        return (
            f"Entre las {answered} personas que dieron su ingreso y el tamaño de su hogar, no "
            f"se publica cuántas viven con {below}: ellas o las demás son menos de {k}. "
            f"{lacking}"
        )
    return (
        f"{pct(overall.get('poverty_rate'))} de las {answered} personas que dieron su ingreso y "
        f"el tamaño de su hogar vive con {below}. {lacking}"
    )


def _odds_sentence(result: PovertyResult, k: int) -> str | None:
    fit, crude = result.fit, result.crude
    if result.odds_withheld:
        return (
            "No se publica el odds ratio entre informalidad y pobreza (ni la tabla 2×2 ni la "
            f"regresión logística): al menos una de las cuatro celdas (informal o formal, "
            f"pobre o no pobre) tiene menos de {k} personas, y con los totales de la tabla "
            "el odds ratio permitiría calcularla."
        )
    if fit is not None:
        term = fit.informal
        names = [CONTROL_NAMES[c] for c in fit.controls]
        controls = (
            " e ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)
        )
        adjusted = f", a igual {controls}" if controls else ""
        odds = number(term.odds_ratio)
        if term.low > 1:
            verdict = f"tienen {odds} veces las chances (odds) de ser pobres"
        elif term.high < 1:
            verdict = f"tienen menos chances de ser pobres (odds ratio {odds})"
        else:
            verdict = f"no muestran una diferencia clara en pobreza (odds ratio {odds})"
        return (
            f"Las personas en la informalidad {verdict} que las de empleo formal{adjusted} "
            f"(IC 95 %: {number(term.low)} a {number(term.high)}; regresión logística con "
            f"{number(fit.people)} personas)."
        )
    if crude is not None:
        return (
            f"Odds ratio simple (tabla 2×2) entre informalidad y pobreza: {number(crude.value)} "
            f"(IC 95 %: {number(crude.low)} a {number(crude.high)}); no hubo datos suficientes "
            "para una regresión logística."
        )
    return None


def poverty_sentences(result: PovertyResult, overall: Row, k: int) -> list[str]:
    """The section's opening, from the suppressed overall row only (never the raw counts)."""
    people = f"En el periodo se registraron {number(result.people)} perfiles."
    if not shown(overall):
        return [f"{people} Son menos de {k} personas: no se publican tasas ni cruces."]
    sentences = [
        people,
        _informality_sentence(overall, k),
        _poverty_sentence(result, overall, k),
        _odds_sentence(result, k),
    ]
    return [sentence for sentence in sentences if sentence]


def shift_sentence(shift: Shift) -> str:
    series = shift.series
    product = "todos los productos" if series.product == "*" else series.product
    verb = "subieron" if shift.direction == "up" else "bajaron"
    aspect = ASPECTS.get(series.aspect, series.aspect)
    return (
        f"Desde la semana del {shift.start_week.isoformat()}, las opiniones "
        f"{SENTIMENTS.get(series.sentiment, series.sentiment)} sobre {aspect} de {product} "
        f"{verb} de {pct(shift.split.before)} a {pct(shift.split.after)} de las opiniones "
        f"sobre {'los productos' if series.product == '*' else 'el producto'} "
        f"(p = {shift.split.p_value:.2g})."
    )


def funnel_sentence(rows: Sequence[Row], k: int) -> str | None:
    """The jobs funnel in one sentence; a stage of fewer than k people is left out."""
    row = next((r for r in rows if r.get("kind") == "jobs" and shown(r)), None)
    if row is None or row.get("shown") is None:
        return None
    stages = [
        f"{number(row[stage])} {verb}"
        for stage, verb in (
            ("details", "pidieron detalles"),
            ("interested", "se interesaron"),
            ("applied", "postularon"),
        )
        if row.get(stage) is not None
    ]
    if not stages:
        return None
    listed = ", ".join(stages[:-1]) + (" y " if len(stages) > 1 else "") + stages[-1]
    rate = row.get("shown_to_applied")
    share = f" ({pct(rate)} de quienes las vieron)" if rate is not None else ""
    missing = "" if len(stages) == 3 else f" (las etapas con menos de {k} personas no se dicen)"
    return (
        f"De {number(row['shown'])} personas que vieron ofertas de empleo, {listed}{share}"
        f"{missing}."
    )


def feasibility_sentence(rows: Sequence[Row], k: int) -> str | None:
    total = next((r for r in rows if r.get("region") == "total" and shown(r)), None)
    if total is None:
        return None
    regions = [
        r
        for r in rows
        if r.get("region") not in ("total", UNKNOWN)
        and shown(r)
        and isinstance(r.get("share_without_feasible_job"), float)
    ]
    checked = number(total.get("profiles_checked"))
    share = total.get("share_without_feasible_job")
    if share is None:
        return (
            f"De los {checked} perfiles revisados, menos de {k} no tienen ninguna oferta de "
            "empleo factible según las reglas de emparejamiento."
        )
    sentence = (
        f"{pct(share)} de los {checked} perfiles revisados no tiene ninguna oferta "
        "de empleo factible según las reglas de emparejamiento."
    )
    if regions:
        worst = max(regions, key=lambda r: float(r["share_without_feasible_job"] or 0))
        sentence += (
            f" La proporción es mayor en {worst['region']} "
            f"({pct(worst['share_without_feasible_job'])})."
        )
    return sentence
