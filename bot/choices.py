"""The option tables of the profile questions: each value with the synonyms people type.

Synonyms are Spanish or Quechua, accents optional (answers are folded before matching,
see :func:`bot.parsing.parse_choice`). Word lists are written as
``"one | two words | three"`` strings to keep them compact; :func:`_alts` splits them.
"""

from __future__ import annotations

from collections.abc import Mapping


def _alts(text: str) -> tuple[str, ...]:
    """ "a | b c" -> ("a", "b c")."""
    return tuple(part.strip() for part in text.split("|"))


EDUCATION: Mapping[str, tuple[str, ...]] = {
    "ninguna": _alts(
        "ninguna | ninguno | no estudié | nunca estudié | sin estudios | nada | mana"
        " | mana yacharqanichu | no fui a la escuela | no fui al colegio | no sé leer"
    ),
    "primaria": _alts(
        "primaria | primaria completa | primaria incompleta | hasta 6to grado"
        " | hasta sexto grado | 6to grado | sexto grado | escuela"
    ),
    "secundaria": _alts(
        "secundaria | secundaria completa | secundaria incompleta | colegio"
        " | 5to de secundaria | quinto de secundaria | quinto año | 5to año"
    ),
    "tecnica": _alts(
        "técnica | técnico | técnico superior | carrera técnica | instituto | cetpro"
        " | senati | sencico | tecsup"
    ),
    "universitaria": _alts(
        "universidad | universitaria | universitario | bachiller | licenciado | licenciada"
        " | titulado | titulada | maestría | hatun yachay wasi"
    ),
}

GENDER: Mapping[str, tuple[str, ...]] = {
    "f": _alts("mujer | femenino | femenina | warmi | señora | señorita | dama | chica"),
    "m": _alts("hombre | varón | masculino | qhari | qari | caballero | señor | chico"),
    "x": _alts("otro | otra | no binario | no binarie | nobinario"),
}

SCHEDULE: Mapping[str, tuple[str, ...]] = {
    "manana": _alts(
        "mañana | mañanas | en la mañana | en las mañanas | por la mañana | temprano | tutamanta"
    ),
    "tarde": _alts(
        "tarde | tardes | en la tarde | en las tardes | por la tarde | sukha | ch'isi | chisi"
    ),
    "noche": _alts("noche | noches | en la noche | en las noches | por la noche | tuta"),
    "fines_de_semana": _alts(
        "fines de semana | fin de semana | sábado y domingo | sábados y domingos | sábado"
        " | sábados | domingo | domingos | weekend"
    ),
    "completo": _alts(
        "tiempo completo | todo el día | mañana y tarde | jornada completa | full time"
        " | lliw p'unchaw | tukuy p'unchaw | lliw punchaw | tukuy punchaw"
    ),
    "flexible": _alts(
        "flexible | horario flexible | cualquier hora | a cualquier hora | cualquier horario"
        " | cuando sea | me adapto | ima horapas | ima horallapas"
    ),
}

EQUIPMENT: Mapping[str, tuple[str, ...]] = {
    "ninguno": _alts(
        "nada | ninguno | ninguna | no tengo | celular simple | celular básico | sin internet"
        " | celular sin internet | solo llamadas | mana"
    ),
    "smartphone": _alts(
        "celular | smartphone | teléfono | celular con internet | android | iphone"
        " | solo celular | celu | móvil | whatsapp"
    ),
    "computadora": _alts(
        "computadora | laptop | pc | compu | computadora y celular | celular y computadora"
        " | laptop y celular | celular y laptop | celular y pc"
    ),
}

OCCUPATION_STATUS: Mapping[str, tuple[str, ...]] = {
    "dependiente": _alts(
        "trabajo para una empresa | trabajo en una empresa | empleado | empleada | obrero"
        " | obrera | asalariado | asalariada | con contrato | planilla | en planilla"
        " | dependiente"
    ),
    "independiente": _alts(
        "independiente | por mi cuenta | negocio propio | mi propio negocio | ambulante"
        " | vendo | emprendedor | emprendedora | mototaxi | mototaxista | comerciante"
        " | cachuelo | cachuelos | taxista | kikillaymanta llamk'ani"
    ),
    "trabajador_familiar": _alts(
        "negocio familiar | ayudo a mi familia | chacra de mi familia"
        " | trabajo con mi familia | ayudo a mis padres | familiar"
    ),
    "empleador": _alts(
        "tengo trabajadores | tengo empleados | empleador | empleadora | dueño | dueña | patrón"
    ),
    "desempleado": _alts(
        "sin trabajo | no tengo trabajo | desempleado | desempleada | no trabajo"
        " | busco trabajo | buscando trabajo | mana llamk'ayniyuq"
    ),
    "estudiante": _alts("estudiante | estudio | solo estudio | estoy estudiando"),
    "hogar": _alts("ama de casa | hogar | labores del hogar | cuido a mis hijos | wasipi"),
}

HEALTH_INSURANCE: Mapping[str, tuple[str, ...]] = {
    "essalud": _alts("essalud | es salud | seguro social"),
    "sis": _alts("sis | seguro integral | seguro integral de salud"),
    "privado": _alts(
        "privado | seguro privado | eps | seguro particular | rímac | pacífico | mapfre"
        " | la positiva | sanitas | oncosalud"
    ),
    "ninguno": _alts(
        "ninguno | no tengo | sin seguro | no cuento con seguro | nada | mana | mana kanchu"
    ),
}

LANGUAGE_NAMES: Mapping[str, tuple[str, ...]] = {
    "es": _alts(
        "castellano | español | castilla | kastilla simi | castilla simi | misti simi | spanish"
    ),
    "qu": _alts(
        "quechua | quichua | kechua | qechua | quechwa | keshwa | qheswa | qhichwa | kichwa"
        " | runasimi | runa simi | qheswa simi"
    ),
    "ay": _alts("aimara | aymara | aymara aru | jaqi aru"),
    "en": _alts("inglés | english"),
    "pt": _alts("portugués | português | brasileño"),
    "fr": _alts("francés"),
    "it": _alts("italiano"),
    "de": _alts("alemán"),
    "zh": _alts("chino | mandarín"),
    "ja": _alts("japonés"),
}
