"""Plain-text reader: wire headers, page furniture, dates, overrides and bad input."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from kg.errors import IngestError
from kg.ingest import DEFAULT_MAX_BYTES, read_text
from kg.types import Dispatch

DATA = Path(__file__).resolve().parent / "data"


def _one(path: Path, **options: object) -> Dispatch | IngestError:
    items = list(read_text(path, **options))  # type: ignore[arg-type]
    assert len(items) == 1
    return items[0]


def _dispatch(path: Path, **options: object) -> Dispatch:
    item = _one(path, **options)
    assert isinstance(item, Dispatch), str(item)
    return item


def _error(path: Path, **options: object) -> IngestError:
    item = _one(path, **options)
    assert isinstance(item, IngestError), item
    assert item.where is not None and path.name in item.where
    return item


def _write(tmp_path: Path, text: str, name: str = "d.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_text_page_header_metadata() -> None:
    d = _dispatch(DATA / "page-idleb.txt")
    assert d.source_name == "page-idleb.txt"
    assert d.title == "Des frappes aériennes visent un marché de la province d'Idleb"
    assert d.date == dt.date(2019, 5, 14)
    assert d.publisher == "AFP"
    assert d.dateline == "Idleb"
    assert d.lang == "fr"
    assert d.extra["desk"] == "AFPMONDE"
    assert d.extra["dateline_country"] == "Syrie"
    assert d.origin == str(DATA / "page-idleb.txt")


def test_read_text_page_furniture_stripped() -> None:
    d = _dispatch(DATA / "page-idleb.txt")
    assert d.body.startswith("Des frappes aériennes ont touché mardi")
    assert d.body.endswith("sur ces informations mardi soir.")
    for furniture in ("©", "Cliquez", "Cliquer", "Partager", "fenêtre", "KADOUR", "AFPMONDE", "2019-05-14"):
        assert furniture not in d.body
    assert d.extra["stripped_furniture"].startswith("© AFP OMAR HAJ KADOUR")


def test_read_text_body_is_exact_substring() -> None:
    raw = (DATA / "page-idleb.txt").read_text(encoding="utf-8")
    d = _dispatch(DATA / "page-idleb.txt")
    start = raw.index(d.body)
    assert raw[start : start + len(d.body)] == d.body
    assert "« Nous avons entendu deux explosions, puis" in d.body  # inner text untouched


def test_read_text_wire_layout_title_and_dateline() -> None:
    d = _dispatch(DATA / "wire-bamako.txt")
    assert d.title == "L'armée malienne dit avoir repoussé une attaque dans le centre du pays"
    assert d.date == dt.date(2017, 1, 3)
    assert d.dateline == "BAMAKO"
    assert d.publisher == "AFP"
    assert d.body.startswith("L'armée malienne a affirmé mardi")
    assert "légèrement blessés.\n\nLes assaillants" in d.body  # paragraphs kept as written
    assert d.body.endswith("qui a requis l'anonymat.")  # the "afp/xy" signature is furniture


@pytest.mark.parametrize(
    ("text", "title", "dateline", "date", "publisher", "body_start"),
    [
        (
            "Trêve fragile dans le Nord\n\nBeyrouth, 5 décembre 2016 (AFP) — Les combats ont repris lundi.",
            "Trêve fragile dans le Nord",
            "Beyrouth",
            dt.date(2016, 12, 5),
            "AFP",
            "Les combats",
        ),
        (
            "Sirènes à Kharkiv\nAFP\n2022-03-03\n03 mars 2022\n"
            "Kharkiv (Ukraine) (AFP) – Des tirs ont visé la ville.",
            "Sirènes à Kharkiv",
            "Kharkiv",
            dt.date(2022, 3, 3),
            "AFP",
            "Des tirs",
        ),
        (
            "MOSCOU, 1er août 2019 (AFP/Reuters) - Le Kremlin a démenti jeudi toute négociation.",
            None,
            "MOSCOU",
            dt.date(2019, 8, 1),
            "AFP",
            "Le Kremlin",
        ),
        (
            "Le maire appelle au calme\n\npar Anne Martin\n"
            "LE CAIRE, 4 sept. 2013 (Reuters) - Le maire a appelé au calme.",
            "Le maire appelle au calme",
            "LE CAIRE",
            dt.date(2013, 9, 4),
            "Reuters",
            "Le maire a appelé",
        ),
        (
            "ONUINFO Vote reporté au Conseil AP 2017-04-12T18:30:00Z 12 Avr 2017 AP "
            "Le vote a été reporté mercredi.",
            "Vote reporté au Conseil",
            None,
            dt.date(2017, 4, 12),
            "AP",
            "Le vote",
        ),
        (
            "Saint-Pétersbourg (Russie) (AFP) - Une explosion a secoué le métro lundi. "
            "© AFP STR Des secouristes",
            None,
            "Saint-Pétersbourg",
            None,
            "AFP",
            "Une explosion",
        ),
    ],
)
def test_read_text_wire_header_family(
    tmp_path: Path,
    text: str,
    title: str | None,
    dateline: str | None,
    date: dt.date | None,
    publisher: str,
    body_start: str,
) -> None:
    fallback = dt.date(2000, 1, 1)
    d = _dispatch(_write(tmp_path, text), **({} if date else {"date": fallback}))
    assert (d.title, d.dateline, d.date, d.publisher) == (title, dateline, date or fallback, publisher)
    assert d.body.startswith(body_start)
    assert "(AFP" not in d.body and "©" not in d.body


def test_read_text_iso_timestamp_gives_published(tmp_path: Path) -> None:
    d = _dispatch(
        _write(tmp_path, "Vote reporté AFP 2017-04-12T18:30:00+02:00 PARIS (AFP) - Le vote a été reporté.")
    )
    assert d.published == dt.datetime(2017, 4, 12, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert d.date == dt.date(2017, 4, 12)


def test_read_text_several_agencies_kept_in_extra(tmp_path: Path) -> None:
    d = _dispatch(_write(tmp_path, "GENÈVE, 2 mai 2018 (AFP/Reuters) - Les pourparlers ont repris."))
    assert d.publisher == "AFP"
    assert d.extra["agencies"] == ("AFP", "Reuters")


def test_read_text_bare_lead_dateline(tmp_path: Path) -> None:
    d = _dispatch(
        _write(tmp_path, "Aden — Un convoi humanitaire est arrivé samedi."), date=dt.date(2018, 4, 2)
    )
    assert d.dateline == "Aden"
    assert d.body == "Un convoi humanitaire est arrivé samedi."


def test_read_text_kicker_is_not_a_dateline(tmp_path: Path) -> None:
    d = _dispatch(
        _write(tmp_path, "BOMBARDEMENT - Un quartier a été touché dans la nuit."), date=dt.date(2020, 10, 11)
    )
    assert d.dateline is None
    assert d.extra["kicker"] == "BOMBARDEMENT"
    assert d.body == "Un quartier a été touché dans la nuit."


def test_read_text_bare_body_needs_date() -> None:
    err = _error(DATA / "bare-body.txt")
    assert "no date" in err.message
    assert err.hint == "pass --date YYYY-MM-DD"


def test_read_text_bare_body_with_date() -> None:
    d = _dispatch(DATA / "bare-body.txt", date=dt.date(2021, 6, 1))
    raw = (DATA / "bare-body.txt").read_text(encoding="utf-8")
    assert d.title is None and d.dateline is None and d.publisher is None
    assert d.body == raw.strip()
    assert d.date == dt.date(2021, 6, 1)


def test_read_text_date_and_lang_override_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "Vote reporté AFP 2017-04-12T18:30:00Z PARIS (AFP) - Le vote a été reporté.")
    d = _dispatch(path, date=dt.date(2017, 4, 13), lang="fr-BE")
    assert d.date == dt.date(2017, 4, 13)
    assert d.published is None  # the file's timestamp disagrees with the date given
    assert d.lang == "fr"


def test_read_text_invalid_lang_override(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "PARIS (AFP) - Texte."), date=dt.date(2020, 1, 1), lang="français")
    assert "--lang" in err.message


def test_read_text_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert "empty" in _error(path).message


def test_read_text_whitespace_only_file(tmp_path: Path) -> None:
    assert "only whitespace" in _error(_write(tmp_path, " \n\t\n  \n")).message


def test_read_text_header_without_story(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "BEYROUTH, 5 déc 2016 (AFP) - "))
    assert "no story text" in err.message


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)),
        b"\x89PNG\r\n\x1a\n" + bytes(range(1, 32)) * 40,
    ],
    ids=["nul-bytes", "undecodable-controls"],
)
def test_read_text_binary_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(data)
    assert "binary" in _error(path).message


def test_read_text_utf16_bom_suggests_encoding(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("PARIS (AFP) - Texte.".encode("utf-16"))
    err = _error(path)
    assert "UTF-16" in err.message and err.hint == "pass --encoding utf-16"
    d = _dispatch(path, encoding="utf-16", date=dt.date(2020, 1, 1))
    assert d.body == "Texte."


def test_read_text_latin1_as_utf8_is_an_error() -> None:
    err = _error(DATA / "latin1-geneve.txt")
    assert "not UTF-8" in err.message
    assert "byte 0xE9 at byte 5 (line 1, column 6)" in err.message
    assert err.hint is not None and "pass --encoding latin-1" in err.hint


def test_read_text_latin1_with_encoding() -> None:
    d = _dispatch(DATA / "latin1-geneve.txt", encoding="latin-1")
    assert d.title == "Les négociations reprendront à Genève"
    assert d.dateline == "GENÈVE"
    assert d.date == dt.date(2018, 2, 12)
    assert d.body.startswith("Les négociations sur la Syrie")


def test_read_text_unknown_encoding(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "PARIS (AFP) - Texte."), encoding="klingon-8")
    assert "unknown encoding" in err.message


def test_read_text_crlf_newlines_normalised(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Titre\r\n\r\nPARIS, 2 mai 2018 (AFP) - Un.\r\n\r\nDeux.\r\n")
    d = _dispatch(path)
    assert d.title == "Titre" and d.body == "Un.\n\nDeux."


def test_read_text_utf8_bom_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + b"PARIS (AFP) - Texte.")
    assert _dispatch(path, date=dt.date(2020, 1, 1)).body == "Texte."


def test_read_text_file_over_limit_refused_from_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # a sparse 50 MiB file: cheap to make
        fh.seek(50 * 1024 * 1024 - 1)
        fh.write(b".")

    def no_read(self: Path) -> bytes:
        raise AssertionError("the file must not be read")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    t0 = time.perf_counter()
    err = _error(path)
    assert time.perf_counter() - t0 < 0.5
    assert "50.0 MiB (52428800 bytes), over the 10.0 MiB limit" in err.message
    assert err.hint is not None and "max_bytes" in err.hint
    assert DEFAULT_MAX_BYTES == 10 * 1024 * 1024


def test_read_text_custom_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "PARIS (AFP) - " + "Un texte assez long. " * 10)
    assert "over the" in _error(path, max_bytes=50).message


def test_read_text_missing_file_and_directory(tmp_path: Path) -> None:
    assert "no such file" in _error(tmp_path / "absent.txt").message
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert "directory" in _error(folder).message


def test_read_text_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "later.txt"
    items = read_text(path)  # nothing is read before iteration
    path.write_text("PARIS, 2 mai 2018 (AFP) - Écrit après l'appel.", encoding="utf-8")
    [d] = list(items)
    assert isinstance(d, Dispatch) and d.body == "Écrit après l'appel."


def test_read_text_standfirst_kept_aside(tmp_path: Path) -> None:
    text = "Accord sur les otages\nUn chapô résume l'affaire. Il tient en deux phrases.\n\n"
    text += "DOHA (AFP) - Le corps."
    d = _dispatch(_write(tmp_path, text), date=dt.date(2023, 11, 22))
    assert d.title == "Accord sur les otages"
    assert d.extra["standfirst"] == "Un chapô résume l'affaire. Il tient en deux phrases."
    assert d.body == "Le corps."


def test_read_text_rubric_line_before_title(tmp_path: Path) -> None:
    text = "Syrie\nM. Assad reçoit un émissaire onusien\nDAMAS, 2 mai 2018 (AFP) - Le corps."
    d = _dispatch(_write(tmp_path, text))
    assert d.title == "M. Assad reçoit un émissaire onusien"
    assert (d.extra["kicker"], d.dateline) == ("Syrie", "DAMAS")


def test_read_text_agency_inside_running_text_is_not_a_header(tmp_path: Path) -> None:
    text = "Les rebelles ont quitté la ville. Un habitant joint par un correspondant (AFP) - a confirmé."
    d = _dispatch(_write(tmp_path, text), date=dt.date(2016, 12, 5))
    assert d.body == text and d.title is None and d.dateline is None


def test_read_text_title_block_without_dateline(tmp_path: Path) -> None:
    text = "Reprise des pourparlers à Doha\n\nLes négociateurs se retrouvent jeudi pour une nouvelle session."
    d = _dispatch(_write(tmp_path, text), date=dt.date(2023, 11, 22))
    assert d.title == "Reprise des pourparlers à Doha"
    assert d.body == "Les négociateurs se retrouvent jeudi pour une nouvelle session."
