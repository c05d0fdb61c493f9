"""The two seed cables produce the records the project promises, pinned by golden JSON.

Regenerate the golden files after a deliberate change with
``CABLESCOPE_UPDATE_GOLDEN=1 pytest tests/pipeline/test_seeds.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
import pytest

from cablescope.model.serialize import cable_to_dict
from cablescope.pipeline.ingest import ingest
from cablescope.store.sqlite import SqliteStore
from tests.conftest import EXAMPLES

GOLDEN = Path(__file__).resolve().parent.parent / "fixtures" / "golden"


def _record(tmp_path: Path, cable_id: str, *paths: Path) -> dict[str, Any]:
    with SqliteStore.open(str(tmp_path / "seed.db")) as store:
        summary = ingest([str(p) for p in paths], store, workers=1)
        assert summary.rejected == 0, summary.problems
        cable = store.get_cable(cable_id)
    assert cable is not None
    record = cable_to_dict(cable)
    for source in record["sources"]:
        source["path"] = Path(source["path"]).name
    for ann in record["annotations"]:
        ann["source"] = Path(ann["source"]).name
    return record


def _check_golden(name: str, record: dict[str, Any]) -> None:
    path = GOLDEN / name
    data = orjson.dumps(record, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    if os.environ.get("CABLESCOPE_UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert orjson.loads(path.read_bytes()) == orjson.loads(data), f"{name} differs from golden"


def test_seed_000_annotated_body(tmp_path: Path, seed_annotated: Path) -> None:
    record = _record(tmp_path, "09MEXICO2882", seed_annotated)
    assert record["id"] == "09MEXICO2882"
    assert record["id_inferred"] is True
    assert record["declassify_on"] == "2019-10-04"
    assert record["classification"] == "CONFIDENTIAL"
    assert [t["code"] for t in record["tags"]] == ["KCRM", "PGOV", "SNAR", "MX"]
    assert record["tags"][0]["label"] == "Criminal Activity"
    assert record["tags"][2]["label"] == "Social Affairs--Narcotics"
    assert record["subject"].startswith("ELEMENTS OF GOM POLICY TEAM")
    assert record["signer"] == "PASCUAL"
    assert record["classified_by"] == "NAS Director Keith Mines"
    assert record["reasons"] == "1.5 (b) (d)"
    assert [p["number"] for p in record["paragraphs"]] == list(range(1, 13))
    assert record["paragraphs"][1]["marking"] == "U"
    # every inline mark survives as an annotation, none leaks into the text
    assert len(record["annotations"]) == 107
    text = record["text"]
    assert "[PER" not in text and "  ]" not in text
    for ann in record["annotations"]:
        assert text[ann["start"] : ann["end"]] == ann["text"]
    assert {"Keith Mines", "Ciudad Juarez", "PGR"} <= {a["text"] for a in record["annotations"]}
    assert "country's damaged" in text
    _check_golden("09MEXICO2882.seed000.json", record)


def test_seed_004_plusd_alone(tmp_path: Path, seed_plusd: Path) -> None:
    record = _record(tmp_path, "10MEXICO83", seed_plusd)
    assert record["published_id"] == "10MEXICO83_a"
    assert record["date"] == "2010-01-29T20:49:00Z"
    assert record["signer"] == "FEELEY"
    assert "MEXICO 00000083 002 OF 005" not in record["text"]
    assert "NATIONAL" not in record["text"][-200:]
    assert any(n.startswith("archive-footer:") for n in record["notes"])
    assert len(record["paragraphs"]) == 17
    _check_golden("10MEXICO83.seed004.json", record)


def test_seed_004_and_the_page_merge_into_one_cable(tmp_path: Path, seed_plusd: Path) -> None:
    record = _record(tmp_path, "10MEXICO83", seed_plusd, EXAMPLES / "html" / "10MEXICO83.html")
    assert [s["format"] for s in record["sources"]] == ["wikileaks-html", "plusd"]
    assert record["published_id"] == "10MEXICO83_a"
    kinds = {(d["kind"], d["value"]) for d in record["dates"]}
    assert ("created", "2010-01-29T20:08:00Z") in kinds
    assert ("dtg", "2010-01-29T20:49:00Z") in kinds
    assert ("plusd", "2010-01-29T20:49:00Z") in kinds
    assert record["date"] == "2010-01-29T20:49:00Z"
    assert record["origin"] == "Embassy Mexico"
    assert {"field": "origin", "value": "Mexico Mexico City"}.items() <= next(
        v for v in record["variants"] if v["field"] == "origin"
    ).items()
    assert record["classification"] == "SECRET"
    assert "SIPDIS" in record["handling"]
    assert record["subject"] == (
        "Scenesetter for the Opening of the Defense Bilateral Working Group, "
        "Washington, D.C., February 1"
    )
    assert [d["name"] for d in record["destinations"] if d["kind"] == "to"] == ["SECSTATE WASHDC"]
    assert len(record["destinations"]) == 14
    _check_golden("10MEXICO83.merged.json", record)


@pytest.mark.parametrize("order", [0, 1])
def test_merge_does_not_depend_on_ingest_order(
    tmp_path: Path, seed_plusd: Path, order: int
) -> None:
    paths = [seed_plusd, EXAMPLES / "html" / "10MEXICO83.html"]
    (tmp_path / "a").mkdir()
    first = _record(tmp_path / "a", "10MEXICO83", *paths[order:], *paths[:order])
    (tmp_path / "b").mkdir()
    with SqliteStore.open(str(tmp_path / "b" / "seed.db")) as store:
        for p in paths[::-1] if order else paths:
            ingest([str(p)], store, workers=1)
        cable = store.get_cable("10MEXICO83")
    assert cable is not None
    second = cable_to_dict(cable)
    for source in second["sources"]:
        source["path"] = Path(source["path"]).name
    assert first == second
