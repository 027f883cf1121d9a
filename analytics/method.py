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
                "valores quedan vacíos y se marca «suprimido». En las filas que quedan, una "
                f"cifra de menos de {k} personas (por ejemplo, las informales de una región) se "
                "vacía junto con las tasas e intervalos calculados con ella; en la informalidad "
                "y la pobreza también cuando el resto del grupo (las formales, las no pobres) "
                f"es menor que {k}, porque una tasa del 95 % sobre 40 personas señala a dos "
                "tanto como el conteo.",
                "Supresión complementaria: cuando las filas de una tabla reparten un total "
                "publicado (las regiones, los idiomas o los grupos de edad de todas las "
                "personas; las regiones de los perfiles revisados; el embudo de cada tipo de "
                "oferta), restar lo visible del total daría lo oculto: las filas suprimidas "
                "juntas y, para cada cifra vaciada, la suma de las filas que la vacían. Si las "
                f"filas suprimidas suman menos de {k} personas, se suprime además la fila "
                "visible más pequeña; si las filas que vacían una cifra suman menos de "
                f"{k} personas con el atributo (o sin él), esa cifra se vacía también en la "
                "fila más pequeña que la muestra. Se repite hasta que nada pueda deducirse.",
                "El odds ratio entre informalidad y pobreza (tabla 2×2 y regresión logística) "
                f"no se publica cuando alguna de las cuatro celdas tiene menos de {k} "
                "personas: con los totales de la tabla permitiría calcular esa celda. El "
                "informe dice entonces por qué falta.",
                "Las series de opiniones de un producto con menos de "
                f"{k} personas distintas no se prueban, y un cambio sólo se informa si antes y "
                f"después de su semana de inicio opinaron al menos {k} personas. Las palabras "
                f"emergentes se muestran sólo si las usaron al menos {k} personas y nunca si "
                "contienen dígitos. La analítica no lee nombres ni teléfonos y no publica "
                "identificadores de personas; los informes guardados en la base de datos ya "
                "están suprimidos, y por eso no cambian cuando una persona pide borrar sus datos.",
                "Límites conocidos: las tablas de opiniones cuentan opiniones, no personas, "
                "dentro de un producto con al menos "
                f"{k} personas (un aspecto mencionado pocas veces se muestra); como una persona "
                "puede opinar sobre varios productos, sus filas no reparten un total de "
                "personas y no reciben supresión complementaria, así que la fila «*» menos los "
                "productos visibles da las opiniones de los productos suprimidos juntos. En el "
                "embudo sólo se protegen las etapas, no sus diferencias (quienes vieron pero no "
                "pidieron detalles). Los conteos de quienes no respondieron se muestran. Los "
                "totales del periodo (perfiles, opiniones) se publican siempre. Tablas de "
                "distintas dimensiones (región, idioma, edad…) no se cruzan entre sí, pero "
                "quien combine varias con información externa podría acotar grupos pequeños.",
            ],
        ),
    ]
