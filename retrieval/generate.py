"""Synthetic job and course catalogs for Peru, from templates and a seeded generator.

This module is the single source of the shipped catalogs (``data/catalog/jobs.csv``,
``data/catalog/courses.csv``) and of benchmark-size catalogs. The templates are modelled on
how job notices read in Peru (newspaper boards, Facebook groups, municipal job boards,
"Se necesita..." posters) and on named public free training programmes (Impulsa Perú,
Jóvenes Productivos, CETPRO, Agro Rural, INIA, PROMPERÚ/MINCETUR, CITE). Employers, schools
and people are invented; URLs are placeholders on ``example.pe``.

The output is deterministic per seed. Generated benchmark files are never committed::

    python -m retrieval.generate jobs 50000 var/bench/jobs.csv --seed 7
    python -m retrieval.generate courses 5000 var/bench/courses.jsonl --seed 7

Columns follow CONTRACT.md ("Catalog files"): :data:`JOB_COLUMNS` and :data:`COURSE_COLUMNS`.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

TODAY = date(2026, 11, 21)
MINIMUM_WAGE = 1130  # soles a month for 48 hours a week, 2025
FULL_TIME_HOURS = 48

JOB_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "description",
    "employer",
    "skills",
    "region",
    "district",
    "remote",
    "hours_per_week",
    "schedule",
    "pay_min",
    "pay_max",
    "education_required",
    "equipment",
    "languages",
    "posted_at",
    "expires_at",
    "url",
)
COURSE_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "provider",
    "description",
    "skills",
    "modality",
    "region",
    "district",
    "duration_hours",
    "cost",
    "schedule",
    "education_required",
    "equipment",
    "languages",
    "starts_at",
    "expires_at",
    "url",
)
LIST_COLUMNS = frozenset({"skills", "languages"})
INT_COLUMNS = frozenset({"hours_per_week", "pay_min", "pay_max", "duration_hours", "cost"})
BOOL_COLUMNS = frozenset({"remote"})

SCHEDULES: tuple[str, ...] = ("manana", "tarde", "noche", "fines_de_semana", "completo", "flexible")
EDUCATION_LEVELS: tuple[str, ...] = (
    "ninguna",
    "primaria",
    "secundaria",
    "tecnica",
    "universitaria",
)
EQUIPMENT_LEVELS: tuple[str, ...] = ("ninguno", "smartphone", "computadora")
MODALITIES: tuple[str, ...] = ("virtual", "presencial", "mixto")

# The 25 departments with real districts (accents as the INEI writes them) and a weight for
# how many postings they get: large labour markets and the southern Andes weigh most.
DEPARTMENTS: dict[str, tuple[float, tuple[str, ...]]] = {
    "Amazonas": (1.2, ("Chachapoyas", "Bagua", "Bagua Grande", "Lámud")),
    "Áncash": (2.0, ("Huaraz", "Independencia", "Chimbote", "Nuevo Chimbote", "Caraz", "Casma")),
    "Apurímac": (2.0, ("Abancay", "Andahuaylas", "Talavera", "Chincheros", "Chalhuanca")),
    "Arequipa": (
        6.0,
        (
            "Cerro Colorado",
            "Paucarpata",
            "Cayma",
            "José Luis Bustamante y Rivero",
            "Mariano Melgar",
            "Camaná",
        ),
    ),
    "Ayacucho": (
        4.0,
        ("Ayacucho", "San Juan Bautista", "Carmen Alto", "Jesús Nazareno", "Huanta", "Puquio"),
    ),
    "Cajamarca": (2.0, ("Cajamarca", "Baños del Inca", "Jaén", "Chota", "Cutervo", "Celendín")),
    "Callao": (2.5, ("Callao", "Bellavista", "Ventanilla", "La Perla", "Mi Perú")),
    "Cusco": (
        6.5,
        ("Cusco", "Wanchaq", "San Sebastián", "San Jerónimo", "Urubamba", "Sicuani"),
    ),
    "Huancavelica": (1.5, ("Huancavelica", "Ascensión", "Lircay", "Pampas", "Acobamba")),
    "Huánuco": (1.8, ("Huánuco", "Amarilis", "Pillco Marca", "Rupa-Rupa", "Ambo")),
    "Ica": (2.2, ("Ica", "Parcona", "La Tinguiña", "Chincha Alta", "Pisco", "Nasca")),
    "Junín": (4.5, ("Huancayo", "El Tambo", "Chilca", "Tarma", "Satipo", "Chanchamayo")),
    "La Libertad": (
        4.5,
        ("Trujillo", "La Esperanza", "Víctor Larco Herrera", "El Porvenir", "Chepén", "Huamachuco"),
    ),
    "Lambayeque": (
        2.2,
        ("Chiclayo", "José Leonardo Ortiz", "La Victoria", "Lambayeque", "Ferreñafe", "Motupe"),
    ),
    "Lima": (
        14.0,
        (
            "San Juan de Lurigancho",
            "Villa El Salvador",
            "Comas",
            "Ate",
            "San Martín de Porres",
            "Los Olivos",
            "Villa María del Triunfo",
            "Lima",
            "Miraflores",
            "Huacho",
        ),
    ),
    "Loreto": (1.6, ("Iquitos", "Belén", "Punchana", "San Juan Bautista", "Yurimaguas", "Nauta")),
    "Madre de Dios": (1.0, ("Tambopata", "Inambari", "Laberinto", "Las Piedras")),
    "Moquegua": (1.0, ("Moquegua", "Samegua", "Ilo", "Torata")),
    "Pasco": (1.0, ("Chaupimarca", "Yanacancha", "Oxapampa", "Villa Rica")),
    "Piura": (
        4.0,
        ("Piura", "Castilla", "Veintiséis de Octubre", "Sullana", "Paita", "Chulucanas"),
    ),
    "Puno": (5.5, ("Puno", "Juliaca", "Ilave", "Azángaro", "Ayaviri", "Yunguyo")),
    "San Martín": (
        1.8,
        ("Tarapoto", "Morales", "La Banda de Shilcayo", "Moyobamba", "Juanjuí", "Rioja"),
    ),
    "Tacna": (
        1.4,
        ("Tacna", "Alto de la Alianza", "Ciudad Nueva", "Gregorio Albarracín Lanchipa", "Pocollay"),
    ),
    "Tumbes": (1.0, ("Tumbes", "Corrales", "Zarumilla", "Aguas Verdes", "Zorritos")),
    "Ucayali": (1.4, ("Callería", "Yarinacocha", "Manantay", "Padre Abad")),
}
REGIONS: tuple[str, ...] = tuple(DEPARTMENTS)

# Where Quechua is widely spoken, with the Quechua name used in "Llamk'ay Qusqupi" (work in Cusco).
QUECHUA_REGIONS: dict[str, str] = {
    "Cusco": "Qusqu",
    "Puno": "Punu",
    "Ayacucho": "Ayakuchu",
    "Apurímac": "Apurimaq",
    "Huancavelica": "Wankawillka",
    "Áncash": "Anqash",
    "Huánuco": "Wanuku",
}
QUECHUA_SENTENCES: tuple[str, ...] = (
    "Runasimi rimaq warmi/qhari maskhakun.",
    "Runasimi rimaq maskhakun.",
    "Llamk'ay {qu_place}pi.",
)

# Andean coffee/cacao valleys, coast agro-export, high puna: used by occupation templates.
CAFE_REGIONS = ("Junín", "Cusco", "San Martín", "Cajamarca", "Amazonas", "Puno", "Pasco", "Huánuco")
CACAO_REGIONS = (
    "San Martín",
    "Cusco",
    "Junín",
    "Ayacucho",
    "Ucayali",
    "Huánuco",
    "Piura",
    "Tumbes",
)
AGROEXPORT_REGIONS = ("Ica", "Lima", "La Libertad", "Piura", "Lambayeque", "Arequipa", "Áncash")
ANDEAN_REGIONS = (
    "Puno",
    "Cusco",
    "Junín",
    "Ayacucho",
    "Huancavelica",
    "Apurímac",
    "Huánuco",
    "Cajamarca",
    "Áncash",
    "Pasco",
    "Arequipa",
    "La Libertad",
)
PUNA_REGIONS = (
    "Puno",
    "Cusco",
    "Arequipa",
    "Huancavelica",
    "Ayacucho",
    "Apurímac",
    "Pasco",
    "Moquegua",
)
TOURISM_REGIONS = (
    "Cusco",
    "Puno",
    "Arequipa",
    "Lima",
    "Loreto",
    "Madre de Dios",
    "Amazonas",
    "Ica",
    "Áncash",
)
SELVA_REGIONS = ("Loreto", "Ucayali", "Madre de Dios", "San Martín", "Amazonas")

SCHEDULE_TEXTS: dict[str, tuple[str, ...]] = {
    "manana": (
        "turno mañana, de 7 a. m. a 1 p. m.",
        "de lunes a sábado en la mañana (8 a. m. a 2 p. m.)",
        "solo mañanas",
    ),
    "tarde": (
        "turno tarde, de 2 p. m. a 8 p. m.",
        "de lunes a sábado por la tarde",
        "solo tardes (1 p. m. a 7 p. m.)",
    ),
    "noche": (
        "turno noche, de 7 p. m. a 1 a. m.",
        "turno noche rotativo",
        "de noche (10 p. m. a 6 a. m.)",
    ),
    "fines_de_semana": (
        "sábados y domingos",
        "solo fines de semana y feriados",
        "fines de semana, de 8 a. m. a 4 p. m.",
    ),
    "completo": (
        "tiempo completo, de lunes a sábado",
        "jornada completa de 8 horas, un día de descanso a la semana",
        "de lunes a sábado de 8 a. m. a 5 p. m.",
    ),
    "flexible": (
        "horario flexible, tú eliges tus horas",
        "horario a coordinar",
        "horario libre, a tu ritmo",
    ),
}

# Invented trade names for employers and schools; combined with the patterns of each template.
NAMES: tuple[str, ...] = (
    "El Buen Sabor",
    "Los Andes",
    "Santa Rosa",
    "Nueva Esperanza",
    "Sol Naciente",
    "Mi Tierra",
    "Sumaq Mikhuy",
    "Wayra",
    "Killa",
    "Tawa Suyu",
    "Don Lucho",
    "Doña Rosita",
    "La Estrella del Sur",
    "San Pedro",
    "El Rosal",
    "Tres Cruces",
    "Amanecer",
    "El Progreso",
    "Los Pinos",
    "Valle Verde",
    "Altiplano",
    "Chaska",
    "Qori Inti",
    "Mamá Juanita",
    "El Paisa",
    "La Sazón de Elena",
    "Buena Vista",
    "Ruta Andina",
    "Puerta del Sol",
    "Las Palmeras",
    "Río Verde",
    "Cerro Azul",
    "Horizonte",
    "Unión y Fuerza",
    "Allin Kawsay",
    "Pachamama",
    "El Ceibo",
    "Kuntur",
    "Misky",
    "Ñawpa",
)
SURNAMES: tuple[str, ...] = (
    "Quispe",
    "Mamani",
    "Huamán",
    "Flores",
    "Condori",
    "Ccori",
    "Rojas",
    "Chávez",
    "Vargas",
    "Sánchez",
    "Ramos",
    "Gutiérrez",
    "Torres",
    "Cárdenas",
    "Apaza",
    "Paredes",
)
COMPANY_SUFFIXES: tuple[str, ...] = ("SAC", "EIRL", "SRL", "SAC", "EIRL")


@dataclass(frozen=True)
class Occupation:
    """One kind of job notice: wording variants and the facts that go with it."""

    key: str
    titles: tuple[str, ...]
    descriptions: tuple[str, ...]
    skills: tuple[str, ...]
    employers: tuple[str, ...]
    remote: bool = False
    schedules: tuple[str, ...] = ("completo",)
    pay: tuple[int, int] = (MINIMUM_WAGE, 1400)  # full-time (48 h) monthly range, soles
    education: tuple[str, ...] = ("ninguna", "primaria", "secundaria")
    equipment: tuple[str, ...] = ("ninguno",)
    languages: tuple[str, ...] = ("es",)  # one is drawn
    regions: tuple[str, ...] | None = None  # None: anywhere
    quechua: float = 0.0  # share done in qu;es when posted in a Quechua-speaking region
    quechua_only: float = 0.0  # share done in qu alone there
    weight: float = 1.0
    paired: bool = False  # title k goes with description and employer k (modulo their counts)


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|") if part.strip())


def _occ(
    key: str, titles: str, skills: str, employers: str, *descriptions: str, **facts: Any
) -> Occupation:
    return Occupation(key, _split(titles), descriptions, _split(skills), _split(employers), **facts)


# Placeholders in descriptions: {lugar}, {distrito}, {region}, {horario}, {horas}.
# Employer patterns: {n} trade name, {s} surname, {c} company suffix, {d} district.
OCCUPATIONS: tuple[Occupation, ...] = (
    # ---------------------------------------------------------------- remote
    _occ(
        "call_center",
        "Agente de call center|Teleoperador(a) de ventas desde casa|Asesor(a) telefónico remoto"
        "|Se necesita asesor(a) de call center",
        "atención telefónica|atención al cliente|ventas|computación básica|manejo de objeciones",
        "{n} Contact Center {c}|Telecomunicaciones {n} {c}|Centro de Contacto {n}",
        "Atenderás llamadas de clientes y ofrecerás planes de internet y telefonía desde tu casa. "
        "Horario: {horario}. Capacitación pagada la primera semana.",
        "Buscamos asesores para campaña de ventas por teléfono, {horas} horas semanales, "
        "{horario}. Te damos acceso al sistema; necesitas computadora con audífonos e internet "
        "estable.",
        "Call center en crecimiento convoca teleoperadores para atención y retención de clientes. "
        "Trabajo 100% remoto, {horario}. Bonos por cumplimiento de metas.",
        "¿Tienes buena voz y paciencia? Únete a nuestro equipo de atención telefónica remota. "
        "{horario}. No necesitas experiencia, te capacitamos.",
        remote=True,
        schedules=("manana", "tarde", "completo", "noche"),
        pay=(1130, 1600),
        education=("secundaria",),
        equipment=("computadora",),
        weight=1.5,
    ),
    _occ(
        "call_center_qu",
        "Asesor(a) bilingüe quechua-castellano para central telefónica"
        "|Operador(a) de línea de ayuda en quechua|Teleoperador(a) quechuahablante",
        "quechua|atención telefónica|atención al cliente|computación básica"
        "|orientación al ciudadano",
        "Centro de Contacto {n}|{n} Servicios Bilingües {c}|Línea Amiga {n}",
        "Central telefónica de orientación al ciudadano busca personas que hablen quechua y "
        "castellano para atender consultas sobre programas sociales. Trabajo desde casa, "
        "{horario}.",
        "Atenderás llamadas en quechua de personas de zonas rurales y registrarás sus consultas "
        "en el sistema. {horas} horas a la semana, {horario}. Runasimi rimaq maskhakun.",
        "Línea de ayuda en salud necesita operadores quechuahablantes. Capacitación virtual "
        "pagada; necesitas computadora e internet. {horario}.",
        remote=True,
        schedules=("manana", "tarde", "completo"),
        pay=(1300, 1800),
        education=("secundaria",),
        equipment=("computadora",),
        languages=("qu;es",),
    ),
    _occ(
        "ventas_whatsapp",
        "Vendedor(a) por WhatsApp|Asesor(a) de ventas por WhatsApp desde casa"
        "|Se busca vendedora por WhatsApp|Vendedor(a) de catálogo por WhatsApp",
        "ventas por WhatsApp|ventas|atención al cliente|redes sociales|toma de pedidos",
        "Distribuidora {n} {c}|Importaciones {n} {c}|Tienda Virtual {n}|Cosméticos {n}",
        "Vende nuestros productos de belleza por WhatsApp desde tu casa. Te damos catálogo "
        "digital y fotos; ganas comisión por cada venta. {horario}.",
        "Buscamos vendedoras con ganas de crecer: atenderás pedidos de clientes por WhatsApp "
        "y coordinarás entregas con el almacén. {horario}, {horas} horas semanales.",
        "Tienda de ropa y calzado necesita asesor(a) para responder mensajes y cerrar ventas por "
        "WhatsApp. Sueldo base más comisiones. {horario}.",
        "Trabaja desde tu celular: ofrece abarrotes y productos de limpieza a bodegas por "
        "WhatsApp. {horario}.",
        remote=True,
        schedules=("flexible", "manana", "tarde", "completo"),
        pay=(1130, 1700),
        education=("ninguna", "primaria", "secundaria"),
        equipment=("smartphone",),
        weight=1.5,
    ),
    _occ(
        "ventas_redes",
        "Vendedor(a) por redes sociales|Asesor(a) de ventas por Facebook e Instagram"
        "|Se necesita vendedor(a) online",
        "ventas por internet|redes sociales|ventas por WhatsApp|atención al cliente"
        "|diseño en Canva",
        "Tienda Online {n}|Emporio {n} {c}|Boutique {n}",
        "Publicarás nuestros productos en Facebook Marketplace e Instagram y responderás a los "
        "interesados. Trabajo remoto, {horario}. Pago fijo más comisión.",
        "Emprendimiento de artesanía busca persona para vender por redes sociales y TikTok. "
        "{horas} horas a la semana, {horario}.",
        "Necesitamos asesor(a) de ventas online para tienda de accesorios de celular: "
        "publicaciones diarias, respuestas a mensajes y seguimiento de pedidos. {horario}.",
        remote=True,
        schedules=("flexible", "tarde", "manana"),
        pay=(1130, 1600),
        education=("secundaria",),
        equipment=("smartphone",),
    ),
    _occ(
        "digitador",
        "Digitador(a) remoto|Digitador(a) de datos desde casa|Se necesita digitador(a)"
        "|Auxiliar de digitación (remoto)",
        "digitación|Excel básico|computación básica|orden y precisión|Word",
        "Servicios Administrativos {n} {c}|Consultora {n} {c}|Data {n} {c}",
        "Digitarás fichas de encuestas y formularios en Excel desde tu casa. {horas} horas "
        "semanales, {horario}. Se pide rapidez y cuidado con los datos.",
        "Empresa de estudios de mercado busca digitadores para ingresar datos a plataforma web. "
        "Trabajo remoto, {horario}. Pago quincenal.",
        "Se requiere digitador(a) para pasar registros de ventas y facturas a hojas de cálculo. "
        "{horario}. Necesitas computadora propia e internet.",
        remote=True,
        schedules=("flexible", "manana", "tarde", "completo"),
        pay=(1130, 1450),
        education=("secundaria",),
        equipment=("computadora",),
        weight=1.3,
    ),
    _occ(
        "asistente_virtual",
        "Asistente virtual|Asistente administrativo(a) remoto|Asistente virtual para emprendedora",
        "gestión de agenda|correo electrónico|Excel básico|atención al cliente|Google Drive",
        "{n} Consultores {c}|Estudio {s} & Asociados|Agencia {n}",
        "Apoyarás a una pequeña empresa con su agenda, correos y seguimiento de clientes. "
        "Trabajo 100% remoto, {horario}.",
        "Buscamos asistente virtual para ordenar documentos en Google Drive, responder correos "
        "y agendar reuniones. {horas} horas a la semana, {horario}.",
        "Emprendedora necesita asistente virtual para coordinar pedidos, proveedores y redes. "
        "{horario}. Pago mensual puntual.",
        remote=True,
        schedules=("manana", "tarde", "flexible", "completo"),
        pay=(1200, 1800),
        education=("secundaria", "tecnica"),
        equipment=("computadora",),
    ),
    _occ(
        "moderacion",
        "Moderador(a) de contenido en español|Analista de moderación de contenido (remoto)"
        "|Revisor(a) de publicaciones en redes",
        "moderación de contenido|computación básica|redacción|ortografía|atención al detalle",
        "{n} Digital Services {c}|Plataformas {n} {c}",
        "Revisarás publicaciones y comentarios en español según las normas de la plataforma. "
        "Trabajo remoto, {horario}. Apoyo psicológico y pausas activas.",
        "Buscamos moderadores de contenido con buena ortografía. {horas} horas semanales, "
        "{horario}. Capacitación virtual de dos semanas.",
        "Empresa de servicios digitales contrata revisores de anuncios y publicaciones. "
        "{horario}; necesitas computadora e internet de al menos 20 Mbps.",
        remote=True,
        schedules=("manana", "tarde", "noche", "completo"),
        pay=(1300, 1900),
        education=("secundaria",),
        equipment=("computadora",),
    ),
    _occ(
        "tutor_online",
        "Tutor(a) escolar en línea|Profesor(a) de refuerzo escolar virtual"
        "|Tutor(a) de matemática para primaria (online)",
        "enseñanza virtual|videollamadas|matemática básica|comprensión lectora|paciencia con niños",
        "Academia {n}|Centro de Refuerzo {n}|Aula Virtual {n}",
        "Darás clases de refuerzo por videollamada a niños de primaria en matemática y "
        "comunicación. {horario}, {horas} horas a la semana.",
        "Academia virtual busca tutores para acompañar tareas escolares por Zoom o Meet. "
        "{horario}. Pago por hora dictada.",
        "Se necesita tutor(a) para clases en línea de lectura y matemática a grupos pequeños. "
        "{horario}.",
        remote=True,
        schedules=("tarde", "flexible", "fines_de_semana"),
        pay=(1300, 2200),
        education=("secundaria", "tecnica", "universitaria"),
        equipment=("computadora",),
    ),
    _occ(
        "transcripcion_qu",
        "Transcriptor(a) quechua-castellano|Transcripción de audios en quechua (remoto)"
        "|Se busca transcriptor(a) de quechua",
        "transcripción de audio|lectura y escritura en quechua|quechua|digitación"
        "|traducción quechua-castellano",
        "Estudio de Lenguas {n}|Investigaciones {n} {c}|Proyecto Rimay {n}",
        "Escucharás entrevistas grabadas en quechua y las escribirás, con su traducción al "
        "castellano. Trabajo desde casa, {horario}. Pago por hora de audio.",
        "Proyecto de investigación necesita transcriptores de quechua sureño (Cusco-Collao o "
        "Chanka). {horas} horas semanales, {horario}. Runasimi rimaq maskhakun.",
        "Transcribe audios de radio y testimonios en quechua. {horario}; necesitas computadora "
        "y audífonos.",
        remote=True,
        schedules=("flexible", "manana", "tarde"),
        pay=(1300, 2000),
        education=("secundaria", "tecnica"),
        equipment=("computadora",),
        languages=("qu;es",),
    ),
    _occ(
        "traduccion_qu",
        "Traductor(a) castellano-quechua|Traductor(a) de materiales de salud al quechua"
        "|Revisor(a) de textos en quechua",
        "traducción quechua-castellano|lectura y escritura en quechua|quechua|redacción",
        "Ediciones {n} {c}|ONG {n}|Asociación {n}",
        "Traducirás afiches, cartillas y mensajes de salud del castellano al quechua. "
        "Trabajo remoto por encargo, {horario}.",
        "Editorial educativa busca traductor(a) al quechua para cuentos infantiles y guías "
        "para docentes. {horas} horas a la semana, {horario}.",
        "ONG requiere revisor(a) de textos en quechua con buena escritura según el alfabeto "
        "oficial. {horario}.",
        remote=True,
        schedules=("flexible", "manana", "tarde"),
        pay=(1500, 2500),
        education=("secundaria", "tecnica", "universitaria"),
        equipment=("computadora",),
        languages=("qu;es",),
    ),
    _occ(
        "profesor_quechua",
        "Profesor(a) de quechua en línea|Docente de quechua virtual"
        "|Se busca profesor(a) de runasimi para clases online",
        "quechua|enseñanza virtual|videollamadas|lectura y escritura en quechua",
        "Instituto de Idiomas {n}|Runasimi Wasi {n}|Academia {n}",
        "Darás clases de quechua básico por videollamada a estudiantes y profesionales. "
        "{horario}, {horas} horas a la semana.",
        "Instituto de idiomas busca docente quechuahablante para cursos virtuales de nivel "
        "inicial. Te damos el material; {horario}.",
        "Clases de conversación en quechua para grupos pequeños por Zoom. {horario}. "
        "Runasimi rimaq maskhakun.",
        remote=True,
        schedules=("tarde", "noche", "fines_de_semana", "flexible"),
        pay=(1400, 2400),
        education=("secundaria", "tecnica", "universitaria"),
        equipment=("smartphone", "computadora"),
        languages=("qu;es",),
    ),
    _occ(
        "chat_soporte",
        "Atención al cliente por chat|Agente de soporte por chat (remoto)"
        "|Asesor(a) de atención por WhatsApp y chat web",
        "atención al cliente|atención por chat|redacción|computación básica|ventas por WhatsApp",
        "{n} Soluciones {c}|Tienda Virtual {n}|Servicios Digitales {n} {c}",
        "Responderás consultas de clientes por chat web y WhatsApp sobre pedidos y entregas. "
        "Trabajo remoto, {horario}.",
        "Buscamos agentes de chat con buena redacción para una tienda en línea. {horas} horas "
        "semanales, {horario}. Capacitación pagada.",
        "Atiende por chat reclamos y seguimientos de pedidos desde casa. {horario}.",
        remote=True,
        schedules=("manana", "tarde", "noche", "completo"),
        pay=(1130, 1600),
        education=("secundaria",),
        equipment=("computadora", "smartphone"),
    ),
    _occ(
        "asistente_contable",
        "Asistente contable remoto|Auxiliar de contabilidad (trabajo desde casa)"
        "|Se necesita asistente contable",
        "contabilidad básica|facturación electrónica|Excel básico|registro de compras y ventas",
        "Estudio Contable {s} {c}|Contadores {n} {c}|Asesoría Tributaria {n}",
        "Estudio contable busca asistente para registrar compras y ventas de pequeños negocios "
        "y emitir comprobantes electrónicos. Remoto, {horario}.",
        "Apoyarás en declaraciones mensuales, libros electrónicos y conciliaciones en Excel. "
        "{horas} horas a la semana, {horario}.",
        "Se necesita auxiliar contable con manejo de facturación electrónica y Excel. "
        "{horario}; trabajo desde casa.",
        remote=True,
        schedules=("manana", "tarde", "completo"),
        pay=(1300, 2000),
        education=("secundaria", "tecnica"),
        equipment=("computadora",),
    ),
    _occ(
        "encuestador",
        "Encuestador(a) telefónico|Encuestador(a) por celular (remoto)"
        "|Se buscan encuestadores para estudio de opinión",
        "encuestas|atención telefónica|digitación|computación básica",
        "Estudios de Opinión {n} {c}|Consultora {n} {c}|Investigación de Mercados {n}",
        "Llamarás a personas de una lista y registrarás sus respuestas en una encuesta en el "
        "celular. Trabajo desde casa, {horario}. Pago por encuesta completa.",
        "Estudio de mercado busca encuestadores remotos para campaña de dos meses. {horas} "
        "horas semanales, {horario}.",
        "Encuestas de satisfacción por teléfono y WhatsApp. {horario}; solo necesitas celular "
        "con datos.",
        remote=True,
        schedules=("flexible", "tarde", "manana"),
        pay=(1130, 1400),
        education=("secundaria",),
        equipment=("smartphone",),
        languages=("es", "es", "es", "qu;es"),
    ),
    _occ(
        "community_manager",
        "Community manager|Community manager para restaurante|Encargado(a) de redes sociales",
        "redes sociales|diseño en Canva|redacción|ventas por internet|fotografía con celular",
        "Agencia {n}|{n} Marketing {c}|Restaurante {n}",
        "Manejarás las redes sociales de negocios locales: publicaciones, historias y "
        "respuestas. Remoto, {horario}.",
        "Buscamos community manager para crear contenido en Facebook, Instagram y TikTok con "
        "Canva. {horas} horas a la semana, {horario}.",
        "Necesitamos persona creativa para planificar publicaciones y medir resultados. "
        "{horario}; trabajo desde casa.",
        remote=True,
        schedules=("flexible", "manana", "tarde"),
        pay=(1200, 2000),
        education=("secundaria", "tecnica"),
        equipment=("computadora", "smartphone"),
    ),
    _occ(
        "cobranza",
        "Gestor(a) de cobranza telefónica|Asesor(a) de cobranzas remoto"
        "|Se necesita gestor(a) de cobranza",
        "atención telefónica|negociación|Excel básico|atención al cliente",
        "Recuperaciones {n} {c}|Gestión de Cartera {n} {c}",
        "Llamarás a clientes con pagos pendientes y acordarás fechas de pago. Trabajo desde "
        "casa, {horario}. Bonos por recuperación.",
        "Empresa de cobranzas busca gestores telefónicos con buen trato. {horas} horas "
        "semanales, {horario}.",
        "Gestión de cobranza de créditos pequeños por teléfono y WhatsApp. {horario}.",
        remote=True,
        schedules=("manana", "tarde", "completo"),
        pay=(1130, 1600),
        education=("secundaria",),
        equipment=("computadora",),
    ),
    _occ(
        "etiquetado_datos",
        "Etiquetador(a) de datos (remoto)|Evaluador(a) de resultados de búsqueda"
        "|Anotador(a) de textos y audios en español",
        "etiquetado de datos|computación básica|redacción|atención al detalle|ortografía",
        "{n} Data Labs {c}|Plataformas {n} {c}",
        "Clasificarás textos, imágenes y audios en español siguiendo una guía. Trabajo remoto, "
        "{horario}. Pago por tarea.",
        "Buscamos anotadores para evaluar respuestas de buscadores y asistentes. {horas} horas "
        "a la semana, {horario}.",
        "Proyecto de datos necesita personas que escuchen audios y corrijan transcripciones en "
        "español. {horario}.",
        remote=True,
        schedules=("flexible", "manana", "tarde"),
        pay=(1200, 1900),
        education=("secundaria",),
        equipment=("computadora",),
    ),
    _occ(
        "diseno_canva",
        "Diseñador(a) de piezas para redes (Canva)|Asistente de diseño gráfico remoto"
        "|Se busca diseñador(a) para catálogo digital",
        "diseño en Canva|redes sociales|fotografía con celular|creatividad",
        "Agencia {n}|Imprenta {n} {c}|Estudio Creativo {n}",
        "Diseñarás afiches, catálogos y publicaciones para redes con Canva. Remoto, {horario}.",
        "Imprenta busca asistente de diseño para preparar tarjetas, volantes y menús. {horas} "
        "horas semanales, {horario}.",
        "Crea contenido visual para emprendimientos de comida y moda. {horario}.",
        remote=True,
        schedules=("flexible", "tarde"),
        pay=(1200, 1800),
        education=("secundaria", "tecnica"),
        equipment=("computadora", "smartphone"),
    ),
    _occ(
        "agendador_citas",
        "Agendador(a) de citas por teléfono|Recepcionista virtual para clínica"
        "|Asistente de citas por WhatsApp",
        "atención telefónica|gestión de agenda|atención al cliente|ventas por WhatsApp",
        "Clínica {n}|Policlínico {n} {c}|Centro Odontológico {n}",
        "Programarás citas de pacientes por teléfono y WhatsApp y enviarás recordatorios. "
        "Trabajo desde casa, {horario}.",
        "Clínica busca recepcionista virtual para confirmar citas y responder consultas. "
        "{horas} horas a la semana, {horario}.",
        "Atención de pacientes por WhatsApp: citas, precios y horarios. {horario}.",
        remote=True,
        schedules=("manana", "tarde", "completo"),
        pay=(1130, 1500),
        education=("secundaria",),
        equipment=("smartphone", "computadora"),
    ),
    _occ(
        "pedidos_whatsapp",
        "Operador(a) de pedidos por WhatsApp|Toma de pedidos para delivery (remoto)"
        "|Se necesita persona para pedidos por WhatsApp",
        "toma de pedidos|ventas por WhatsApp|atención al cliente|manejo de caja",
        "Pollería {n}|Pizzería {n}|Chifa {n}|Sanguchería {n}",
        "Recibirás pedidos de delivery por WhatsApp, confirmarás pagos por Yape o Plin y "
        "coordinarás con los motorizados. Desde casa, {horario}.",
        "Restaurante busca operador(a) de pedidos online. {horas} horas semanales, {horario}.",
        "Atiende pedidos por WhatsApp y redes para nuestra cadena de pollerías. {horario}.",
        remote=True,
        schedules=("tarde", "noche", "fines_de_semana"),
        pay=(1130, 1350),
        education=("primaria", "secundaria"),
        equipment=("smartphone",),
    ),
    _occ(
        "soporte_tecnico",
        "Soporte técnico remoto nivel 1|Asesor(a) de soporte de internet (remoto)"
        "|Mesa de ayuda desde casa",
        "soporte técnico|atención telefónica|computación básica|atención al cliente",
        "{n} Telecom {c}|Soluciones Informáticas {n} {c}",
        "Guiarás por teléfono a clientes para resolver problemas de internet y routers. "
        "Remoto, {horario}. Capacitación pagada.",
        "Mesa de ayuda busca agentes de soporte nivel 1 para atender tickets y llamadas. "
        "{horas} horas semanales, {horario}.",
        "Atiende consultas técnicas básicas de computadoras y celulares. {horario}.",
        remote=True,
        schedules=("manana", "tarde", "noche", "completo"),
        pay=(1300, 1900),
        education=("secundaria", "tecnica"),
        equipment=("computadora",),
    ),
    _occ(
        "redactor",
        "Redactor(a) de contenidos (remoto)|Redactor(a) de fichas de productos"
        "|Se busca redactor(a) para blog",
        "redacción|ortografía|computación básica|redes sociales",
        "Agencia {n}|Editorial {n} {c}|Tienda Online {n}",
        "Escribirás descripciones de productos y notas cortas para tiendas en línea. Trabajo "
        "remoto, {horario}. Pago por artículo.",
        "Agencia de contenidos busca redactores con buena ortografía. {horas} horas a la "
        "semana, {horario}.",
        "Redacción de publicaciones para redes y boletines de una ONG. {horario}.",
        remote=True,
        schedules=("flexible", "manana", "tarde"),
        pay=(1200, 1900),
        education=("secundaria", "tecnica", "universitaria"),
        equipment=("computadora",),
    ),
    _occ(
        "reclutador",
        "Asistente de reclutamiento (remoto)|Reclutador(a) de personal operativo"
        "|Se necesita asistente de selección de personal",
        "reclutamiento de personal|entrevistas por videollamada|Excel básico|redes sociales"
        "|atención telefónica",
        "Recursos Humanos {n} {c}|Consultora {n} {c}|Services {n} {c}",
        "Publicarás avisos, filtrarás postulantes y agendarás entrevistas por videollamada. "
        "Remoto, {horario}.",
        "Consultora de personal busca asistente para reclutamiento masivo de operarios. "
        "{horas} horas semanales, {horario}.",
        "Llamarás a postulantes y coordinarás sus entrevistas. {horario}; trabajo desde casa.",
        remote=True,
        schedules=("manana", "tarde", "completo"),
        pay=(1200, 1800),
        education=("secundaria", "tecnica"),
        equipment=("computadora",),
    ),
    _occ(
        "monitor_cursos",
        "Monitor(a) de aula virtual|Asistente de cursos en línea"
        "|Se busca tutor(a) de plataforma virtual",
        "enseñanza virtual|atención por chat|computación básica|videollamadas|Excel básico",
        "Instituto {n}|Centro de Capacitación {n} {c}|Academia {n}",
        "Acompañarás a estudiantes de cursos virtuales: responderás dudas en el foro y por "
        "WhatsApp y revisarás tareas. {horario}.",
        "Instituto busca monitor(a) de aula virtual para cursos técnicos. {horas} horas a la "
        "semana, {horario}.",
        "Seguimiento a alumnos que se atrasan y apoyo en clases por Zoom. {horario}.",
        remote=True,
        schedules=("tarde", "noche", "flexible"),
        pay=(1200, 1700),
        education=("secundaria", "tecnica"),
        equipment=("computadora",),
        languages=("es", "es", "qu;es"),
    ),
    # ---------------------------------------------------------------- on site: food
    _occ(
        "cocinero",
        "Cocinero(a)|Cocinero(a) para restaurante de menú|Cocinero(a) para picantería"
        "|Maestro(a) cevichero(a)",
        "cocina|cocina criolla|manipulación de alimentos|limpieza|trabajo en equipo",
        "Restaurante {n}|Restaurante {n}|Picantería {n}|Cevichería {n}",
        "Restaurante en {distrito} busca cocinero(a) con experiencia en comida criolla y menú "
        "del día. {horario}. Incluye almuerzo.",
        "Prepararás entradas, segundos y sopas para 80 menús diarios. Trabajo en {lugar}, "
        "{horario}.",
        "Picantería familiar necesita cocinero(a) responsable y limpio(a). {horario}. "
        "Pago semanal.",
        "Se requiere maestro(a) de cocina para cevichería en {distrito}. {horario}. "
        "Buen ambiente de trabajo.",
        paired=True,
        schedules=("completo", "manana", "fines_de_semana"),
        pay=(1300, 2000),
        quechua=0.3,
        weight=1.3,
    ),
    _occ(
        "ayudante_cocina",
        "Ayudante de cocina|Se necesita ayudante de cocina|Ayudante de cocina para chifa"
        "|Auxiliar de cocina para pollería",
        "cocina|manipulación de alimentos|limpieza|lavado de vajilla|trabajo en equipo",
        "Pollería {n}|Restaurante {n}|Chifa {n}|Pollería {n}",
        "Pollería en {distrito} busca ayudante de cocina para picar verduras, preparar "
        "ensaladas y mantener la cocina limpia. {horario}.",
        "Se necesita auxiliar de cocina, no es necesaria experiencia, te enseñamos. Trabajo en "
        "{lugar}, {horario}. Incluye alimentación.",
        "Chifa requiere ayudante para apoyo en cocina y lavado de vajilla. {horario}. "
        "Pago quincenal.",
        paired=True,
        schedules=("completo", "tarde", "noche", "fines_de_semana"),
        pay=(1130, 1350),
        quechua=0.3,
        weight=1.4,
    ),
    _occ(
        "mozo",
        "Mozo / moza|Mozo(a) para recreo campestre|Mesero(a) para restaurante turístico"
        "|Mozo(a) para cevichería",
        "atención de mesas|atención al cliente|manejo de caja|limpieza",
        "Restaurante {n}|Recreo Campestre {n}|Restaurante {n}|Cevichería {n}",
        "Restaurante en {distrito} necesita mozos para atención de mesas. {horario}. "
        "Propinas y alimentación.",
        "Recreo campestre busca mozas y mozos para atender a familias. {horario}. "
        "Pago por día más propina.",
        "Buscamos mesero(a) amable y rápido(a) para restaurante turístico en {lugar}. {horario}.",
        paired=True,
        schedules=("completo", "tarde", "noche", "fines_de_semana"),
        pay=(1130, 1400),
        quechua=0.2,
        weight=1.2,
    ),
    _occ(
        "puesto_comida",
        "Ayudante para puesto de menú|Ayudante de anticuchería|Se necesita ayudante para juguería"
        "|Despachador(a) para puesto de comida en mercado",
        "cocina|atención al cliente|manejo de caja|manipulación de alimentos|limpieza",
        "Menú {n}|Anticuchos {n}|Juguería {n}|Puesto de Comida {n}",
        "Puesto de menú en el mercado de {distrito} busca ayudante para servir, cobrar y "
        "lavar. {horario}.",
        "Anticuchería necesita ayudante para atender y apoyar en la parrilla. {horario}, "
        "en {lugar}.",
        "Juguería busca despachadora con rapidez y buen trato. {horario}. Pago semanal.",
        paired=True,
        schedules=("manana", "tarde", "noche", "fines_de_semana"),
        pay=(1130, 1250),
        quechua=0.35,
        quechua_only=0.05,
        weight=1.2,
    ),
    _occ(
        "panadero",
        "Ayudante de panadería|Maestro(a) panadero(a)|Se necesita ayudante de pastelería"
        "|Panadero(a)",
        "panadería|repostería|manipulación de alimentos|limpieza|manejo de horno",
        "Panadería {n}|Panificadora {n} {c}|Pastelería {n}|Panadería {n}",
        "Panadería en {distrito} busca ayudante para elaboración de pan francés y tolete. "
        "{horario}. Buen trato.",
        "Se requiere maestro(a) panadero(a) con experiencia en pan de yema y chapla. {horario}.",
        "Pastelería busca ayudante para tortas y postres. Trabajo en {lugar}, {horario}.",
        paired=True,
        schedules=("manana", "noche", "completo"),
        pay=(1130, 1600),
        quechua=0.25,
    ),
    # ---------------------------------------------------------------- commerce and services
    _occ(
        "puesto_mercado",
        "Se necesita ayudante para venta de abarrotes|Vendedor(a) de frutas en mercado"
        "|Ayudante de puesto en mercado|Ayudante de puesto de verduras",
        "ventas|atención al cliente|manejo de caja|carga y descarga|orden",
        "Abarrotes {n}|Frutería {n}|Puesto {n}|Verdulería {n}",
        "Puesto de abarrotes en el mercado de {distrito} necesita ayudante para atender y "
        "ordenar mercadería. {horario}.",
        "Buscamos ayudante para venta de frutas y verduras, con rapidez para cobrar. "
        "{horario}, en {lugar}.",
        "Se necesita joven para cargar sacos y atender en puesto del mercado. {horario}. "
        "Pago diario.",
        "Puesto de verduras en el mercado de {distrito} busca ayudante para lavar, ordenar y "
        "vender. {horario}. Pago semanal.",
        paired=True,
        schedules=("manana", "completo", "fines_de_semana"),
        pay=(1130, 1250),
        quechua=0.4,
        quechua_only=0.1,
        weight=1.2,
    ),
    _occ(
        "vendedor_tienda",
        "Se necesita vendedora para tienda de ropa|Cajero(a) de minimarket"
        "|Despachador(a) de ferretería|Despachador(a) de bodega|Vendedor(a) de tienda",
        "ventas|atención al cliente|manejo de caja|inventarios|orden",
        "Boutique {n}|Minimarket {n}|Ferretería {n}|Bodega {n}|Tienda {n}",
        "Tienda en {distrito} busca vendedora con buen trato y manejo de caja. {horario}.",
        "Minimarket necesita cajero(a) y reponedor(a). Trabajo en {lugar}, {horario}. "
        "Planilla desde el primer mes.",
        "Ferretería busca despachador(a) para atención al público y orden de almacén. {horario}.",
        "Bodega de barrio busca despachador(a) honrado(a) con manejo de Yape y caja. "
        "{horario}, en {lugar}.",
        paired=True,
        schedules=("completo", "manana", "tarde"),
        pay=(1130, 1400),
        education=("primaria", "secundaria"),
        quechua=0.3,
        weight=1.3,
    ),
    _occ(
        "grifero",
        "Grifero(a)|Despachador(a) de combustible|Se necesita grifero con experiencia",
        "despacho de combustible|manejo de caja|atención al cliente|seguridad",
        "Grifo {n}|Estación de Servicios {n} {c}",
        "Estación de servicios en {distrito} busca despachadores de combustible. {horario}. "
        "Planilla, uniforme y capacitación.",
        "Se necesita grifero(a) responsable con manejo de caja. {horario}, en {lugar}.",
        "Grifo busca personal para despacho y cobro con POS. {horario}.",
        schedules=("completo", "noche", "manana", "tarde"),
        pay=(1130, 1350),
        education=("secundaria",),
        quechua=0.2,
    ),
    _occ(
        "peluqueria",
        "Estilista|Barbero|Se necesita manicurista|Peluquero(a) con experiencia",
        "corte de cabello|peluquería|manicure|atención al cliente|limpieza",
        "Salón {n}|Barbería {n}|Spa {n}|Salón {n}",
        "Salón de belleza en {distrito} busca estilista para cortes, tintes y peinados. "
        "{horario}. Pago por porcentaje.",
        "Barbería necesita barbero con experiencia en cortes modernos. {horario}.",
        "Se necesita manicurista para atención en salón de {lugar}. {horario}.",
        paired=True,
        schedules=("completo", "tarde", "fines_de_semana"),
        pay=(1130, 1800),
        quechua=0.15,
    ),
    # ---------------------------------------------------------------- care and cleaning
    _occ(
        "limpieza",
        "Personal de limpieza para oficinas|Se necesita señora para limpieza"
        "|Auxiliar de limpieza en centro comercial|Operario(a) de limpieza",
        "limpieza|orden|manejo de productos de limpieza|trabajo en equipo",
        "Servicios Generales {n} {c}|Limpieza Total {n} {c}|{n} Facility {c}"
        "|Servicios Generales {n} {c}",
        "Empresa de servicios busca operarios de limpieza para oficinas en {distrito}. "
        "{horario}. Planilla y uniforme.",
        "Se necesita señora para limpieza de local comercial en {lugar}. {horario}.",
        "Auxiliares de limpieza para centro comercial, {horario}. No se requiere experiencia.",
        paired=True,
        schedules=("manana", "tarde", "noche", "completo"),
        pay=(1130, 1250),
        education=("ninguna", "primaria"),
        quechua=0.3,
        weight=1.4,
    ),
    _occ(
        "trabajadora_hogar",
        "Trabajadora del hogar|Se necesita señora para cocinar y limpiar"
        "|Trabajadora del hogar cama afuera|Empleada del hogar",
        "limpieza|cocina|lavado y planchado|cuidado de niños",
        "Familia {s}|Familia {s}|Hogar en {d}",
        "Familia en {distrito} busca trabajadora del hogar cama afuera para limpieza, cocina y "
        "lavado. {horario}. Con beneficios de ley.",
        "Se necesita señora responsable para limpieza de casa y preparar almuerzo. {horario}.",
        "Trabajadora del hogar para casa en {lugar}: limpieza, lavado y planchado. {horario}.",
        schedules=("completo", "manana", "flexible"),
        pay=(1130, 1400),
        education=("ninguna", "primaria"),
        quechua=0.4,
        quechua_only=0.1,
        weight=1.2,
    ),
    _occ(
        "ninera",
        "Niñera|Nana para bebé|Auxiliar de cuna jardín|Se necesita niñera con referencias",
        "cuidado de niños|primeros auxilios|cocina|paciencia con niños",
        "Familia {s}|Familia {s}|Cuna Jardín {n}|Familia {s}",
        "Familia busca niñera cariñosa para cuidar a dos niños de 3 y 6 años en {distrito}. "
        "{horario}.",
        "Se necesita cuidadora con experiencia para bebé de 10 meses. {horario}. Referencias "
        "comprobables.",
        "Cuna jardín busca auxiliar para cuidado de niños pequeños en {lugar}. {horario}.",
        paired=True,
        schedules=("manana", "tarde", "completo"),
        pay=(1130, 1500),
        education=("primaria", "secundaria"),
        quechua=0.35,
    ),
    _occ(
        "cuidado_adulto_mayor",
        "Se necesita cuidadora para señora mayor|Técnico(a) de cuidado geriátrico"
        "|Acompañante de adulto mayor|Cuidador(a) de adulto mayor",
        "cuidado de adultos mayores|primeros auxilios|cocina|limpieza|paciencia",
        "Familia {s}|Casa de Reposo {n}|Familia {s}|Familia {s}",
        "Familia en {distrito} busca cuidadora para señora de 82 años: acompañamiento, "
        "alimentación y medicinas. {horario}.",
        "Casa de reposo necesita cuidadores para turno rotativo. {horario}, en {lugar}.",
        "Se necesita acompañante para adulto mayor con movilidad reducida. {horario}. "
        "Se valora curso de primeros auxilios.",
        paired=True,
        schedules=("completo", "noche", "manana", "fines_de_semana"),
        pay=(1130, 1600),
        education=("primaria", "secundaria"),
        quechua=0.4,
        quechua_only=0.05,
    ),
    _occ(
        "camarera_hotel",
        "Camarera de hotel|Personal de housekeeping|Recepcionista y limpieza de hospedaje"
        "|Camarera de habitaciones",
        "limpieza de habitaciones|limpieza|lavado y planchado|atención al turista",
        "Hotel {n}|Hostal {n}|Hospedaje {n}|Hotel {n}",
        "Hotel en {distrito} busca camareras para limpieza de habitaciones y lavandería. "
        "{horario}. Alimentación incluida.",
        "Hostal turístico necesita personal de housekeeping para temporada alta. {horario}.",
        "Se necesita persona para limpieza y apoyo en recepción de hospedaje en {lugar}. "
        "{horario}.",
        paired=True,
        schedules=("completo", "manana", "tarde"),
        pay=(1130, 1350),
        quechua=0.35,
        regions=(*TOURISM_REGIONS, "Tacna", "Piura", "Tumbes", "Junín", "San Martín", "Ayacucho"),
    ),
    # ---------------------------------------------------------------- construction and trades
    _occ(
        "albanil",
        "Ayudante de albañil|Peón de construcción|Oficial albañil|Se necesita albañil con "
        "experiencia",
        "albañilería|encofrado|carga y descarga|seguridad en obra|trabajo en equipo",
        "Constructora {n} {c}|Inversiones {n} {c}|Maestro de obra {s}",
        "Obra en {distrito} necesita ayudantes de albañil para vaciado de techo y tarrajeo. "
        "{horario}. Pago semanal.",
        "Constructora busca peones y oficiales para edificio de vivienda. {horario}, en "
        "{lugar}. EPP completo.",
        "Se necesita oficial albañil para levantar muros y acabados. {horario}.",
        schedules=("completo",),
        pay=(1300, 2200),
        education=("ninguna", "primaria"),
        quechua=0.45,
        quechua_only=0.1,
        weight=1.4,
    ),
    _occ(
        "pintor",
        "Pintor(a) de obra|Ayudante de pintura|Se necesita pintor para departamentos",
        "pintura|acabados de construcción|limpieza|seguridad en obra",
        "Acabados {n} {c}|Constructora {n} {c}|Contratista {s}",
        "Se busca pintor con experiencia en empaste y pintura de interiores en {distrito}. "
        "{horario}.",
        "Ayudante de pintura para obra de departamentos. {horario}, en {lugar}. Pago semanal.",
        "Empresa de acabados necesita pintores para trabajo de tres meses. {horario}.",
        schedules=("completo", "fines_de_semana"),
        pay=(1200, 2000),
        education=("ninguna", "primaria"),
        quechua=0.3,
    ),
    _occ(
        "ayudante_electricista",
        "Ayudante de electricista|Técnico(a) electricista domiciliario|Se necesita ayudante "
        "eléctrico",
        "electricidad domiciliaria|herramientas|seguridad en obra|lectura de planos",
        "Electro {n} {c}|Instalaciones {n} {c}|Contratista {s}",
        "Empresa de instalaciones busca ayudante de electricista para cableado de viviendas en "
        "{distrito}. {horario}.",
        "Se necesita técnico electricista para mantenimiento de locales comerciales. "
        "{horario}, en {lugar}.",
        "Ayudante eléctrico para obra. Se valora curso técnico. {horario}.",
        schedules=("completo",),
        pay=(1300, 2000),
        education=("primaria", "secundaria", "tecnica"),
        quechua=0.2,
    ),
    _occ(
        "ayudante_gasfitero",
        "Ayudante de gasfitero|Gasfitero(a)|Se necesita gasfitero para mantenimiento",
        "gasfitería|instalaciones sanitarias|herramientas|atención al cliente",
        "Servicios Sanitarios {n} {c}|Gasfitería {n}|Mantenimiento {n} {c}",
        "Se necesita ayudante de gasfitero para instalaciones de agua y desagüe en {distrito}. "
        "{horario}.",
        "Empresa de mantenimiento busca gasfitero para atención a domicilio. {horario}, en "
        "{lugar}.",
        "Gasfitero con experiencia en termas y griferías. {horario}. Pago por servicio.",
        schedules=("completo", "flexible"),
        pay=(1300, 2000),
        education=("primaria", "secundaria"),
        quechua=0.2,
    ),
    _occ(
        "ayudante_mecanico",
        "Ayudante de mecánico de motos|Se necesita mecánico de mototaxis"
        "|Lavador y ayudante de taller|Ayudante de mecánica",
        "mecánica de motos|mecánica automotriz|herramientas|limpieza",
        "Taller {n}|Mecánica {s}|Taller Automotriz {n}|Taller {n}",
        "Taller en {distrito} busca ayudante de mecánica para mantenimiento de motos y "
        "mototaxis. {horario}.",
        "Se necesita mecánico con experiencia en motores de mototaxi. {horario}, en {lugar}.",
        "Ayudante para taller automotriz: cambio de aceite, frenos y lavado. {horario}. "
        "Te enseñamos.",
        paired=True,
        schedules=("completo", "manana"),
        pay=(1130, 1700),
        education=("primaria", "secundaria"),
        quechua=0.3,
    ),
    # ---------------------------------------------------------------- transport and logistics
    _occ(
        "mototaxista",
        "Conductor de mototaxi|Se necesita mototaxista|Chofer de mototaxi con brevete",
        "manejo de mototaxi|licencia de conducir|atención al cliente|conocimiento de la zona",
        "Asociación de Mototaxis {n}|Empresa de Transportes {n}",
        "Asociación de mototaxis en {distrito} busca conductor con licencia BIIc. {horario}. "
        "Pago diario por cuenta.",
        "Se alquila mototaxi a conductor responsable con experiencia. {horario}, en {lugar}.",
        "Se necesita mototaxista con brevete vigente. {horario}.",
        schedules=("manana", "tarde", "noche", "completo"),
        pay=(1130, 1600),
        education=("primaria", "secundaria"),
        quechua=0.35,
        quechua_only=0.05,
        regions=(
            "Lima",
            "Piura",
            "Lambayeque",
            "La Libertad",
            "Loreto",
            "Ucayali",
            "San Martín",
            "Puno",
            "Junín",
            "Tumbes",
            "Madre de Dios",
            "Ica",
            "Ayacucho",
            "Cusco",
            "Huánuco",
            "Amazonas",
            "Cajamarca",
            "Áncash",
            "Callao",
        ),
    ),
    _occ(
        "repartidor",
        "Motorizado para delivery|Se necesita repartidor en moto|Repartidor(a) en bicicleta"
        "|Repartidor motorizado",
        "reparto a domicilio|licencia de conducir|atención al cliente|uso de GPS",
        "Pollería {n}|Courier {n} {c}|Delivery {n}|Pollería {n}",
        "Pollería en {distrito} busca motorizados para delivery. {horario}. Pago por pedido "
        "más base.",
        "Empresa de courier necesita repartidores con moto propia y licencia. {horario}, en "
        "{lugar}.",
        "Repartidor(a) en bicicleta para entregas en la zona. {horario}. Uso de celular con GPS.",
        paired=True,
        schedules=("tarde", "noche", "completo", "fines_de_semana"),
        pay=(1130, 1800),
        education=("primaria", "secundaria"),
        equipment=("smartphone",),
        quechua=0.15,
        weight=1.2,
    ),
    _occ(
        "almacen",
        "Ayudante de almacén|Operario(a) de almacén|Estibador|Se necesita auxiliar de almacén",
        "manejo de almacén|carga y descarga|inventarios|orden|trabajo en equipo",
        "Distribuidora {n} {c}|Logística {n} {c}|Comercial {n} {c}",
        "Distribuidora en {distrito} busca ayudantes de almacén para carga, descarga y "
        "despacho. {horario}. Planilla.",
        "Operarios de almacén para conteo de inventarios y picking. {horario}, en {lugar}.",
        "Se necesita estibador para mercado mayorista. {horario}. Pago diario.",
        schedules=("completo", "noche", "manana"),
        pay=(1130, 1450),
        quechua=0.3,
        weight=1.2,
    ),
    _occ(
        "vigilante",
        "Vigilante para condominio|Guardián de obra|Se necesita vigilante con SUCAMEC"
        "|Agente de seguridad",
        "vigilancia|seguridad|primeros auxilios|atención al cliente",
        "Condominio {n}|Constructora {n} {c}|Seguridad {n} {c}|Corporación de Vigilancia {n} {c}",
        "Empresa de seguridad busca agentes para condominio en {distrito}. {horario}. "
        "Planilla, uniforme y seguro.",
        "Se necesita guardián para obra, con referencias. {horario}, en {lugar}.",
        "Vigilante para local comercial; se valora carné SUCAMEC. {horario}.",
        paired=True,
        schedules=("completo", "noche"),
        pay=(1130, 1500),
        education=("secundaria",),
        quechua=0.25,
        weight=1.1,
    ),
    _occ(
        "operario_planta",
        "Operaria de empaque|Operario(a) de planta de conservas"
        "|Se necesita personal para planta procesadora",
        "empaque|control de calidad|manipulación de alimentos|trabajo en equipo|limpieza",
        "Agroindustrias {n} {c}|Conservas {n} {c}|Procesadora {n} {c}",
        "Planta en {distrito} busca operarios para selección y empaque de productos. "
        "{horario}. Movilidad y planilla.",
        "Se necesita personal para línea de procesamiento de pescado y conservas. {horario}, "
        "en {lugar}.",
        "Operarias de empaque para campaña de exportación. {horario}. No se requiere experiencia.",
        paired=True,
        schedules=("completo", "noche"),
        pay=(1130, 1500),
        regions=(*AGROEXPORT_REGIONS, "Callao", "Moquegua", "Tacna", "Tumbes"),
    ),
    # ---------------------------------------------------------------- textiles and crafts
    _occ(
        "costurera",
        "Costurera|Operario(a) de máquina de coser recta|Se necesita remalladora"
        "|Operaria textil para taller de confección",
        "costura|máquina de coser industrial|confección|control de calidad",
        "Textiles {n} {c}|Confecciones {n} {c}|Taller {s}",
        "Taller de confección en {distrito} busca costureras con experiencia en máquina recta y "
        "remalladora. {horario}. Pago por destajo o fijo.",
        "Se necesita operaria textil para confección de polos y buzos. {horario}, en {lugar}.",
        "Empresa textil contrata operarios para campaña escolar. {horario}.",
        schedules=("completo", "manana", "tarde"),
        pay=(1130, 1700),
        quechua=0.3,
        weight=1.2,
    ),
    _occ(
        "tejedora_alpaca",
        "Tejedora de prendas de alpaca|Artesana tejedora a palillo|Tejedor(a) a telar"
        "|Se necesitan tejedoras",
        "tejido a palillo|tejido a telar|fibra de alpaca|control de calidad|crochet",
        "Textiles Andinos {n} {c}|Asociación de Artesanas {n}|Alpaca {n} {c}"
        "|Textiles Andinos {n} {c}",
        "Empresa exportadora busca tejedoras a palillo para chompas de alpaca; puedes tejer "
        "desde tu casa en {distrito} y entregar cada semana. {horario}.",
        "Asociación de artesanas necesita tejedoras con experiencia en crochet y palillo. "
        "Pago por prenda. {horario}.",
        "Se necesitan tejedores a telar para mantas y chalinas de fibra de alpaca. {horario}, "
        "en {lugar}.",
        paired=True,
        schedules=("flexible", "completo", "manana"),
        pay=(1130, 1500),
        regions=(*PUNA_REGIONS, "Junín", "Lima"),
        quechua=0.5,
        quechua_only=0.15,
        weight=1.2,
    ),
    _occ(
        "artesano",
        "Artesano(a) ceramista|Ayudante de taller de retablos|Pintor(a) de cerámica artesanal"
        "|Se necesita artesano(a) para taller de cerámica",
        "cerámica|artesanía|pintura decorativa|ventas|control de calidad",
        "Taller Artesanal {n}|Taller {s}|Artesanías {n} {c}|Taller Artesanal {n}",
        "Taller de cerámica en {distrito} busca artesanos para modelado y pintado de piezas. "
        "{horario}.",
        "Se necesita ayudante para taller de retablos ayacuchanos: preparado de pasta, "
        "pintado y acabado. {horario}.",
        "Taller artesanal para exportación necesita pintores de cerámica. {horario}, en "
        "{lugar}. Pago por pieza.",
        paired=True,
        schedules=("completo", "flexible", "manana"),
        pay=(1130, 1600),
        regions=("Ayacucho", "Cusco", "Puno", "Lima", "Piura", "Junín", "Cajamarca", "Arequipa"),
        quechua=0.45,
        quechua_only=0.1,
    ),
    # ---------------------------------------------------------------- farming and livestock
    _occ(
        "peon_papa_quinua",
        "Peón agrícola para cosecha de papa|Se necesitan cosechadores de quinua"
        "|Jornalero(a) agrícola|Ayudante de chacra",
        "cultivo de papa|cultivo de quinua|cosecha|riego|trabajo en campo",
        "Fundo {n}|Asociación de Productores {n}|Agropecuaria {n} {c}",
        "Se necesitan peones para cosecha de papa en {distrito}. {horario}. Pago por jornal "
        "y almuerzo.",
        "Asociación de productores busca jornaleros para siega y trilla de quinua. {horario}, "
        "en {lugar}.",
        "Ayudante de chacra para siembra, aporque y riego. {horario}. Pago semanal.",
        schedules=("completo", "manana"),
        pay=(1130, 1500),
        education=("ninguna", "primaria"),
        regions=ANDEAN_REGIONS,
        quechua=0.6,
        quechua_only=0.2,
        weight=1.3,
    ),
    _occ(
        "cosecha_cafe_cacao",
        "Cosechador(a) de café|Se necesita personal para cosecha de cacao|Seleccionador(a) de café"
        "|Peón para finca cafetalera",
        "cosecha de café|cosecha de cacao|poscosecha de café|trabajo en campo",
        "Finca {n}|Cooperativa Agraria {n}|Cooperativa Agraria {n}|Finca {n}",
        "Finca cafetalera en {distrito} necesita cosechadores para la campaña. {horario}. "
        "Alojamiento y comida.",
        "Cooperativa busca personal para cosecha y fermentado de cacao. {horario}, en {lugar}.",
        "Seleccionadoras de café pergamino para planta de acopio. {horario}. Pago por lata o "
        "jornal.",
        paired=True,
        schedules=("completo", "manana"),
        pay=(1130, 1500),
        education=("ninguna", "primaria"),
        regions=tuple(dict.fromkeys(CAFE_REGIONS + CACAO_REGIONS)),
        quechua=0.3,
        quechua_only=0.05,
        weight=1.2,
    ),
    _occ(
        "cosecha_agroexportacion",
        "Cosechador(a) de uva|Personal para cosecha de palta|Operario(a) agrícola de campo"
        "|Se necesitan cosechadores de arándano",
        "cosecha de uva|cosecha de palta|trabajo en campo|empaque|control de calidad",
        "Fundo {n}|Agrícola {n} {c}|Agroexportadora {n} {c}|Agroexportadora {n} {c}",
        "Fundo en {distrito} busca cosechadores de uva para la campaña. {horario}. Movilidad "
        "desde el paradero y planilla.",
        "Se necesita personal para cosecha y selección de palta Hass. {horario}, en {lugar}.",
        "Agroexportadora contrata operarios de campo para poda y cosecha. {horario}. "
        "Pago semanal con bono por productividad.",
        "Agroexportadora busca cosechadores de arándano, con o sin experiencia. {horario}. "
        "Movilidad y planilla.",
        paired=True,
        schedules=("completo", "manana"),
        pay=(1200, 1700),
        education=("ninguna", "primaria", "secundaria"),
        regions=(*AGROEXPORT_REGIONS, "Moquegua", "Tacna", "Junín"),
        weight=1.3,
    ),
    _occ(
        "pastor_alpacas",
        "Pastor(a) de alpacas|Ayudante de esquila de alpacas|Se necesita encargado de "
        "cabaña alpaquera",
        "crianza de alpacas|esquila|sanidad animal|fibra de alpaca",
        "Comunidad Campesina {n}|Cabaña {n}|Asociación de Alpaqueros {n}",
        "Cabaña alpaquera en {distrito} busca pastor(a) para cuidado del rebaño y pastoreo. "
        "{horario}. Alojamiento incluido.",
        "Se necesita ayudante para campaña de esquila y clasificación de fibra. {horario}, en "
        "{lugar}.",
        "Asociación de alpaqueros busca encargado de dosificación y sanidad del ganado. {horario}.",
        schedules=("completo",),
        pay=(1130, 1400),
        education=("ninguna", "primaria"),
        regions=PUNA_REGIONS,
        quechua=0.7,
        quechua_only=0.3,
    ),
    _occ(
        "crianza_cuyes",
        "Ayudante de granja de cuyes|Encargado(a) de galpón de cuyes|Se necesita personal "
        "para crianza de animales menores",
        "crianza de cuyes|sanidad animal|limpieza|cultivo de forraje",
        "Granja {n}|Cuyes {n} {c}|Asociación de Criadores {n}",
        "Granja de cuyes en {distrito} busca ayudante para alimentación, limpieza de pozas y "
        "cosecha de alfalfa. {horario}.",
        "Se necesita encargado(a) de galpón con experiencia en sanidad de cuyes. {horario}, "
        "en {lugar}.",
        "Personal para granja de animales menores (cuyes y gallinas). {horario}.",
        schedules=("completo", "manana"),
        pay=(1130, 1350),
        education=("ninguna", "primaria"),
        regions=(*ANDEAN_REGIONS, "Lima", "Moquegua"),
        quechua=0.55,
        quechua_only=0.15,
    ),
    # ---------------------------------------------------------------- tourism
    _occ(
        "guia_turismo",
        "Guía de turismo|Guía local para tours|Orientador(a) turístico(a) bilingüe",
        "guiado turístico|atención al turista|inglés básico|historia local|primeros auxilios",
        "Agencia de Viajes {n} {c}|Tours {n} {c}|Operador Turístico {n}",
        "Agencia en {distrito} busca guías para city tour y excursiones. {horario}. "
        "Pago por servicio más propinas.",
        "Se necesita guía local con inglés básico para grupos pequeños. {horario}, en {lugar}.",
        "Operador turístico busca orientadores para temporada alta. {horario}.",
        schedules=("completo", "fines_de_semana", "flexible"),
        pay=(1300, 2500),
        education=("secundaria", "tecnica"),
        languages=("es;en", "es"),
        regions=TOURISM_REGIONS,
        quechua=0.3,
    ),
    _occ(
        "porteador",
        "Porteador para trekking|Cocinero(a) de expediciones|Arriero para rutas de trekking",
        "carga de equipaje|trabajo en altura|cocina|atención al turista",
        "Trekking {n} {c}|Expediciones {n} {c}|Aventura {n}",
        "Agencia de trekking busca porteadores para rutas de 4 días desde {distrito}. "
        "{horario}. Alimentación y equipo.",
        "Se necesita cocinero(a) de campamento para expediciones. {horario}.",
        "Arrieros con mulas para rutas de montaña. Pago por salida. {horario}, en {lugar}.",
        schedules=("completo", "fines_de_semana"),
        pay=(1200, 1800),
        education=("ninguna", "primaria"),
        regions=("Cusco", "Áncash", "Arequipa", "Apurímac", "Puno"),
        quechua=0.7,
        quechua_only=0.2,
    ),
    # ---------------------------------------------------------------- public and community work
    _occ(
        "promotor_salud",
        "Promotor(a) de salud comunitaria bilingüe|Agente comunitario(a) de salud"
        "|Promotor(a) de salud quechuahablante",
        "promoción de la salud|quechua|primeros auxilios|visitas domiciliarias|registro de datos",
        "ONG {n}|Asociación {n}|Red de Salud {n}",
        "Visitarás familias en comunidades de {distrito} para orientar sobre anemia y "
        "vacunas, en quechua y castellano. {horario}.",
        "ONG busca promotoras de salud quechuahablantes para proyecto de nutrición infantil. "
        "{horario}, en {lugar}.",
        "Agente comunitario de salud para seguimiento de gestantes. {horario}. Runasimi rimaq "
        "warmi/qhari maskhakun.",
        schedules=("completo", "manana", "tarde"),
        pay=(1200, 1800),
        education=("secundaria", "tecnica"),
        languages=("qu;es",),
        regions=tuple(QUECHUA_REGIONS),
        quechua=1.0,
    ),
    _occ(
        "auxiliar_eib",
        "Auxiliar de educación bilingüe (quechua)|Asistente de aula intercultural bilingüe"
        "|Promotor(a) de PRONOEI quechuahablante",
        "educación intercultural bilingüe|quechua|apoyo en aula|cuidado de niños"
        "|lectura y escritura en quechua",
        "Institución Educativa {n}|Asociación Educativa {n}|ONG {n}",
        "Apoyarás a la docente en el aula de inicial en quechua y castellano en {distrito}. "
        "{horario}.",
        "Se necesita promotora para programa no escolarizado de inicial en comunidad de "
        "{lugar}. {horario}.",
        "Asistente de aula que lea y escriba en quechua para escuela rural. {horario}.",
        schedules=("manana", "completo"),
        pay=(1130, 1500),
        education=("secundaria", "tecnica"),
        languages=("qu;es",),
        regions=tuple(QUECHUA_REGIONS),
        quechua=1.0,
    ),
    _occ(
        "extensionista_agrario",
        "Extensionista agrario(a) bilingüe|Técnico(a) agropecuario para comunidades"
        "|Yachachiq agropecuario",
        "asistencia técnica agrícola|quechua|crianza de cuyes|cultivo de papa|riego",
        "Proyecto {n}|Cooperativa {n}|ONG {n}",
        "Darás asistencia técnica en cultivos y crianzas a familias de {distrito}, en quechua. "
        "{horario}. Movilidad para visitas.",
        "Proyecto productivo busca yachachiq con experiencia en pastos, riego y cuyes. "
        "{horario}, en {lugar}.",
        "Técnico(a) agropecuario quechuahablante para capacitar a productores. {horario}.",
        schedules=("completo",),
        pay=(1400, 2200),
        education=("secundaria", "tecnica"),
        languages=("qu;es",),
        regions=tuple(QUECHUA_REGIONS),
        quechua=1.0,
    ),
    _occ(
        "pesca_selva",
        "Ayudante de piscigranja|Ayudante en vivero de plantas amazónicas"
        "|Se necesita personal para piscigranja de paiche",
        "piscicultura|trabajo en campo|limpieza|alimentación de peces",
        "Piscigranja {n}|Vivero {n}|Agroforestal {n} {c}",
        "Piscigranja en {distrito} busca ayudante para alimentación de peces y limpieza de "
        "pozas. {horario}.",
        "Vivero necesita ayudante para llenado de bolsas y riego de plantones. {horario}, en "
        "{lugar}.",
        "Personal para crianza de paiche y gamitana. {horario}. Pago quincenal.",
        schedules=("completo", "manana"),
        pay=(1130, 1400),
        education=("ninguna", "primaria"),
        regions=(*SELVA_REGIONS, "Huánuco", "Junín", "Cusco"),
    ),
)


@dataclass(frozen=True)
class CourseTemplate:
    """One kind of free (or cheap) course, in the style of a named public programme."""

    key: str
    titles: tuple[str, ...]
    descriptions: tuple[str, ...]
    skills: tuple[str, ...]
    providers: tuple[str, ...]
    modalities: tuple[str, ...] = ("virtual",)
    durations: tuple[int, ...] = (20, 30, 40)
    free: float = 0.85  # share with cost 0
    schedules: tuple[str, ...] = ("flexible",)
    education: tuple[str, ...] = ("ninguna", "primaria", "secundaria")
    equipment: tuple[str, ...] = ("smartphone",)  # for virtual and mixto courses
    languages: tuple[str, ...] = ("es",)
    regions: tuple[str, ...] | None = None
    quechua: float = 0.0  # share taught in qu;es when held in a Quechua-speaking region
    weight: float = 1.0


def _course(
    key: str, titles: str, skills: str, providers: str, *descriptions: str, **facts: Any
) -> CourseTemplate:
    return CourseTemplate(
        key, _split(titles), descriptions, _split(skills), _split(providers), **facts
    )


IMPULSA = "Programa Impulsa Perú (MTPE)"
JOVENES = "Jóvenes Productivos (MTPE)"
CETPRO = "CETPRO Municipal de {d}|CETPRO {n}"
AGRO_RURAL = "Agro Rural (MIDAGRI)"
INIA = "INIA – Estación Experimental Agraria"
DIGITAL = "Academia Digital {n}|Conecta Empleo Digital|Centro de Empleo (MTPE)"

# Placeholders in descriptions: {lugar}, {horas}, {horario}.
# Provider patterns: {n} trade name, {d} district, {r} region (never used for virtual courses).
COURSE_TEMPLATES: tuple[CourseTemplate, ...] = (
    _course(
        "excel_basico",
        "Excel básico para el trabajo|Curso gratuito de Excel desde cero|Excel para emprendedores",
        "Excel básico|computación básica|digitación",
        f"{IMPULSA}|{DIGITAL}|Instituto Técnico {{n}}",
        "Aprende a hacer tablas, fórmulas y listas de precios en Excel. Curso de {horas} horas "
        "{lugar}.",
        "Curso práctico de Excel para registrar ventas, inventarios y asistencia. {horas} horas, "
        "{lugar}, {horario}.",
        modalities=("virtual", "virtual", "virtual", "presencial"),
        durations=(20, 24, 30, 40),
        education=("primaria", "secundaria"),
        equipment=("computadora",),
        weight=1.3,
    ),
    _course(
        "whatsapp_business",
        "Vende más con WhatsApp Business|Ventas por WhatsApp y redes sociales"
        "|Taller de ventas por WhatsApp para tu negocio",
        "ventas por WhatsApp|redes sociales|atención al cliente|ventas",
        f"{DIGITAL}|{JOVENES}|Taller Municipal de {{d}}",
        "Configura tu catálogo en WhatsApp Business, responde rápido y cierra ventas. Curso de "
        "{horas} horas {lugar}.",
        "Aprende a usar estados, etiquetas y listas de difusión para vender desde tu celular. "
        "{lugar}, {horario}.",
        modalities=("virtual", "virtual", "mixto"),
        durations=(8, 12, 16, 20),
        weight=1.3,
    ),
    _course(
        "ventas_online",
        "Marketing digital para emprendedores|Vende por internet: Facebook, Instagram y TikTok"
        "|Ventas por internet desde cero",
        "ventas por internet|redes sociales|diseño en Canva|fotografía con celular",
        f"{DIGITAL}|{JOVENES}|{IMPULSA}",
        "Crea publicaciones atractivas, fotografía tus productos con el celular y vende por "
        "redes sociales. {horas} horas {lugar}.",
        "Curso práctico de ventas online y publicidad básica en redes. {lugar}, {horario}.",
        durations=(16, 24, 30, 40),
        education=("primaria", "secundaria"),
    ),
    _course(
        "canva",
        "Diseño de publicaciones con Canva|Canva para tu negocio",
        "diseño en Canva|redes sociales|creatividad",
        DIGITAL,
        "Diseña afiches, menús y publicaciones desde el celular con Canva. {horas} horas {lugar}.",
        "Aprende diseño básico para redes sociales con plantillas gratuitas. {lugar}, {horario}.",
        durations=(8, 12, 16),
    ),
    _course(
        "computacion_basica",
        "Computación básica e internet|Alfabetización digital para adultos"
        "|Ofimática: Word, Excel y correo electrónico",
        "computación básica|correo electrónico|Word|Excel básico|Google Drive",
        f"{CETPRO}|{DIGITAL}|Taller Municipal de {{d}}",
        "Aprende a usar la computadora, el correo electrónico y Word desde cero. {horas} horas "
        "{lugar}.",
        "Curso para adultos que quieren usar internet para trabajar y hacer trámites. {lugar}, "
        "{horario}.",
        modalities=("presencial", "virtual", "virtual", "mixto"),
        durations=(20, 30, 40, 60),
        equipment=("computadora",),
        quechua=0.25,
    ),
    _course(
        "digitacion",
        "Digitación y mecanografía en computadora|Digitador(a) de datos: curso práctico",
        "digitación|computación básica|Excel básico|orden y precisión",
        f"{IMPULSA}|{DIGITAL}",
        "Mejora tu velocidad y precisión al digitar y aprende a ingresar datos en formularios. "
        "{horas} horas {lugar}.",
        "Curso para trabajar como digitador(a) remoto. {lugar}, {horario}.",
        durations=(12, 20, 30),
        equipment=("computadora",),
    ),
    _course(
        "trabajo_remoto",
        "Herramientas digitales para el trabajo remoto|Trabaja desde casa: herramientas digitales",
        "videollamadas|Google Drive|correo electrónico|computación básica|gestión de agenda",
        f"{DIGITAL}|{IMPULSA}",
        "Aprende a usar videollamadas, documentos compartidos y calendario para trabajar desde "
        "casa. {horas} horas {lugar}.",
        "Curso gratuito para conseguir y mantener un trabajo remoto. {lugar}, {horario}.",
        durations=(8, 12, 20),
        equipment=("computadora", "smartphone"),
    ),
    _course(
        "call_center",
        "Operador(a) de call center|Atención telefónica y ventas por teléfono"
        "|Certificación en atención al cliente en contact center",
        "atención telefónica|atención al cliente|ventas|manejo de objeciones",
        f"{IMPULSA}|{JOVENES}|Instituto {{n}}",
        "Prepárate para trabajar en un call center: guiones, manejo de objeciones y sistema de "
        "atención. {horas} horas {lugar}.",
        "Certificación gratuita en atención telefónica con bolsa de trabajo. {lugar}, {horario}.",
        modalities=("virtual", "virtual", "mixto"),
        durations=(40, 60, 80),
        schedules=("manana", "tarde", "noche"),
        education=("secundaria",),
        equipment=("computadora",),
    ),
    _course(
        "atencion_cliente",
        "Atención al cliente y ventas|Buenas prácticas de atención al cliente"
        "|Certificación en atención al público",
        "atención al cliente|ventas|manejo de caja|atención por chat",
        f"{IMPULSA}|{JOVENES}|{CETPRO}",
        "Aprende a atender con amabilidad, resolver reclamos y cerrar ventas. {horas} horas "
        "{lugar}.",
        "Curso para trabajar en tiendas, restaurantes y atención por chat. {lugar}, {horario}.",
        modalities=("virtual", "virtual", "virtual", "presencial", "mixto"),
        durations=(20, 30, 40),
        quechua=0.2,
        weight=1.2,
    ),
    _course(
        "manipulacion_alimentos",
        "Manipulación de alimentos|Curso de manipulación higiénica de alimentos (con "
        "certificado)|Higiene y manipulación de alimentos para comerciantes",
        "manipulación de alimentos|limpieza|cocina",
        f"Taller Municipal de {{d}}|{CETPRO}|Centro de Salud de {{d}}",
        "Obtén tu certificado de manipulador de alimentos, requisito para trabajar en "
        "restaurantes y mercados. {horas} horas {lugar}.",
        "Aprende higiene, conservación y prevención de contaminación de alimentos. {lugar}, "
        "{horario}.",
        modalities=("presencial", "virtual", "virtual", "presencial"),
        durations=(8, 10, 12, 16),
        free=0.7,
        schedules=("manana", "tarde", "fines_de_semana"),
        quechua=0.3,
        weight=1.3,
    ),
    _course(
        "cocina",
        "Cocina peruana básica|Ayudante de cocina: curso técnico|Cocina para negocios de menú",
        "cocina|cocina criolla|manipulación de alimentos|trabajo en equipo",
        f"{CETPRO}|{JOVENES}|Instituto Gastronómico {{n}}",
        "Aprende a preparar platos criollos, sopas y entradas para trabajar en restaurantes. "
        "{horas} horas {lugar}.",
        "Módulo de cocina con prácticas en taller. {lugar}, {horario}. Incluye insumos.",
        modalities=("presencial",),
        durations=(60, 90, 120, 200),
        free=0.6,
        schedules=("manana", "tarde", "noche"),
        quechua=0.2,
    ),
    _course(
        "reposteria",
        "Repostería y panadería|Panadería básica para emprender|Repostería: tortas y postres",
        "repostería|panadería|manipulación de alimentos|manejo de horno",
        f"{CETPRO}|Taller Municipal de {{d}}|{JOVENES}",
        "Prepara panes, tortas y postres para vender. {horas} horas {lugar}.",
        "Taller práctico de panadería y repostería con costos para tu emprendimiento. {lugar}, "
        "{horario}.",
        modalities=("presencial", "virtual"),
        durations=(24, 40, 60, 90),
        free=0.6,
        schedules=("manana", "tarde", "fines_de_semana"),
        quechua=0.25,
    ),
    _course(
        "barista",
        "Barista: café peruano de especialidad|Curso de barismo",
        "barismo|atención al cliente|manejo de caja|poscosecha de café",
        f"Escuela de Café {{n}}|Cooperativa Agraria {{n}}|{JOVENES}",
        "Aprende a preparar espresso, capuchino y métodos filtrados con café peruano. {horas} "
        "horas {lugar}.",
        "Curso de barista con prácticas en máquina. {lugar}, {horario}.",
        modalities=("presencial", "mixto"),
        durations=(24, 30, 40),
        free=0.5,
        schedules=("tarde", "fines_de_semana"),
        regions=("Lima", "Cusco", "Junín", "Arequipa", "San Martín", "Cajamarca", "Puno"),
    ),
    _course(
        "primeros_auxilios",
        "Primeros auxilios básicos|Primeros auxilios y RCP|Primeros auxilios en el trabajo",
        "primeros auxilios|seguridad|cuidado de adultos mayores",
        "Cruz Solidaria {n}|Taller Municipal de {d}|Instituto de Salud {n}",
        "Aprende qué hacer ante heridas, quemaduras, atoros y desmayos. {horas} horas {lugar}.",
        "Curso con práctica de RCP y botiquín básico. {lugar}, {horario}.",
        modalities=("virtual", "presencial", "mixto", "virtual"),
        durations=(8, 12, 16),
        schedules=("manana", "tarde", "fines_de_semana"),
        quechua=0.3,
    ),
    _course(
        "cuidado_adulto_mayor",
        "Cuidado del adulto mayor|Cuidador(a) de personas adultas mayores"
        "|Auxiliar en cuidados geriátricos",
        "cuidado de adultos mayores|primeros auxilios|paciencia|cocina",
        f"{IMPULSA}|{CETPRO}|Instituto de Salud {{n}}",
        "Aprende a acompañar, alimentar y movilizar con cuidado a personas mayores. {horas} "
        "horas {lugar}.",
        "Certificación para trabajar como cuidador(a) en casas y residencias. {lugar}, {horario}.",
        modalities=("virtual", "virtual", "presencial", "mixto"),
        durations=(40, 60, 120),
        quechua=0.3,
    ),
    _course(
        "cuidado_infantil",
        "Cuidado infantil y estimulación temprana|Cuidado de niños en el hogar",
        "cuidado de niños|primeros auxilios|paciencia con niños",
        f"{CETPRO}|Taller Municipal de {{d}}|{IMPULSA}",
        "Aprende juegos de estimulación, alimentación y seguridad para cuidar niños pequeños. "
        "{horas} horas {lugar}.",
        "Curso para niñeras y madres cuidadoras. {lugar}, {horario}.",
        modalities=("presencial", "virtual", "virtual"),
        durations=(20, 30, 40),
        quechua=0.35,
    ),
    _course(
        "corte_confeccion",
        "Corte y confección|Costura básica a máquina|Confección de prendas de vestir",
        "costura|confección|máquina de coser industrial|patronaje",
        f"{CETPRO}|Taller Municipal de {{d}}|{JOVENES}",
        "Aprende a tomar medidas, cortar y coser prendas básicas. {horas} horas {lugar}.",
        "Módulo de confección con máquinas industriales del taller. {lugar}, {horario}.",
        modalities=("presencial", "presencial", "virtual"),
        durations=(60, 120, 240, 480),
        free=0.7,
        schedules=("manana", "tarde", "noche"),
        quechua=0.3,
        weight=1.2,
    ),
    _course(
        "operario_textil",
        "Operario(a) de máquina de coser industrial|Control de calidad en confecciones",
        "máquina de coser industrial|control de calidad|confección",
        f"CITE Textil (PRODUCE)|{JOVENES}|Instituto Técnico {{n}}",
        "Manejo de máquina recta, remalladora y recubridora para trabajar en talleres. {horas} "
        "horas {lugar}.",
        "Curso técnico con prácticas y bolsa de trabajo en empresas textiles. {lugar}, {horario}.",
        modalities=("presencial", "mixto", "virtual"),
        durations=(80, 120, 160),
        schedules=("manana", "tarde"),
        regions=("Lima", "Arequipa", "Junín", "La Libertad", "Puno", "Cusco", "Callao"),
    ),
    _course(
        "tejido_alpaca",
        "Tejido con fibra de alpaca|Tejido a palillo y crochet para exportación"
        "|Tejido a telar y teñido natural",
        "tejido a palillo|tejido a telar|fibra de alpaca|crochet|control de calidad",
        f"CITE Textil Camélidos (PRODUCE)|Asociación de Artesanas {{n}}|{CETPRO}",
        "Mejora tus tejidos con diseños que piden los compradores y aprende a clasificar la "
        "fibra de alpaca. {horas} horas {lugar}.",
        "Taller de tejido a telar, teñido con plantas y acabados. {lugar}, {horario}.",
        modalities=("presencial", "presencial", "virtual"),
        durations=(24, 40, 60),
        schedules=("manana", "tarde", "fines_de_semana"),
        regions=(*PUNA_REGIONS, "Junín"),
        languages=("qu;es", "es"),
        quechua=0.7,
    ),
    _course(
        "artesania",
        "Cerámica artesanal|Artesanía y diseño para exportación|Retablo y cerámica: técnicas "
        "tradicionales",
        "cerámica|artesanía|pintura decorativa|ventas por internet",
        "CITE Artesanía (PRODUCE)|Taller Municipal de {d}|Asociación de Artesanos {n}",
        "Aprende modelado, pintado y quemado de cerámica, y a vender tus piezas. {horas} horas "
        "{lugar}.",
        "Taller de artesanía con diseño, costos y venta por internet. {lugar}, {horario}.",
        modalities=("presencial", "mixto", "virtual", "virtual"),
        durations=(30, 40, 60),
        regions=("Ayacucho", "Cusco", "Puno", "Piura", "Lima", "Cajamarca", "Junín"),
        quechua=0.4,
    ),
    _course(
        "reparacion_celulares",
        "Reparación de celulares|Técnico en reparación de smartphones",
        "reparación de celulares|herramientas|atención al cliente",
        f"Instituto Técnico {{n}}|{CETPRO}|{JOVENES}",
        "Aprende a cambiar pantallas, baterías y conectores, y a diagnosticar fallas. {horas} "
        "horas {lugar}.",
        "Curso práctico de reparación de celulares para trabajar o poner tu negocio. {lugar}, "
        "{horario}.",
        modalities=("presencial", "mixto", "virtual", "virtual"),
        durations=(40, 60, 90),
        free=0.5,
        schedules=("tarde", "noche", "fines_de_semana"),
        education=("primaria", "secundaria"),
    ),
    _course(
        "mecanica_motos",
        "Mecánica de motos y mototaxis|Mantenimiento de motocicletas",
        "mecánica de motos|herramientas|mecánica automotriz",
        f"Instituto Técnico {{n}}|{CETPRO}|{JOVENES}",
        "Aprende mantenimiento de motor, frenos y sistema eléctrico de motos y mototaxis. "
        "{horas} horas {lugar}.",
        "Módulo técnico con práctica en taller. {lugar}, {horario}.",
        modalities=("presencial",),
        durations=(60, 120, 160),
        free=0.6,
        schedules=("manana", "tarde", "noche"),
        education=("primaria", "secundaria"),
        quechua=0.25,
    ),
    _course(
        "electricidad",
        "Electricidad domiciliaria|Instalaciones eléctricas en viviendas",
        "electricidad domiciliaria|lectura de planos|herramientas|seguridad en obra",
        f"Instituto Técnico {{n}}|Escuela de Construcción {{n}}|{CETPRO}",
        "Aprende a instalar tomacorrientes, interruptores y tableros con seguridad. {horas} "
        "horas {lugar}.",
        "Curso técnico de instalaciones eléctricas con prácticas. {lugar}, {horario}.",
        modalities=("presencial", "mixto", "virtual", "virtual"),
        durations=(40, 60, 120),
        free=0.6,
        schedules=("tarde", "noche", "fines_de_semana"),
        education=("primaria", "secundaria"),
    ),
    _course(
        "gasfiteria",
        "Gasfitería|Instalaciones sanitarias en viviendas",
        "gasfitería|instalaciones sanitarias|herramientas",
        f"Escuela de Construcción {{n}}|{CETPRO}|Taller Municipal de {{d}}",
        "Aprende a instalar y reparar tuberías de agua y desagüe, termas y griferías. {horas} "
        "horas {lugar}.",
        "Curso práctico de gasfitería para trabajar por tu cuenta. {lugar}, {horario}.",
        modalities=("presencial",),
        durations=(30, 40, 60),
        free=0.6,
        schedules=("tarde", "noche", "fines_de_semana"),
    ),
    _course(
        "construccion",
        "Albañilería y acabados|Operario(a) de construcción civil"
        "|Construcción civil: albañilería básica",
        "albañilería|encofrado|seguridad en obra|lectura de planos|acabados de construcción",
        f"Escuela de Construcción {{n}}|{IMPULSA}|{CETPRO}",
        "Aprende a levantar muros, tarrajear y leer planos sencillos con seguridad en obra. "
        "{horas} horas {lugar}.",
        "Certificación de operario(a) de construcción civil con prácticas. {lugar}, {horario}.",
        modalities=("presencial",),
        durations=(40, 80, 120, 160),
        schedules=("noche", "fines_de_semana", "manana"),
        education=("ninguna", "primaria"),
        quechua=0.4,
        weight=1.2,
    ),
    _course(
        "pintura",
        "Pintura de edificaciones|Acabados en drywall y pintura",
        "pintura|acabados de construcción|seguridad en obra",
        "Escuela de Construcción {n}|Taller Municipal de {d}",
        "Aprende empaste, lijado y pintura de interiores y exteriores. {horas} horas {lugar}.",
        "Curso práctico de acabados con drywall y pintura. {lugar}, {horario}.",
        modalities=("presencial",),
        durations=(24, 40, 60),
        free=0.7,
        schedules=("noche", "fines_de_semana"),
        education=("ninguna", "primaria"),
    ),
    _course(
        "agricultura_organica",
        "Agricultura orgánica y abonos naturales|Producción de hortalizas orgánicas"
        "|Biohuertos familiares",
        "agricultura orgánica|abonos orgánicos|riego|cultivo de papa|cosecha",
        f"{AGRO_RURAL}|{INIA}|ONG {{n}}",
        "Aprende a preparar compost, biol y abonos para tus cultivos. {horas} horas {lugar}.",
        "Escuela de campo con prácticas en parcelas demostrativas. {lugar}, {horario}.",
        modalities=("presencial", "virtual"),
        durations=(16, 24, 40),
        schedules=("manana", "fines_de_semana"),
        education=("ninguna", "primaria"),
        regions=(*ANDEAN_REGIONS, "Lima", "San Martín", "Piura"),
        languages=("qu;es", "es"),
        quechua=0.7,
        weight=1.2,
    ),
    _course(
        "papa_quinua",
        "Manejo del cultivo de papa nativa|Producción de quinua de calidad"
        "|Papa y quinua: buenas prácticas de cultivo",
        "cultivo de papa|cultivo de quinua|riego|cosecha|agricultura orgánica",
        f"{INIA}|{AGRO_RURAL}",
        "Aprende selección de semilla, control de plagas y cosecha. {horas} horas {lugar}.",
        "Curso práctico en campo, con materiales gratuitos. {lugar}, {horario}.",
        modalities=("presencial",),
        durations=(16, 24, 32),
        schedules=("manana", "fines_de_semana"),
        education=("ninguna", "primaria"),
        regions=ANDEAN_REGIONS,
        languages=("qu;es",),
        quechua=0.9,
    ),
    _course(
        "cuyes",
        "Crianza tecnificada de cuyes|Crianza de cuyes para el mercado",
        "crianza de cuyes|sanidad animal|cultivo de forraje",
        f"{AGRO_RURAL}|{INIA}|Municipalidad – Programa Agropecuario de {{d}}",
        "Aprende a construir pozas, alimentar y prevenir enfermedades en cuyes. {horas} horas "
        "{lugar}.",
        "Escuela de campo de crianza de cuyes, con visitas a granjas. {lugar}, {horario}.",
        modalities=("presencial", "virtual"),
        durations=(16, 24, 40),
        schedules=("manana", "fines_de_semana"),
        education=("ninguna", "primaria"),
        regions=(*ANDEAN_REGIONS, "Lima"),
        languages=("qu;es", "es"),
        quechua=0.8,
    ),
    _course(
        "alpacas",
        "Manejo y sanidad de alpacas|Esquila y clasificación de fibra de alpaca",
        "crianza de alpacas|esquila|sanidad animal|fibra de alpaca",
        f"{INIA}|{AGRO_RURAL}|CITE Textil Camélidos (PRODUCE)",
        "Aprende a dosificar, esquilar y clasificar la fibra para venderla mejor. {horas} horas "
        "{lugar}.",
        "Capacitación práctica en cabaña alpaquera. {lugar}, {horario}.",
        modalities=("presencial",),
        durations=(16, 24, 40),
        schedules=("manana", "completo"),
        education=("ninguna", "primaria"),
        regions=PUNA_REGIONS,
        languages=("qu;es", "qu"),
        quechua=1.0,
    ),
    _course(
        "cafe_cacao",
        "Manejo de café y cacao|Poscosecha y calidad del café|Cacao fino de aroma: "
        "fermentado y secado",
        "cosecha de café|poscosecha de café|cosecha de cacao|control de calidad",
        f"{INIA}|Cooperativa Agraria {{n}}|CITE Agroindustrial (PRODUCE)",
        "Aprende cosecha selectiva, fermentado y secado para mejorar el precio de tu producto. "
        "{horas} horas {lugar}.",
        "Escuela de campo en fincas de productores. {lugar}, {horario}.",
        modalities=("presencial", "mixto", "virtual", "virtual"),
        durations=(16, 24, 40),
        schedules=("manana", "fines_de_semana"),
        education=("ninguna", "primaria"),
        regions=tuple(dict.fromkeys(CAFE_REGIONS + CACAO_REGIONS)),
        quechua=0.4,
    ),
    _course(
        "apicultura",
        "Apicultura básica|Crianza de abejas y producción de miel",
        "apicultura|sanidad animal|ventas",
        f"{AGRO_RURAL}|ONG {{n}}|Taller Municipal de {{d}}",
        "Aprende a instalar colmenas, cuidar abejas y cosechar miel. {horas} horas {lugar}.",
        "Curso con práctica en apiario. {lugar}, {horario}.",
        modalities=("presencial", "virtual", "virtual"),
        durations=(16, 24, 32),
        schedules=("manana", "fines_de_semana"),
        regions=("Piura", "Lambayeque", "Cajamarca", "Junín", "Cusco", "Apurímac", "Lima"),
        quechua=0.5,
        languages=("es", "qu;es"),
    ),
    _course(
        "turismo",
        "Buenas prácticas en servicios turísticos|Atención al turista|Orientador(a) turístico "
        "local",
        "atención al turista|guiado turístico|historia local|inglés básico",
        "PROMPERÚ / MINCETUR|Taller Municipal de {d}|Instituto de Turismo {n}",
        "Aprende a recibir y orientar a turistas nacionales y extranjeros. {horas} horas {lugar}.",
        "Curso gratuito para trabajadores de hospedajes, restaurantes y agencias. {lugar}, "
        "{horario}.",
        modalities=("virtual", "virtual", "presencial", "mixto"),
        durations=(12, 20, 40),
        regions=TOURISM_REGIONS,
        quechua=0.3,
    ),
    _course(
        "ingles_turismo",
        "Inglés básico para turismo|Inglés para atención al cliente",
        "inglés básico|atención al turista|atención al cliente",
        f"Instituto de Idiomas {{n}}|{JOVENES}|PROMPERÚ / MINCETUR",
        "Frases útiles en inglés para atender a turistas en hoteles, tiendas y restaurantes. "
        "{horas} horas {lugar}.",
        "Curso de inglés conversacional básico. {lugar}, {horario}.",
        modalities=("virtual", "virtual", "presencial"),
        durations=(30, 48, 60, 90),
        free=0.6,
        schedules=("noche", "tarde", "fines_de_semana"),
        education=("secundaria",),
        languages=("es;en",),
    ),
    _course(
        "hoteleria",
        "Housekeeping: limpieza de habitaciones|Camarera de hotel",
        "limpieza de habitaciones|limpieza|atención al turista|lavado y planchado",
        f"{CETPRO}|Instituto de Turismo {{n}}|{IMPULSA}",
        "Aprende los estándares de limpieza de habitaciones y lavandería de hoteles. {horas} "
        "horas {lugar}.",
        "Curso con prácticas en hospedajes. {lugar}, {horario}.",
        modalities=("presencial", "mixto", "virtual", "virtual"),
        durations=(24, 40, 60),
        regions=TOURISM_REGIONS,
        quechua=0.3,
    ),
    _course(
        "educacion_financiera",
        "Educación financiera para tu negocio|Finanzas personales y ahorro|Aprende a manejar "
        "tu crédito",
        "finanzas personales|contabilidad básica|manejo de caja|ahorro",
        "Caja Rural {n} – Educación Financiera|Banco Comunal {n}|Financiera {n}",
        "Aprende a separar el dinero de la casa y del negocio, ahorrar y evitar deudas caras. "
        "{horas} horas {lugar}.",
        "Taller de finanzas con ejemplos de bodegas y puestos de mercado. {lugar}, {horario}.",
        modalities=("virtual", "presencial", "virtual"),
        durations=(4, 6, 8, 12),
        free=1.0,
        quechua=0.4,
        languages=("es", "es", "qu;es"),
    ),
    _course(
        "contabilidad",
        "Contabilidad básica para emprendedores|Facturación electrónica y RUS|Registro de "
        "compras y ventas",
        "contabilidad básica|facturación electrónica|Excel básico|registro de compras y ventas",
        f"{IMPULSA}|Instituto {{n}}|Centro de Empleo (MTPE)",
        "Aprende a emitir boletas y facturas electrónicas y llevar tus cuentas. {horas} horas "
        "{lugar}.",
        "Curso práctico de contabilidad para pequeños negocios. {lugar}, {horario}.",
        modalities=("virtual", "virtual", "virtual", "mixto"),
        durations=(20, 30, 60),
        education=("secundaria",),
        equipment=("computadora",),
    ),
    _course(
        "almacen",
        "Gestión de almacenes e inventarios|Auxiliar de almacén",
        "manejo de almacén|inventarios|Excel básico|carga y descarga",
        f"{IMPULSA}|Instituto Técnico {{n}}|{JOVENES}",
        "Aprende recepción, orden, despacho y control de inventarios. {horas} horas {lugar}.",
        "Certificación de auxiliar de almacén. {lugar}, {horario}.",
        modalities=("virtual", "virtual", "presencial"),
        durations=(30, 40, 60),
        education=("primaria", "secundaria"),
        equipment=("smartphone", "computadora"),
    ),
    _course(
        "seguridad",
        "Agente de seguridad privada|Vigilancia y seguridad",
        "vigilancia|seguridad|primeros auxilios",
        f"Instituto de Seguridad {{n}}|{IMPULSA}",
        "Curso de formación básica para agentes de seguridad. {horas} horas {lugar}.",
        "Prepárate para trabajar como vigilante en empresas y condominios. {lugar}, {horario}.",
        modalities=("presencial", "mixto", "virtual"),
        durations=(40, 60, 80),
        free=0.5,
        schedules=("manana", "tarde", "noche"),
        education=("secundaria",),
    ),
    _course(
        "peluqueria",
        "Peluquería y barbería|Cosmetología: corte y peinado|Barbería profesional",
        "corte de cabello|peluquería|manicure|atención al cliente",
        f"{CETPRO}|Academia de Belleza {{n}}|Taller Municipal de {{d}}",
        "Aprende cortes, tintes y peinados con práctica en modelos. {horas} horas {lugar}.",
        "Módulo de barbería y peluquería para trabajar o emprender. {lugar}, {horario}.",
        modalities=("presencial",),
        durations=(60, 120, 240),
        free=0.5,
        schedules=("manana", "tarde", "fines_de_semana"),
        quechua=0.2,
    ),
    _course(
        "quechua_basico",
        "Quechua básico para hispanohablantes|Aprende runasimi: nivel básico"
        "|Quechua para servidores públicos",
        "quechua|lectura y escritura en quechua",
        "Runasimi Wasi {n}|Instituto de Idiomas {n}|Taller Municipal de {d}",
        "Aprende a saludar, presentarte y conversar en quechua con vocabulario del trabajo. "
        "{horas} horas {lugar}.",
        "Curso de quechua con el alfabeto oficial y práctica oral. {lugar}, {horario}.",
        modalities=("virtual", "virtual", "presencial"),
        durations=(24, 40, 60),
        free=0.7,
        schedules=("noche", "tarde", "fines_de_semana"),
        education=("primaria", "secundaria"),
        languages=("qu;es",),
        regions=(*QUECHUA_REGIONS, "Lima", "Arequipa"),
    ),
    _course(
        "quechua_escritura",
        "Lectura y escritura en quechua|Escribe en runasimi: taller para quechuahablantes"
        "|Redacción y traducción en quechua",
        "lectura y escritura en quechua|traducción quechua-castellano|redacción",
        "Runasimi Wasi {n}|ONG {n}|Instituto de Idiomas {n}",
        "Taller para quienes hablan quechua y quieren escribirlo bien, con el alfabeto oficial. "
        "{horas} horas {lugar}.",
        "Aprende a traducir textos cortos entre castellano y quechua. {lugar}, {horario}.",
        modalities=("virtual", "virtual", "presencial"),
        durations=(16, 24, 40),
        schedules=("tarde", "fines_de_semana"),
        languages=("qu", "qu;es"),
        regions=tuple(QUECHUA_REGIONS),
    ),
    _course(
        "promotor_salud",
        "Promotor(a) de salud comunitaria|Prevención de anemia y nutrición infantil"
        "|Agente comunitario de salud",
        "promoción de la salud|primeros auxilios|visitas domiciliarias|registro de datos",
        "Red de Salud – Programa Comunitario|ONG {n}|Asociación {n}",
        "Aprende a orientar a familias sobre anemia, vacunas y cuidado del embarazo. {horas} "
        "horas {lugar}.",
        "Curso para agentes comunitarios, en quechua y castellano. {lugar}, {horario}.",
        modalities=("presencial", "mixto", "virtual", "virtual"),
        durations=(24, 40, 60),
        schedules=("manana", "fines_de_semana"),
        languages=("qu;es",),
        regions=tuple(QUECHUA_REGIONS),
    ),
    _course(
        "transcripcion",
        "Transcripción y subtitulado|Transcripción de audios para trabajo remoto",
        "transcripción de audio|digitación|ortografía|computación básica",
        DIGITAL,
        "Aprende a transcribir entrevistas y subtitular videos con herramientas gratuitas. "
        "{horas} horas {lugar}.",
        "Curso para trabajar desde casa transcribiendo audios. {lugar}, {horario}.",
        durations=(12, 16, 24),
        equipment=("computadora",),
        languages=("es", "es", "qu;es"),
    ),
    _course(
        "ensenanza_virtual",
        "Enseñanza virtual para tutores|Cómo dar clases por videollamada",
        "enseñanza virtual|videollamadas|Google Drive",
        f"{DIGITAL}|Instituto Pedagógico {{n}}",
        "Aprende a preparar y dictar clases en línea con Zoom, Meet y pizarras virtuales. "
        "{horas} horas {lugar}.",
        "Curso para tutores y profesores que empiezan a enseñar en línea. {lugar}, {horario}.",
        durations=(12, 20, 30),
        education=("secundaria", "tecnica"),
        equipment=("computadora",),
    ),
    _course(
        "moderacion_datos",
        "Etiquetado de datos y moderación de contenido|Trabajos digitales: datos y moderación",
        "etiquetado de datos|moderación de contenido|computación básica|atención al detalle",
        DIGITAL,
        "Conoce los trabajos remotos de etiquetado de datos y moderación y practica con tareas "
        "reales. {horas} horas {lugar}.",
        "Curso gratuito de introducción al trabajo digital por tareas. {lugar}, {horario}.",
        durations=(8, 12, 20),
        education=("secundaria",),
        equipment=("computadora",),
    ),
    _course(
        "piscicultura",
        "Piscicultura amazónica|Crianza de peces en estanques",
        "piscicultura|alimentación de peces|sanidad animal",
        f"{INIA}|ONG {{n}}|Programa Agropecuario de {{d}}",
        "Aprende a construir estanques y criar gamitana, paco y paiche. {horas} horas {lugar}.",
        "Capacitación práctica en piscigranjas de la zona. {lugar}, {horario}.",
        modalities=("presencial",),
        durations=(16, 24, 40),
        schedules=("manana", "fines_de_semana"),
        education=("ninguna", "primaria"),
        regions=(*SELVA_REGIONS, "Huánuco", "Junín"),
    ),
)


# ---------------------------------------------------------------------------- generator

Kind = Literal["jobs", "courses"]
REMOTE_SHARE = 0.41  # of job postings
NO_PAY_SHARE = 0.15
EXPIRED_SHARE = 0.08
NO_EXPIRY_SHARE = 0.10
QUECHUA_FLOURISH_SHARE = 0.10  # postings in Quechua-speaking regions with Quechua in the text
# Outside these, an on-site course is taught in Spanish unless it is about Quechua itself.
QUECHUA_AREAS = frozenset(QUECHUA_REGIONS) | {"Arequipa", "Junín", "Pasco", "Moquegua"}

COURSE_SCHEDULE_TEXTS: dict[str, tuple[str, ...]] = {
    "manana": ("clases por la mañana", "de lunes a viernes de 9 a 12 del día"),
    "tarde": ("clases por la tarde", "de lunes a viernes de 3 a 6 p. m."),
    "noche": ("clases de 7 a 10 p. m.", "en horario nocturno"),
    "fines_de_semana": ("sábados y domingos", "solo sábados"),
    "completo": ("de lunes a viernes, todo el día", "en jornadas completas de campo"),
    "flexible": ("a tu ritmo", "en el horario que prefieras", "con clases grabadas"),
}
JOB_EXTRAS: tuple[str, ...] = (
    "Pago quincenal.",
    "Buen ambiente de trabajo.",
    "Capacitación al ingresar.",
    "Interesados escribir por WhatsApp.",
    "Postula enviando tu nombre y distrito por mensaje.",
    "Se valora experiencia, pero no es indispensable.",
    "Incorporación inmediata.",
    "Mayores de 18 años.",
)
PAY_TEXTS: tuple[str, ...] = (
    "Sueldo: S/ {a} a S/ {b} al mes.",
    "Pago de S/ {a} a {b} mensuales.",
    "Remuneración entre S/ {a} y S/ {b}, según experiencia.",
)
FIXED_PAY_TEXTS: tuple[str, ...] = ("Sueldo: S/ {a} mensuales.", "Pago fijo de S/ {a} al mes.")
NO_PAY_TEXTS: tuple[str, ...] = ("Sueldo a tratar.", "Pago según experiencia.", "")
MONTHS: tuple[str, ...] = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


_SENTENCE_START = re.compile(r"(^|[.?!] )\{(\w+)\}")
_DOUBLE_STOP = re.compile(r"m\.\.(?=\s|$)")


def _weighted_region(rng: random.Random, allowed: Sequence[str] = REGIONS) -> str:
    return rng.choices(allowed, weights=[DEPARTMENTS[r][0] for r in allowed])[0]


def _place(district: str, region: str) -> str:
    return district if district == region else f"{district} ({region})"


def _hours(rng: random.Random, schedule: str) -> int:
    options = {
        "completo": (40, 44, 45, 48, 48, 48),
        "manana": (20, 24, 25, 30, 30, 36),
        "tarde": (20, 24, 25, 30, 30, 36),
        "noche": (24, 30, 36, 48),
        "fines_de_semana": (12, 16, 16, 20, 24),
        "flexible": (10, 15, 20, 20, 25, 30),
    }
    return rng.choice(options[schedule])


def _round10(value: float) -> int:
    return int(round(value / 10) * 10)


def _pay(rng: random.Random, low: int, high: int, hours: int) -> tuple[int, int] | None:
    """Monthly pay scaled to the hours, never under the proportional minimum wage."""
    if rng.random() < NO_PAY_SHARE:
        return None
    scale = hours / FULL_TIME_HOURS
    floor = -(-MINIMUM_WAGE * hours // FULL_TIME_HOURS // 10) * 10
    middle = (low + high) / 2
    pay_min = max(_round10(rng.uniform(low, middle) * scale), floor)
    if rng.random() < 0.25:
        return pay_min, pay_min
    return pay_min, max(_round10(rng.uniform(middle, high) * scale), pay_min + 10)


def _expiry(rng: random.Random, today: date) -> tuple[date, date | None]:
    """(posted_at, expires_at): a few already expired, some open-ended."""
    draw = rng.random()
    if draw < EXPIRED_SHARE:
        posted = today - timedelta(days=rng.randint(15, 120))
        ago = (today - posted).days
        return posted, posted + timedelta(days=rng.randint(7, ago - 1))
    posted = today - timedelta(days=rng.randint(0, 120))
    if draw < EXPIRED_SHARE + NO_EXPIRY_SHARE:
        return posted, None
    return posted, today + timedelta(days=rng.randint(5, 130))


def _skills(rng: random.Random, pool: Sequence[str], most: int) -> list[str]:
    """The template's core skill and a few others, in the template's wording."""
    others = rng.sample(pool[1:], rng.randint(min(2, len(pool) - 1), min(most, len(pool) - 1)))
    return [pool[0], *others]


def _ids(prefix: str, n: int, long_prefix: str | None = None) -> Iterator[str]:
    if n <= 9999:
        return (f"{prefix}{i:04d}" for i in range(1, n + 1))
    return (f"{long_prefix or prefix}{i:06d}" for i in range(1, n + 1))


def _unique_title(
    rng: random.Random,
    titles: Sequence[str],
    decorations: Sequence[str],
    where: str,
    seen: set[tuple[str, str]],
) -> tuple[str, int]:
    """A title variant and its index, decorated when plain ones are taken in the same place."""
    index, title = 0, titles[0]
    for attempt in range(8):
        index = rng.randrange(len(titles))
        title = titles[index]
        if attempt or rng.random() < 0.3:
            decoration = rng.choice(decorations)
            if decoration.strip(" –()").casefold() not in title.casefold():
                title += decoration
        if (title.casefold(), where) not in seen:
            break
    seen.add((title.casefold(), where))
    return title, index


def _fill(pattern: str, rng: random.Random, district: str) -> str:
    return pattern.format(
        n=rng.choice(NAMES),
        s=rng.choice(SURNAMES),
        c=rng.choice(COMPANY_SUFFIXES),
        d=district,
    )


def _fill_text(template: str, **values: str) -> str:
    """Fill a description template: a placeholder opening a sentence gets a capital letter,
    and "p. m." at the end of a sentence keeps a single full stop."""
    template = _SENTENCE_START.sub(r"\1{\2_}", template)
    values |= {f"{key}_": value[:1].upper() + value[1:] for key, value in values.items()}
    return _DOUBLE_STOP.sub("m.", template.format(**values))


def _with_quechua(languages: str) -> str:
    return languages if "qu" in languages.split(";") else f"qu;{languages}"


def generate_jobs(n: int, seed: int, *, today: date = TODAY) -> Iterator[dict[str, str]]:
    """``n`` job postings as CSV-ready text cells, the same for the same seed."""
    rng = random.Random(seed * 2)  # noqa: S311 - reproducible test data, not secrets
    remote = [o for o in OCCUPATIONS if o.remote]
    remote_weights = [o.weight for o in remote]
    on_site: dict[str, tuple[list[Occupation], list[float]]] = {}
    for region in REGIONS:
        fits = [
            o for o in OCCUPATIONS if not o.remote and (o.regions is None or region in o.regions)
        ]
        on_site[region] = (fits, [o.weight * (1.0 if o.regions is None else 2.0) for o in fits])
    coverage = list(REGIONS)  # the first on-site postings visit every department once
    rng.shuffle(coverage)
    seen: set[tuple[str, str]] = set()
    on_site_count = 0
    for job_id in _ids("J", n, "G"):
        region = district = ""
        if rng.random() < REMOTE_SHARE:
            occupation = rng.choices(remote, weights=remote_weights)[0]
        else:
            if on_site_count < len(coverage):
                region = coverage[on_site_count]
            else:
                region = _weighted_region(rng)
            on_site_count += 1
            district = rng.choice(DEPARTMENTS[region][1])
            fits, weights = on_site[region]
            occupation = rng.choices(fits, weights=weights)[0]
        yield _job(
            rng, job_id, occ=occupation, region=region, district=district, today=today, seen=seen
        )


def _job(
    rng: random.Random,
    job_id: str,
    *,
    occ: Occupation,
    region: str,
    district: str,
    today: date,
    seen: set[tuple[str, str]],
) -> dict[str, str]:
    schedule = rng.choice(occ.schedules)
    hours = _hours(rng, schedule)
    pay = _pay(rng, *occ.pay, hours)
    languages = rng.choice(occ.languages)
    quechua_place = QUECHUA_REGIONS.get(region)
    if quechua_place:
        draw = rng.random()
        if draw < occ.quechua_only:
            languages = "qu"
        elif draw < occ.quechua_only + occ.quechua:
            languages = _with_quechua(languages)

    decorations = [
        {
            "manana": " – turno mañana",
            "tarde": " – turno tarde",
            "noche": " – turno noche",
            "fines_de_semana": " – fines de semana",
            "completo": " – tiempo completo",
            "flexible": " – horario flexible",
        }[schedule],
        " – urgente",
        " (remoto)" if occ.remote else f" – {district}",
        " – medio tiempo" if hours <= 30 else " – con experiencia",
        " – convocatoria",
    ]
    title, index = _unique_title(rng, occ.titles, decorations, district, seen)
    if occ.paired:
        description = occ.descriptions[index % len(occ.descriptions)]
        employer = occ.employers[index % len(occ.employers)]
    else:
        description, employer = rng.choice(occ.descriptions), rng.choice(occ.employers)

    sentences = [
        _fill_text(
            description,
            lugar=_place(district, region) if district else "casa",
            distrito=district,
            region=region,
            horario=rng.choice(SCHEDULE_TEXTS[schedule]),
            horas=str(hours),
        )
    ]
    if pay is None:
        sentences.append(rng.choice(NO_PAY_TEXTS))
    else:
        texts = FIXED_PAY_TEXTS if pay[0] == pay[1] else PAY_TEXTS
        sentences.append(rng.choice(texts).format(a=f"{pay[0]:,}", b=f"{pay[1]:,}"))
    if rng.random() < 0.4:
        sentences.append(rng.choice(JOB_EXTRAS))
    if quechua_place and rng.random() < QUECHUA_FLOURISH_SHARE:
        languages = _with_quechua(languages)
        if rng.random() < 0.5:
            title = f"{title} – Llamk'ay {quechua_place}pi"
        else:
            sentences.append(rng.choice(QUECHUA_SENTENCES).format(qu_place=quechua_place))
    codes = languages.split(";")
    description = " ".join(s for s in sentences if s)
    if "qu" in codes and "quechua" not in description.lower():
        description += (
            " Todo el trabajo es en quechua." if codes == ["qu"] else " Se requiere hablar quechua."
        )
    if "en" in codes:
        description += " Se valora inglés básico."

    skills = _skills(rng, occ.skills, 4)
    if "qu" in codes and "quechua" not in skills:
        skills.append("quechua")
    posted, expires = _expiry(rng, today)
    employer = "" if rng.random() < 0.05 else _fill(employer, rng, district)
    return {
        "id": job_id,
        "title": title,
        "description": description,
        "employer": employer,
        "skills": ";".join(skills),
        "region": region,
        "district": district,
        "remote": "true" if occ.remote else "false",
        "hours_per_week": str(hours),
        "schedule": schedule,
        "pay_min": "" if pay is None else str(pay[0]),
        "pay_max": "" if pay is None else str(pay[1]),
        "education_required": rng.choice(occ.education),
        "equipment": rng.choice(occ.equipment),
        "languages": languages,
        "posted_at": posted.isoformat(),
        "expires_at": "" if expires is None else expires.isoformat(),
        "url": f"https://empleos.example.pe/ofertas/{job_id.lower()}",
    }


def generate_courses(n: int, seed: int, *, today: date = TODAY) -> Iterator[dict[str, str]]:
    """``n`` courses as CSV-ready text cells, the same for the same seed."""
    rng = random.Random(seed * 2 + 1)  # noqa: S311 - reproducible test data, not secrets
    weights = [t.weight for t in COURSE_TEMPLATES]
    seen: set[tuple[str, str]] = set()
    for course_id in _ids("C", n):
        template = rng.choices(COURSE_TEMPLATES, weights=weights)[0]
        yield _course_row(rng, course_id, t=template, today=today, seen=seen)


def _course_row(
    rng: random.Random,
    course_id: str,
    *,
    t: CourseTemplate,
    today: date,
    seen: set[tuple[str, str]],
) -> dict[str, str]:
    modality = rng.choice(t.modalities)
    region = district = ""
    if modality != "virtual":
        region = _weighted_region(rng, t.regions or REGIONS)
        district = rng.choice(DEPARTMENTS[region][1])
    providers = [p for p in t.providers if modality != "virtual" or "{d}" not in p]
    provider = _fill(rng.choice(providers or t.providers), rng, district)

    languages = rng.choice(t.languages)
    about_quechua = any("quechua" in skill for skill in t.skills)
    if region in QUECHUA_REGIONS and rng.random() < t.quechua:
        languages = _with_quechua(languages)
    elif modality != "virtual" and region not in QUECHUA_AREAS and not about_quechua:
        languages = ";".join(c for c in languages.split(";") if c != "qu") or "es"

    draw = rng.random()
    if draw < EXPIRED_SHARE:
        expires: date | None = today - timedelta(days=rng.randint(1, 60))
    elif draw < EXPIRED_SHARE + NO_EXPIRY_SHARE:
        expires = None
    else:
        expires = today + timedelta(days=rng.randint(5, 130))
    if expires is None:  # open enrolment: virtual ones may already be running
        starts = today + timedelta(days=rng.randint(-60 if modality == "virtual" else 7, 90))
    else:
        starts = expires + timedelta(days=rng.randint(1, 14))
    cost = 0 if rng.random() < t.free else rng.choice((20, 30, 40, 50, 60, 80, 100, 120, 150))
    schedule = rng.choice(t.schedules)
    if schedule == "flexible" and modality != "virtual":
        schedule = rng.choice(("manana", "tarde", "noche", "fines_de_semana"))
    hours = rng.choice(t.durations)

    month = f" – inicio {MONTHS[starts.month - 1]}"
    decorations = [
        " – modalidad virtual" if modality == "virtual" else f" – {district}",
        " (gratuito)" if cost == 0 else " – con certificado",
        month,
        " – semipresencial" if modality == "mixto" else " – nivel básico",
    ]
    title, _ = _unique_title(rng, t.titles, decorations, district, seen)

    if modality == "virtual":
        lugar = rng.choice(("100% virtual", "en modalidad virtual", "por internet"))
    elif modality == "mixto":
        lugar = f"semipresencial, con prácticas en {_place(district, region)}"
    else:
        lugar = f"en {_place(district, region)}"
    sentences = [
        _fill_text(
            rng.choice(t.descriptions),
            lugar=lugar,
            horas=str(hours),
            horario=rng.choice(COURSE_SCHEDULE_TEXTS[schedule]),
        ),
        rng.choice(("Gratuito.", "Curso gratuito con certificado.", "Sin costo."))
        if cost == 0
        else f"Inversión: S/ {cost} (incluye materiales).",
        f"Inicio: {starts.day} de {MONTHS[starts.month - 1]} de {starts.year}.",
    ]
    if expires is not None and rng.random() < 0.5:
        sentences.append(f"Inscripciones hasta el {expires.day} de {MONTHS[expires.month - 1]}.")
    codes = languages.split(";")
    if "qu" in codes:
        sentences.append(
            "Clases en quechua." if codes == ["qu"] else "Clases en quechua y castellano."
        )
    return {
        "id": course_id,
        "title": title,
        "provider": provider,
        "description": " ".join(sentences),
        "skills": ";".join(_skills(rng, t.skills, 3)),
        "modality": modality,
        "region": region,
        "district": district,
        "duration_hours": str(hours),
        "cost": str(cost),
        "schedule": schedule,
        "education_required": rng.choice(t.education),
        "equipment": "ninguno" if modality == "presencial" else rng.choice(t.equipment),
        "languages": languages,
        "starts_at": starts.isoformat(),
        "expires_at": "" if expires is None else expires.isoformat(),
        "url": f"https://cursos.example.pe/cursos/{course_id.lower()}",
    }


def _typed(row: dict[str, str]) -> dict[str, Any]:
    """A CSV row as a JSON Lines record: lists, numbers and booleans typed, empties left out."""
    record: dict[str, Any] = {}
    for key, value in row.items():
        if not value:
            continue
        if key in LIST_COLUMNS:
            record[key] = value.split(";")
        elif key in INT_COLUMNS:
            record[key] = int(value)
        elif key in BOOL_COLUMNS:
            record[key] = value == "true"
        else:
            record[key] = value
    return record


def write_catalog(path: Path, kind: Kind, n: int, seed: int) -> None:
    """Write ``n`` generated offers to ``path``: CSV, or JSON Lines when it ends in .jsonl."""
    rows = generate_jobs(n, seed) if kind == "jobs" else generate_courses(n, seed)
    columns = JOB_COLUMNS if kind == "jobs" else COURSE_COLUMNS
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        if path.suffix == ".jsonl":
            for row in rows:
                out.write(json.dumps(_typed(row), ensure_ascii=False) + "\n")
        else:
            writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("kind", choices=("jobs", "courses"))
    parser.add_argument("n", type=int)
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    kind: Kind = "jobs" if args.kind == "jobs" else "courses"
    write_catalog(args.path, kind, args.n, args.seed)
    print(f"wrote {args.n} {kind} to {args.path}")


if __name__ == "__main__":
    main()
