"""NewsML-G2 reader: item fields, messages of several items, safety and bad XML."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from kg.errors import IngestError
from kg.ingest import read_newsml
from kg.types import Dispatch

DATA = Path(__file__).resolve().parent / "data"
G2 = "http://iptc.org/std/nar/2006-10-01/"


def _items(path: Path, **options: object) -> list[Dispatch | IngestError]:
    return list(read_newsml(path, **options))  # type: ignore[arg-type]


def _dispatch(path: Path, **options: object) -> Dispatch:
    [d] = _items(path, **options)
    assert isinstance(d, Dispatch), str(d)
    return d


def _error(path: Path, **options: object) -> IngestError:
    [e] = _items(path, **options)
    assert isinstance(e, IngestError), e
    assert e.where is not None and path.name in e.where
    return e


def _item_xml(tmp_path: Path, inner: str, *, attrs: str = "", name: str = "item.xml") -> Path:
    path = tmp_path / name
    path.write_text(f'<newsItem xmlns="{G2}" guid="urn:test:1" {attrs}>{inner}</newsItem>', encoding="utf-8")
    return path


_META = "<itemMeta><versionCreated>2019-04-08T09:30:00Z</versionCreated></itemMeta>"


def test_read_newsml_item_metadata() -> None:
    d = _dispatch(DATA / "newsitem-stepanakert.xml")
    assert d.source_name == "newsitem-stepanakert.xml"  # one item: named after the file
    assert d.title == "Haut-Karabakh : nouveaux bombardements malgré la trêve humanitaire"
    assert d.date == dt.date(2020, 10, 11)
    assert d.published == dt.datetime(2020, 10, 11, 8, 15, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert d.lang == "fr"
    assert d.dateline == "Stepanakert"  # contentMeta/located
    assert d.publisher == "AFP"  # infoSource "Agence France-Presse"
    assert d.extra["guid"] == "urn:newsml:exemple.org:20201011:karabakh-01"


def test_read_newsml_xhtml_paragraphs() -> None:
    d = _dispatch(DATA / "newsitem-stepanakert.xml")
    paragraphs = d.body.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0] == (
        "Des tirs d'artillerie ont été entendus dimanche matin à Stepanakert, "
        "au lendemain de l'entrée en vigueur d'une trêve humanitaire."
    )
    assert paragraphs[1] == "Les deux camps se sont mutuellement accusés d'avoir violé le cessez-le-feu."
    assert paragraphs[2] == "Appels au calme"
    assert (
        "STEPANAKERT (AFP)" not in d.body and "nouveaux bombardements" not in d.body
    )  # lead and <head> dropped


def test_read_newsml_message_with_several_items() -> None:
    items = _items(DATA / "newsmessage-two-items.xml")
    first, second = items
    assert isinstance(first, Dispatch)
    assert first.source_name == "urn:newsml:exemple.org:20140813:gaza-01"
    assert (first.publisher, first.dateline, first.date) == ("Reuters", "LE CAIRE", dt.date(2014, 8, 13))
    assert first.body.startswith("Les délégations réunies au Caire")
    assert isinstance(second, IngestError)
    assert "no inline text" in second.message
    assert second.where is not None and "gaza-02" in second.where and ":20" in second.where


def test_read_newsml_not_g2() -> None:
    err = _error(DATA / "rss-feed.xml")
    assert err.message == "not NewsML-G2: root element is <rss>"


def test_read_newsml_wrong_namespace(tmp_path: Path) -> None:
    path = tmp_path / "old.xml"
    path.write_text('<newsItem xmlns="urn:other"><x/></newsItem>', encoding="utf-8")
    assert "not NewsML-G2: root element is <newsItem> in namespace urn:other" in _error(path).message


def test_read_newsml_malformed_gives_line_and_column() -> None:
    err = _error(DATA / "malformed.xml")
    assert err.message == "malformed XML: mismatched tag at line 4, column 25"
    assert err.where == f"{DATA / 'malformed.xml'}:4"


def test_read_newsml_billion_laughs_refused() -> None:
    t0 = time.perf_counter()
    err = _error(DATA / "billion-laughs.xml")
    assert time.perf_counter() - t0 < 0.5
    assert "refused" in err.message and "DOCTYPE" in err.message


def test_read_newsml_external_entity_refused(tmp_path: Path) -> None:
    path = tmp_path / "xxe.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        f'<newsItem xmlns="{G2}"><contentSet><inlineData>&e;</inlineData></contentSet></newsItem>',
        encoding="utf-8",
    )
    assert "refused" in _error(path).message


def test_read_newsml_inline_data_lead_gives_dateline(tmp_path: Path) -> None:
    path = _item_xml(
        tmp_path,
        _META + '<contentSet><inlineData contenttype="text/plain">'
        "TRIPOLI, 8 avril 2019 (AFP) - Les vols ont repris.\n\nUn second paragraphe."
        "</inlineData></contentSet>",
        attrs='xml:lang="fr-FR"',
    )
    d = _dispatch(path)
    assert (d.dateline, d.publisher, d.lang) == ("TRIPOLI", "AFP", "fr")
    assert d.body == "Les vols ont repris.\n\nUn second paragraphe."


def test_read_newsml_dateline_element(tmp_path: Path) -> None:
    path = _item_xml(
        tmp_path,
        _META + "<contentMeta><dateline>MOSSOUL, 17 oct 2016 (AFP) -</dateline></contentMeta>"
        "<contentSet><inlineData>Les forces irakiennes avancent.</inlineData></contentSet>",
    )
    assert _dispatch(path).dateline == "MOSSOUL"


def test_read_newsml_provider_qcode_and_content_created(tmp_path: Path) -> None:
    path = _item_xml(
        tmp_path,
        '<itemMeta><provider qcode="nprov:REUTERS"/></itemMeta>'
        '<contentMeta><contentCreated>2016-10-17</contentCreated><language tag="en"/></contentMeta>'
        "<contentSet><inlineData>Iraqi forces advanced.</inlineData></contentSet>",
    )
    d = _dispatch(path)
    assert (d.publisher, d.date, d.published, d.lang) == ("Reuters", dt.date(2016, 10, 17), None, "en")


def test_read_newsml_overrides(tmp_path: Path) -> None:
    path = _item_xml(tmp_path, _META + "<contentSet><inlineData>Un texte.</inlineData></contentSet>")
    d = _dispatch(path, date=dt.date(2019, 4, 9), lang="en")
    assert (d.date, d.lang, d.published) == (dt.date(2019, 4, 9), "en", None)


def test_read_newsml_item_without_date(tmp_path: Path) -> None:
    path = _item_xml(tmp_path, "<contentSet><inlineData>Un texte.</inlineData></contentSet>")
    err = _error(path)
    assert "no date" in err.message and err.hint == "pass --date YYYY-MM-DD"


def test_read_newsml_package_without_items(tmp_path: Path) -> None:
    path = tmp_path / "package.xml"
    path.write_text(
        f'<packageItem xmlns="{G2}" guid="urn:p"><groupSet root="G1"><group id="G1">'
        '<itemRef residref="urn:a"/></group></groupSet></packageItem>',
        encoding="utf-8",
    )
    assert "<packageItem> holds no newsItem" in _error(path).message


def test_read_newsml_concept_item_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "concept.xml"
    path.write_text(f'<conceptItem xmlns="{G2}" guid="urn:c"/>', encoding="utf-8")
    assert "holds no news text" in _error(path).message


@pytest.mark.parametrize(
    ("data", "message"), [(b"", "empty"), (b"  \n ", "only whitespace"), (b"<a>\x00</a>", "binary")]
)
def test_read_newsml_bad_file(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(data)
    assert message in _error(path).message


def test_read_newsml_file_over_limit(tmp_path: Path) -> None:
    path = _item_xml(
        tmp_path, _META + "<contentSet><inlineData>" + "Un texte. " * 200 + "</inlineData></contentSet>"
    )
    err = _error(path, max_bytes=1000)
    assert "over the" in err.message


def test_read_newsml_utf16_by_bom(tmp_path: Path) -> None:
    path = tmp_path / "wide.xml"
    xml = f'<?xml version="1.0" encoding="UTF-16"?><newsItem xmlns="{G2}">{_META}'
    xml += "<contentSet><inlineData>Genève accueille les pourparlers.</inlineData></contentSet></newsItem>"
    path.write_bytes(xml.encode("utf-16"))
    assert _dispatch(path).body == "Genève accueille les pourparlers."


def test_read_newsml_nitf_body_and_line_breaks(tmp_path: Path) -> None:
    path = _item_xml(
        tmp_path,
        _META + '<contentSet><inlineXML contenttype="application/nitf+xml">'
        '<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.head><hedline><hl1>Titre</hl1></hedline>'
        "<dateline>BAMAKO</dateline></body.head><body.content>"
        "<p>Une première ligne<br/>suivie d'une autre.</p>"
        "<p>Un second paragraphe.</p></body.content></body></nitf></inlineXML></contentSet>",
    )
    assert _dispatch(path).body == "Une première ligne suivie d'une autre.\n\nUn second paragraphe."
