"""French time expressions: finding them and resolving them against the dispatch date."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.dates import find_times, parse_time, scan_times

D = dt.date
MON = D(2021, 3, 8)  # a Monday
WED = D(2021, 3, 10)

# fmt: off
CASES = [
    # weekdays: the dispatch day itself, else the most recent one, or the next one for planned events
    ("lundi", MON, None, (MON,)),
    ("lundi", MON, "future", (MON,)),
    ("mardi", MON, None, (D(2021, 3, 2),)),
    ("mardi", MON, "past", (D(2021, 3, 2),)),
    ("mardi", MON, "future", (D(2021, 3, 9),)),
    ("dimanche", MON, None, (D(2021, 3, 7),)),
    ("mardi ou mercredi", MON, "future", (D(2021, 3, 9), D(2021, 3, 10))),
    ("samedi et dimanche", MON, None, (D(2021, 3, 6), D(2021, 3, 7))),
    ("jeudi soir", MON, None, (D(2021, 3, 4),)),
    ("Lundi matin", MON, None, (MON,)),
    ("ce mercredi", WED, None, (WED,)),
    ("mercredi prochain", WED, None, (D(2021, 3, 17),)),
    ("vendredi prochain", MON, "past", (D(2021, 3, 12),)),
    ("lundi dernier", MON, None, (D(2021, 3, 1),)),
    ("depuis samedi", MON, "future", (D(2021, 3, 6),)),
    ("d'ici jeudi", MON, None, (D(2021, 3, 11),)),
    # relative days
    ("hier", MON, None, (D(2021, 3, 7),)),
    ("hier soir", MON, None, (D(2021, 3, 7),)),
    ("avant-hier", MON, None, (D(2021, 3, 6),)),
    ("aujourd'hui", MON, None, (MON,)),
    ("aujourd’hui", MON, None, (MON,)),
    ("demain", MON, None, (D(2021, 3, 9),)),
    ("la veille", MON, None, (D(2021, 3, 7),)),
    ("dans la soirée", MON, None, (MON,)),
    ("il y a trois jours", MON, None, (D(2021, 3, 5),)),
    # calendar dates
    ("le 15 novembre", D(2021, 12, 1), None, (D(2021, 11, 15),)),
    ("15 novembre 2016", MON, None, (D(2016, 11, 15),)),
    ("le 10 mai", D(2023, 5, 5), None, (D(2023, 5, 10),)),
    ("le 24 février", D(2022, 11, 11), None, (D(2022, 2, 24),)),
    ("le 20 décembre", D(2022, 1, 10), None, (D(2021, 12, 20),)),
    ("le 5 janvier", D(2021, 12, 20), "future", (D(2022, 1, 5),)),
    ("1er mars", MON, None, (D(2021, 3, 1),)),
    ("lundi 8 avril", D(2019, 4, 10), None, (D(2019, 4, 8),)),
    ("vendredi 11 novembre 2022", D(2022, 11, 11), None, (D(2022, 11, 11),)),
    ("2016-12-05", MON, None, (D(2016, 12, 5),)),
    ("28/11/2024", MON, None, (D(2024, 11, 28),)),
    ("du 3 au 5 mars", MON, None, (D(2021, 3, 3), D(2021, 3, 4), D(2021, 3, 5))),
    # nights spanning two days
    ("dans la nuit de samedi à dimanche", MON, None, (D(2021, 3, 6), D(2021, 3, 7))),
    ("dans la nuit de dimanche à lundi", MON, None, (D(2021, 3, 7), MON)),
    ("la nuit de vendredi", MON, None, (D(2021, 3, 5), D(2021, 3, 6))),
    ("dans la nuit", MON, None, (D(2021, 3, 7), MON)),
    ("nocturne", MON, None, (D(2021, 3, 7), MON)),
    # short spans up to the dispatch day
    ("en trois jours", MON, None, (D(2021, 3, 6), D(2021, 3, 7), MON)),
    # vague times name no day
    ("cette semaine", MON, None, ()),
    ("la semaine dernière", MON, None, ()),
    ("ces derniers jours", MON, None, ()),
    ("en 2014", MON, None, ()),
    ("depuis 2011", MON, None, ()),
    ("fin octobre", MON, None, ()),
    ("en janvier 2014", MON, None, ()),
    ("il y a deux semaines", MON, None, ()),
    ("au printemps", MON, None, ()),
    ("le lendemain", MON, None, ()),
]
# fmt: on


@pytest.mark.parametrize(("text", "ref", "direction", "expected"), CASES)
def test_parse_time_resolves_against_dispatch_date(text, ref, direction, expected):
    assert parse_time(text, ref, direction=direction) == expected


def test_scan_times_finds_expressions_with_offsets():
    text = "Les combats ont repris samedi soir, puis un accord a été signé le 3 mars à Genève."
    found = scan_times(text, MON)
    assert [t.text for t in found] == ["samedi soir", "le 3 mars"]
    for t in found:
        assert text[t.start : t.end] == t.text
    assert found[0].values == (D(2021, 3, 6),)
    assert found[1].values == (D(2021, 3, 3),)


def test_scan_times_keeps_the_longest_expression():
    text = "Des tirs ont été signalés dans la nuit de samedi à dimanche près de la frontière."
    found = scan_times(text, MON)
    assert [t.text for t in found] == ["dans la nuit de samedi à dimanche"]
    assert found[0].values == (D(2021, 3, 6), D(2021, 3, 7))


def test_scan_times_keeps_vague_times_with_no_value():
    found = scan_times("Les violences ont repris ces derniers jours, comme en 2014.", MON)
    assert [(t.text, t.values) for t in found] == [("ces derniers jours", ()), ("en 2014", ())]


@pytest.mark.parametrize(
    "text",
    [
        "Le lendemain, le convoi est reparti.",  # "demain" inside "lendemain"
        "Le bilan dépasse 8.000 morts.",
        "La ville comptait 300 000 habitants.",
        "Un lundi-type commence tôt.",
    ],
)
def test_scan_times_ignores_non_dates(text):
    assert all(t.values == () for t in scan_times(text, MON))
    assert not any(t.text.lower() in ("demain", "lundi") for t in scan_times(text, MON))


def test_find_times_reads_doc_text():
    spacy = pytest.importorskip("spacy")
    doc = spacy.blank("fr")("Les pourparlers doivent débuter mardi ou mercredi à Vienne.")
    found = find_times(doc, MON)
    assert [(t.text, t.values) for t in found] == [("mardi ou mercredi", (D(2021, 3, 2), D(2021, 3, 3)))]
