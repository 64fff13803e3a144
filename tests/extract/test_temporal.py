"""Event dates and status from the parse: tense, modality, negation, clause attachment."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.context import ExtractionContext
from kg.extract.temporal import event_status, event_time, tense_of
from kg.types import Dispatch, Status

D = dt.date
MON = D(2021, 3, 8)  # the dispatch date, a Monday


@pytest.fixture(scope="module")
def nlp(plain_nlp):
    return plain_nlp


@pytest.fixture(scope="module")
def read(nlp):
    """Parse a sentence told on MON; return (ctx, token finder)."""

    def _read(text: str, ref: dt.date = MON):
        doc = nlp(text)
        ctx = ExtractionContext(
            dispatch=Dispatch(source_name="t", body=text, date=ref), doc=doc, entities={}, mentions=()
        )

        def tok(word: str):
            return next(t for t in doc if t.text == word)

        return ctx, tok

    return _read


# fmt: off
TIMES = [
    # (sentence, trigger, expected dates, expected raw expression)
    ("L'armée a bombardé mardi plusieurs villages du nord.", "bombardé", (D(2021, 3, 2),), "mardi"),
    ("Les rebelles ont lancé lundi une offensive contre la ville.", "offensive", (MON,), "lundi"),
    ("Les pourparlers doivent reprendre jeudi à Vienne.", "reprendre", (D(2021, 3, 11),), "jeudi"),
    ("La trêve entrera en vigueur vendredi à minuit.", "trêve", (D(2021, 3, 12),), "vendredi"),
    ("Des frappes ont visé le port dans la nuit de samedi à dimanche.", "frappes",
     (D(2021, 3, 6), D(2021, 3, 7)), "dans la nuit de samedi à dimanche"),
    ("L'offensive lancée le 15 février se poursuit dans la région.", "offensive",
     (D(2021, 2, 15),), "le 15 février"),
    ("L'armée a annoncé dimanche avoir mené une frappe contre un dépôt.", "frappe",
     (D(2021, 3, 7),), "dimanche"),
    ("Les délégations se sont réunies hier à Doha.", "réunies", (D(2021, 3, 7),), "hier"),
]
# fmt: on


@pytest.mark.parametrize(("text", "word", "dates", "expr"), TIMES)
def test_event_time_reads_attached_expression(read, text, word, dates, expr):
    ctx, tok = read(text)
    assert event_time(tok(word), ctx) == (dates, expr)


def test_event_time_gives_both_days_for_mardi_ou_mercredi(read):
    ctx, tok = read("Le ministre a indiqué que des discussions devraient débuter mardi ou mercredi à Vienne.")
    dates, expr = event_time(tok("débuter"), ctx)
    assert dates == (D(2021, 3, 9), D(2021, 3, 10))
    assert expr == "mardi ou mercredi"


def test_event_time_defaults_to_dispatch_date_for_news_of_the_day(read):
    ctx, tok = read("Le gouvernement a condamné l'attaque contre le convoi humanitaire.")
    assert event_time(tok("condamné"), ctx) == ((MON,), None)


def test_event_time_ignores_time_of_another_clause(read):
    ctx, tok = read("Le président, qui s'était rendu mardi à Paris, a condamné l'attaque.")
    assert event_time(tok("condamné"), ctx) == ((MON,), None)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("En 2014, les insurgés avaient été évacués de la vieille ville.", "évacués"),
        ("Les combats se sont intensifiés ces derniers jours autour de l'aéroport.", "intensifiés"),
        ("Les troupes progressaient lentement vers le nord du pays.", "progressaient"),
        ("Le conseil a demandé aux milices de se retirer de la capitale.", "retirer"),
    ],
)
def test_event_time_gives_no_date_for_vague_background_or_planned_without_day(read, text, word):
    ctx, tok = read(text)
    dates, _ = event_time(tok(word), ctx)
    assert dates == ()


def test_event_time_of_a_complement_is_not_its_head_event_s(read):
    # the participle dates the accord; the truce inside the phrase is not dated by it
    ctx, tok = read("Les deux camps ont promis de respecter l'accord de cessez-le-feu négocié vendredi.")
    assert event_time(tok("accord"), ctx)[1] == "vendredi"
    assert event_time(tok("cessez-le-feu"), ctx)[1] != "vendredi"


def test_event_time_weekday_direction_follows_tense(read):
    ctx, tok = read("Les combats ont repris jeudi et une réunion aura lieu jeudi à Paris.")
    past = event_time(tok("repris"), ctx)[0]
    assert past == (D(2021, 3, 4),)
    later = [t for t in ctx.doc if t.text == "aura"][0]
    assert event_time(later, ctx)[0] == (D(2021, 3, 11),)


# fmt: off
STATUSES = [
    ("Les rebelles ne quitteront pas la ville.", "quitteront", Status.NEGATED),
    ("Le ministre a refusé de négocier avec les insurgés.", "négocier", Status.NEGATED),
    ("Aucun accord n'a été trouvé entre les deux camps.", "accord", Status.NEGATED),
    ("Les deux camps ont échoué à conclure un accord.", "conclure", Status.NEGATED),
    ("Le conseil a demandé aux milices de se retirer de la capitale.", "retirer", Status.PLANNED),
    ("Les rebelles sont engagés dans de violents combats près de la capitale.", "combats", Status.OCCURRED),
    ("Les pourparlers doivent reprendre jeudi à Vienne.", "reprendre", Status.PLANNED),
    ("Des négociations devraient débuter la semaine prochaine.", "débuter", Status.PLANNED),
    ("La trêve entrera en vigueur vendredi à minuit.", "trêve", Status.PLANNED),
    ("Une réunion est prévue mardi à Genève.", "réunion", Status.PLANNED),
    ("Le Premier ministre a promis la libération de la ville.", "libération", Status.PLANNED),
    ("L'armée a bombardé mardi plusieurs villages du nord.", "bombardé", Status.OCCURRED),
    ("Les délégations se sont réunies hier à Doha.", "réunies", Status.OCCURRED),
    ("Le gouvernement a demandé un cessez-le-feu.", "demandé", Status.OCCURRED),
    ("La déclaration présentée par la France a été bloquée par la Russie.", "déclaration", Status.OCCURRED),
]
# fmt: on


@pytest.mark.parametrize(("text", "word", "status"), STATUSES)
def test_event_status_reads_polarity_and_modality(read, text, word, status):
    ctx, tok = read(text)
    assert event_status(tok(word), ctx) is status


@pytest.mark.parametrize(
    ("text", "word", "tense"),
    [
        ("Les soldats ont tué deux civils.", "tué", "past"),
        ("Les soldats avaient tué deux civils.", "tué", "pluperfect"),
        ("Les soldats tueront les otages.", "tueront", "future"),
        ("Les soldats partiront demain.", "partiront", "future"),
        ("Un départ des rebelles représenterait une victoire.", "représenterait", "conditional"),
        ("Les soldats avançaient vers la ville.", "avançaient", "imperfect"),
        ("Six civils auraient été tués.", "tués", "past"),
    ],
)
def test_tense_of_reads_compound_and_simple_tenses(read, text, word, tense):
    _, tok = read(text)
    assert tense_of(tok(word)) == tense


@pytest.mark.parametrize(
    ("text", "word", "status"),
    [
        ("L'armée a lancé une offensive pour reprendre la ville.", "reprendre", Status.PLANNED),
        ("Les délégations sont tombées d'accord pour prolonger la trêve.", "prolonger", Status.OCCURRED),
        (
            "Nous serons obligés de quitter nos positions et de retirer nos troupes.",
            "retirer",
            Status.PLANNED,
        ),
        ("Le groupe a promis de retirer ses hommes le 20 mars.", "retirer", Status.PLANNED),
        ("Le groupe retirera ses hommes de la ville le 20 mars.", "retirera", Status.PLANNED),
    ],
)
def test_event_status_purpose_obligation_and_future_dates(read, text, word, status):
    ctx, tok = read(text)
    assert event_status(tok(word), ctx) is status


def test_event_status_future_date_makes_planned(read):
    ctx, tok = read("Selon le chef du groupe, ses unités quittent la ville le 20 mars.")
    assert event_status(tok("quittent"), ctx) is Status.PLANNED
    assert event_time(tok("quittent"), ctx) == ((D(2021, 3, 20),), "le 20 mars")


def test_event_time_ignores_times_of_a_glued_heading(read):
    ctx, tok = read(
        "Des renforts ont été déployés et un appui aérien a repoussé les assaillants\n\nDes morts depuis 2015"
    )
    assert event_time(tok("repoussé"), ctx) == ((MON,), None)
