"""JSON Lines and JSON reader: fields, per-record errors, streaming limit, overrides."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kg.errors import IngestError
from kg.ingest import read_jsonl
from kg.types import Dispatch

DATA = Path(__file__).resolve().parent / "data"


def _items(path: Path, **options: object) -> list[Dispatch | IngestError]:
    return list(read_jsonl(path, **options))  # type: ignore[arg-type]


def _by_name(items: list[Dispatch | IngestError]) -> dict[str, Dispatch]:
    return {d.source_name: d for d in items if isinstance(d, Dispatch)}


def _errors(items: list[Dispatch | IngestError]) -> list[IngestError]:
    return [e for e in items if isinstance(e, IngestError)]


def _write_lines(tmp_path: Path, records: list[object], name: str = "d.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _record(**fields: object) -> dict[str, object]:
    return {"id": "r1", "date": "2021-05-20", "text": "Une phrase de dépêche.", **fields}


def test_read_jsonl_items_in_file_order() -> None:
    items = _items(DATA / "dispatches.jsonl")
    kinds = ["D" if isinstance(i, Dispatch) else "E" for i in items]
    assert kinds == ["D", "E", "D", "E", "E", "E", "D", "D"]


def test_read_jsonl_record_fields() -> None:
    d = _by_name(_items(DATA / "dispatches.jsonl"))["gaza-treve-2021"]
    assert d.title == "Gaza : une trêve entre en vigueur après onze jours de combats"
    assert d.date == dt.date(2021, 5, 21)
    assert d.lang == "fr"  # "fr-FR" normalised
    assert d.url == "https://exemple.org/monde/gaza-treve"
    assert d.publisher == "AFP"
    assert d.dateline == "GAZA"
    assert d.origin == f"{DATA / 'dispatches.jsonl'}:1"
    assert d.extra["section"] == "monde"  # unknown field kept
    assert d.extra["source"] == "Exemple Info (avec AFP)"


def test_read_jsonl_lead_and_signature_stripped_exactly() -> None:
    d = _by_name(_items(DATA / "dispatches.jsonl"))["gaza-treve-2021"]
    raw = json.loads((DATA / "dispatches.jsonl").read_text(encoding="utf-8").splitlines()[0])["text"]
    assert d.body.startswith("Une trêve est entrée en vigueur")
    assert d.body.endswith("premières heures du matin.")
    assert d.body in raw
    assert "\n\n" in d.body


def test_read_jsonl_malformed_line_names_file_and_line() -> None:
    errors = _errors(_items(DATA / "dispatches.jsonl"))
    assert errors[0].where == f"{DATA / 'dispatches.jsonl'}:2"
    assert errors[0].message.startswith("malformed JSON")


def test_read_jsonl_record_without_text_or_with_empty_text() -> None:
    errors = _errors(_items(DATA / "dispatches.jsonl"))
    by_line = {e.where.split(":")[-1].split(" ")[0]: e for e in errors if e.where}
    assert 'no "text"' in by_line["4"].message and "sans-texte" in str(by_line["4"])
    assert '"text" is empty' in by_line["5"].message and "texte-vide" in str(by_line["5"])


def test_read_jsonl_record_not_an_object() -> None:
    errors = _errors(_items(DATA / "dispatches.jsonl"))
    assert any(
        e.where and e.where.endswith(":6") and "a list, not a JSON object" in e.message for e in errors
    )


def test_read_jsonl_fallback_name_and_timestamp() -> None:
    d = _by_name(_items(DATA / "dispatches.jsonl"))["dispatches.jsonl#3"]
    assert d.published == dt.datetime(2021, 5, 20, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert d.date == dt.date(2021, 5, 20)
    assert d.publisher is None and d.dateline is None


def test_read_jsonl_reuters_byline_lead() -> None:
    d = _by_name(_items(DATA / "dispatches.jsonl"))["kiev-reuters"]
    assert (d.publisher, d.dateline, d.extra["byline"]) == ("Reuters", "KIEV", "Claire Dubois")
    assert d.body.startswith("Les sirènes ont retenti")


def test_read_jsonl_date_from_lead_when_record_has_none() -> None:
    d = _by_name(_items(DATA / "dispatches.jsonl"))["beyrouth-sans-date"]
    assert d.date == dt.date(2021, 5, 18)
    assert (d.dateline, d.extra["dateline_country"], d.publisher) == ("Beyrouth", "Liban", "AFP")


def test_read_jsonl_publisher_from_source_agency(tmp_path: Path) -> None:
    items = _items(
        _write_lines(
            tmp_path,
            [_record(source="Le Quotidien (Agence France-Presse)"), _record(id="r2", source="Radio Exemple")],
        )
    )
    names = _by_name(items)
    assert names["r1"].publisher == "AFP"
    assert names["r2"].publisher == "Radio Exemple"


def test_read_jsonl_overrides(tmp_path: Path) -> None:
    path = _write_lines(tmp_path, [_record(date="2021-05-20T10:00:00Z", lang="en")])
    [d] = _items(path, date=dt.date(2022, 1, 1), lang="fr")
    assert isinstance(d, Dispatch)
    assert (d.date, d.lang, d.published) == (dt.date(2022, 1, 1), "fr", None)


def test_read_jsonl_missing_date_hint(tmp_path: Path) -> None:
    [err] = _items(_write_lines(tmp_path, [{"id": "x", "text": "Une phrase sans date."}]))
    assert isinstance(err, IngestError)
    assert 'no "date"' in err.message and err.hint is not None and "--date YYYY-MM-DD" in err.hint
    [d] = _items(
        _write_lines(tmp_path, [{"id": "x", "text": "Une phrase sans date."}]), date=dt.date(2020, 1, 2)
    )
    assert isinstance(d, Dispatch) and d.date == dt.date(2020, 1, 2)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"date": "05/12/2016"}, '"date" is not an ISO date'),
        ({"text": 12}, '"text" is a number, not a string'),
        ({"title": ["a"]}, '"title" is a list, not a string'),
        ({"id": True}, '"id" is a boolean'),
        ({"id": " "}, '"id" is empty'),
        ({"lang": "français"}, '"lang" is not a language code'),
        ({"text": "BEYROUTH (AFP) - "}, "no story after its dateline"),
    ],
)
def test_read_jsonl_bad_field(tmp_path: Path, fields: dict[str, object], message: str) -> None:
    [err] = _items(_write_lines(tmp_path, [_record(**fields)]))
    assert isinstance(err, IngestError)
    assert message in err.message
    assert err.where is not None and err.where.startswith(f"{tmp_path / 'd.jsonl'}:1")


def test_read_jsonl_numeric_id(tmp_path: Path) -> None:
    [d] = _items(_write_lines(tmp_path, [_record(id=7)]))
    assert isinstance(d, Dispatch) and d.source_name == "7"


def test_read_jsonl_line_over_limit_others_read(tmp_path: Path) -> None:
    path = _write_lines(tmp_path, [_record(id="a"), _record(id="long", text="mot " * 2000), _record(id="b")])
    items = _items(path, max_bytes=1000)
    assert sorted(_by_name(items)) == ["a", "b"]
    [err] = _errors(items)
    assert err.where == f"{path}:2" and "line is" in err.message and "over the" in err.message


def test_read_jsonl_latin1_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = json.dumps(_record(id="ok"), ensure_ascii=True)
    bad = json.dumps(_record(id="latin", text="Genève a accueilli les délégués."), ensure_ascii=False)
    path.write_bytes(good.encode() + b"\n" + bad.encode("latin-1") + b"\n")
    items = _items(path)
    assert list(_by_name(items)) == ["ok"]
    [err] = _errors(items)
    assert err.where == f"{path}:2" and "not UTF-8" in err.message
    assert err.hint is not None and "--encoding latin-1" in err.hint
    assert sorted(_by_name(_items(path, encoding="latin-1"))) == ["latin", "ok"]


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "empty"), (b"\n  \n\n", "only whitespace"), (b'{"id": 1}\x00\x00\x01', "binary")],
)
def test_read_jsonl_bad_file(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(data)
    [err] = _items(path)
    assert isinstance(err, IngestError) and message in err.message and err.where == str(path)


def test_read_json_list_with_line_numbers() -> None:
    items = _items(DATA / "list.json")
    names = _by_name(items)
    assert list(names) == ["tripoli-1", "tripoli-2"]
    assert names["tripoli-1"].origin == f"{DATA / 'list.json'}:2"
    assert names["tripoli-1"].dateline == "TRIPOLI"
    [err] = _errors(items)
    assert "a number, not a JSON object" in err.message and err.where == f"{DATA / 'list.json'}:13"


def test_read_json_single_object_named_after_file() -> None:
    [d] = _items(DATA / "single.json")
    assert isinstance(d, Dispatch)
    assert d.source_name == "single.json"
    assert d.extra["tags"] == ["syrie", "turquie"]


def test_read_json_valid_but_not_an_object() -> None:
    [err] = _items(DATA / "scalar.json")
    assert isinstance(err, IngestError)
    assert "is a string, not an object or a list of objects" in err.message


def test_read_json_holding_json_lines(tmp_path: Path) -> None:
    path = _write_lines(tmp_path, [_record(id="a"), _record(id="b")], name="lines.json")
    assert list(_by_name(_items(path))) == ["a", "b"]


def test_read_json_malformed_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[\n  {"id": "a",\n   "text": }\n]\n', encoding="utf-8")
    [err] = _items(path)
    assert isinstance(err, IngestError)
    assert err.message == "malformed JSON: Expecting value at line 3, column 12"
    assert err.where == f"{path}:3"


def test_read_json_file_over_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps([_record(id=str(i)) for i in range(50)]), encoding="utf-8")
    [err] = _items(path, max_bytes=1000)
    assert isinstance(err, IngestError) and "over the" in err.message


def test_read_jsonl_extra_is_read_only() -> None:
    d = _by_name(_items(DATA / "dispatches.jsonl"))["gaza-treve-2021"]
    with pytest.raises(TypeError):
        d.extra["section"] = "autre"  # type: ignore[index]


def test_read_jsonl_50mb_line_streamed(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as fh:
        fh.write(b'{"id": "big", "date": "2020-01-01", "text": "')
        fh.write(b"a" * (50 * 1024 * 1024))
        fh.write(b'"}\n')
        fh.write(json.dumps(_record(id="after")).encode() + b"\n")
    items = _items(path)
    assert list(_by_name(items)) == ["after"]
    [err] = _errors(items)
    assert err.where == f"{path}:1"
    assert "line is 50.0 MiB" in err.message and "over the 10.0 MiB limit" in err.message
