"""Benchmark: refs, timeline and graph over the ingested corpus, against bare SQL in the same run.

The references are the cheapest queries that read the same rows: the two ``cable_refs``
lookups for ``refs``, one ``GROUP BY year, month`` for ``timeline``, the whole
``cable_refs`` table for ``graph``. cablescope adds the records, the reference list, query
parsing and filters, continuous periods and groups, nodes with their attributes.

    python bench/links.py [--db PATH]   (ingests the corpus into a temporary file without --db)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from _corpus import corpus_store, median_ms

from cablescope.analysis.graph import entity_graph, refs_graph, render
from cablescope.analysis.refs import refs
from cablescope.analysis.timeline import timeline
from cablescope.grammar import ids

REFS = ["08STATE85678", "08USNATO291", "09BUENOSAIRES1017", "06BRASILIA502", "10MEXICO83"]
TIMELINES = [
    ("", "month", None),
    ("", "year", "origin"),
    ("", "month", "tag"),
    ("origin:mexico from:2009", "month", "tag"),
    ("juarez", "month", "origin"),
    ("the", "month", "class"),
]
GRAPHS = [("", False), ("", True), ("origin:mexico from:2009", True)]


def cold() -> None:
    """Forget the inflated reference list, as a fresh process has not read it."""
    ids._list_text.cache_clear()


def cli_ms(db: Path, *args: str, runs: int = 5) -> float:
    env = {**os.environ, "CABLESCOPE_DB": str(db)}
    command = [sys.executable, "-m", "cablescope", *args]
    return median_ms(
        lambda: subprocess.run(command, env=env, capture_output=True, check=True), runs
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    with corpus_store(args.db) as store:
        db = Path(store.path)
        conn = store._conn  # the bare reference runs on the very same connection
        print(f"{store.count()} cables\n")

        print("| refs | cites (missing) | cited by | cablescope ms | first call ms | bare SQL ms |")
        print("|---|---|---|---|---|---|")
        for cid in REFS:
            found = refs(store, cid)
            if found is None:
                print(f"| `{cid}` | not in this store | | | | |")
                continue
            warm = median_ms(lambda c=cid: refs(store, c))
            first = median_ms(lambda c=cid: refs(store, c), before=cold)
            bare = median_ms(
                lambda c=cid: (
                    conn.execute(
                        "SELECT ref_id FROM cable_refs WHERE cable_id = ?", (c,)
                    ).fetchall(),
                    conn.execute(
                        "SELECT cable_id FROM cable_refs WHERE ref_id = ?", (c,)
                    ).fetchall(),
                )
            )
            counts = f"{len(found.cites)} ({len(found.missing)})"
            print(
                f"| `{cid}` | {counts} | {len(found.cited_by)} | {warm:.1f} | {first:.1f} | {bare:.2f} |"
            )

        print("\n| timeline | periods x series | cablescope ms | bare SQL ms |")
        print("|---|---|---|---|")
        bare_ms = median_ms(
            lambda: conn.execute(
                "SELECT year, month, count(*) FROM cables GROUP BY 1, 2"
            ).fetchall()
        )
        for query, by, group in TIMELINES:
            found_t = timeline(store, query, by=by, group=group)
            ours = median_ms(lambda q=query, b=by, g=group: timeline(store, q, by=b, group=g))
            label = f"`{query or '(all)'}` by {by}" + (f", {group}" if group else "")
            shape = f"{len(found_t.periods)} x {len(found_t.series)}"
            print(f"| {label} | {shape} | {ours:.1f} | {bare_ms:.1f} |")

        print("\n| graph (refs) | nodes | edges | build ms | + GEXF ms | bare SQL ms |")
        print("|---|---|---|---|---|---|")
        bare_ms = median_ms(
            lambda: conn.execute("SELECT cable_id, ref_id FROM cable_refs").fetchall(), 5
        )
        for query, all_cited in GRAPHS:
            graph = refs_graph(store, query, all_cited=all_cited)
            ours = median_ms(lambda q=query, a=all_cited: refs_graph(store, q, all_cited=a), 5)
            gexf = median_ms(lambda g=graph: render(g, "gexf"), 3)
            label = f"`{query or '(all)'}`" + (" --all-cited" if all_cited else "")
            print(
                f"| {label} | {len(graph.nodes)} | {len(graph.edges)} | {ours:.0f} | {gexf:.0f} | {bare_ms:.1f} |"
            )

        named = conn.execute("SELECT count(DISTINCT cable_id) FROM cable_entities").fetchone()[0]
        if named:
            print(f"\n| graph (entities; {named} cables name some) | nodes | edges | build ms |")
            print("|---|---|---|---|")
            for min_cables, min_weight in ((1, 1), (5, 3)):
                graph = entity_graph(store, "", min_cables=min_cables, min_weight=min_weight)
                ours = median_ms(
                    lambda c=min_cables, w=min_weight: entity_graph(store, "", c, w), 3
                )
                label = f"--min-cables {min_cables} --min-weight {min_weight}"
                print(f"| {label} | {len(graph.nodes)} | {len(graph.edges)} | {ours:.0f} |")
        else:
            print(
                "\n(no entities stored: ingest with tagging, or marked sources, to time graphs of them)"
            )

        print("\n| whole command, fresh process | ms (median of 5) |")
        print("|---|---|")
        print(f"| `python -m cablescope --help` | {cli_ms(db, '--help'):.0f} |")
        print(f"| `cablescope refs 08STATE85678` | {cli_ms(db, 'refs', '08STATE85678'):.0f} |")
        print(
            f"| `cablescope refs 09BUENOSAIRES1017 --json` | {cli_ms(db, 'refs', '09BUENOSAIRES1017', '--json'):.0f} |"
        )
        print(
            f"| `cablescope timeline --group origin` | {cli_ms(db, 'timeline', '--group', 'origin'):.0f} |"
        )


if __name__ == "__main__":
    main()
