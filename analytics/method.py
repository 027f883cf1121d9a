"""The report's "Método y definiciones" section, as (title, paragraphs) in Spanish."""

from __future__ import annotations

from analytics.poverty_lines import PovertyLine
from analytics.shifts import ALPHA, MIN_EXPECTED, MIN_ROWS, MIN_WEEKS
from analytics.terms import MAX_ROWS, RECENT_WEEKS


def method_sections(line: PovertyLine, k: int) -> list[tuple[str, list[str]]]:
    return [
        (
            "Periodo y semanas",
            [
                "Se cuentan los registros creados entre la fecha inicial y la final, ambas "
                "incluidas, en hora de Lima (UTC−5). Las semanas van de lunes a domingo y se "
                "nombran por su lunes.",
            ],
        ),
        (
            "Informalidad",
            [
                "Población ocupada: personas dependientes, independientes, empleadoras o "
                "trabajadoras familiares no remuneradas. Quienes están desempleados, estudian "
                "o se dedican al hogar no entran en la tasa de informalidad.",
                "Es informal: la persona independiente o empleadora sin RUC; la persona "
                "dependiente sin pensión o sin EsSalud; toda persona trabajadora familiar no "
                "remunerada (así la define el INEI). Es formal quien tiene RUC, o, si es "
                "dependiente, pensión y EsSalud.",
                "Las tasas son proporciones de las personas que dieron las respuestas "
                "necesarias; el informe dice cuántas no las dieron.",
            ],
        ),
        (
            "Pobreza monetaria",
            [
                "Es pobre la persona cuyo ingreso mensual dividido entre los miembros de su "
                f"hogar está por debajo de la línea de pobreza: S/ {line.soles:g} por persona "
                f"al mes ({line.year}, promedio nacional; fuente: {line.source}). Se usa la "
                "línea del año de la fecha final, o la del último año disponible. Los perfiles "
                "no dicen si la persona vive en zona urbana o rural, por eso se usa la línea "
                "nacional y no las líneas urbana o rural. Las líneas están en "
                "analytics/poverty_lines.csv.",
                "Este es un indicador aproximado: el INEI mide el gasto del hogar en la ENAHO; "
                "aquí se usa el ingreso declarado en el perfil.",
            ],
        ),
        (
            "Intervalos y pruebas",
            [
                "Intervalos de confianza del 95 % de Wilson para todas las proporciones.",
                "Relación entre informalidad y pobreza: odds ratio simple de la tabla 2×2 "
                "(intervalo de Woolf) y regresión logística pobre ~ informal + grupo de edad + "
                "educación + idioma (modelo binomial con enlace logit, statsmodels, ajustado "
                "sobre las celdas que cuenta la base de datos; da los mismos estimadores que "
                "una regresión Logit persona por persona). Los controles se usan sólo cuando hay "
                "al menos 10 casos del resultado menos frecuente por coeficiente; los niveles "
                "con menos de 30 personas se agrupan en «otros».",
                "Cambios en las opiniones: para cada producto (y «*», todos juntos), aspecto y "
                "sentimiento (negativo y positivo) se compara la proporción de opiniones de la "
                "semana t en adelante con la de las semanas anteriores mediante una prueba z de "
                f"dos proporciones, para cada t con al menos {MIN_WEEKS} semanas con datos y "
                f"{MIN_ROWS} opiniones a cada lado (y al menos {MIN_EXPECTED:g} casos esperados "
                "a cada lado). Se elige la semana con el mayor |z| y su valor p se multiplica "
                "por el número de semanas probadas (Bonferroni). Entre todas las series se "
                "controla la tasa de falsos descubrimientos con Benjamini-Hochberg al "
                f"{100 * ALPHA:g} %. "
                "El efecto es la diferencia de proporciones (después − antes).",
                f"Términos emergentes: palabras cuya frecuencia subió más en las últimas "
                f"{RECENT_WEEKS} semanas frente a las anteriores, según el log-odds con prior "
                "de Dirichlet informativo (Monroe, Colaresi y Quinn, 2008). Se leen como "
                f"máximo {MAX_ROWS:_} opiniones por lado (muestra determinista).".replace("_", " "),
            ],
        ),
        (
            "Embudo y habilidades",
            [
                "Embudo: personas distintas que vieron una oferta, pidieron detalles, se "
                "interesaron y postularon en el periodo, por canal, región e idioma.",
                "Habilidades más pedidas: en las ofertas de empleo vigentes (sin vencer) y en "
                "las ofertas mostradas en el periodo; se listan los cursos vigentes que las "
                "enseñan. Perfiles sin oferta factible: una muestra de hasta 20 000 perfiles "
                "del periodo, con las reglas de factibilidad del emparejamiento.",
            ],
        ),
        (
            "Privacidad y supresión",
            [
                f"Toda fila que describe a un grupo de menos de {k} personas se suprime: sus "
                "valores quedan vacíos y se marca «suprimido». También se vacían las tasas "
                f"calculadas sobre menos de {k} personas. La analítica no lee nombres ni "
                "teléfonos y no publica identificadores de personas. Las palabras emergentes "
                f"se muestran sólo si las usaron al menos {k} personas y nunca si contienen "
                "dígitos.",
            ],
        ),
    ]
