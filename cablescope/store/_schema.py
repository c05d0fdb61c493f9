"""The SQLite schema, as numbered migrations tracked in ``PRAGMA user_version``.

``cables`` holds one row per merged cable: columns for filters and display, the
repaired text, and the merged record (see ``_codec``). ``cables_fts`` indexes
the id, subject and text of ``cables`` as external content, keyed by ``rid``,
the stable integer key of a cable row (a replaced cable keeps its ``rid``).
``cable_entities`` counts each cable's entity mentions by type and name key (see
``query.entity_key``) for the ``per:`` ``org:`` ``loc:`` ``misc:`` filters.
``cable_redactions`` counts the redacted spans of each cable that has any, for the
``redacted:`` filter and the counts that search hits carry.
Schema version 4 adds resolved entities: ``entities`` (one row each, with counts),
``entity_aliases``, ``entity_mentions`` (the entity of every mention, with confidence and
method), ``entity_cables`` (mentions per entity and cable, for cable lists, co-mentions and
timelines), ``entity_co`` (the co-mentions of the entities in many cables, counted ahead), ``entity_judgements`` (curation, never deleted by resolution) and ``store_meta``:
``writes`` counts cable writes and ``resolved`` is its value when entities were last resolved.
Schema version 5 adds ``inputs``: the sha256 of every input file read whole (its cables
stored, no problem) with the ids of its cables, space-separated, so that an unchanged file is skipped before it is parsed or tagged, and
an index on ``readings.sha256`` for the same check on the rows of a streamed dump.
Schema version 6 adds ``entity_mentions.key``, the name key of each linked mention (the alias
it goes by), indexed with its entity, so that how sure the links of each alias are is counted
per entity and alias; a database resolved before it is marked stale (its links have no keys
until the next resolution). Schema version 7 adds ``entity_alias_links``, counted when a
resolution is saved (and at once from the stored links): per entity and alias key, its
mentions and cables, the mean and least confidence of their links and the mentions per method
(JSON), under a partial index of the uncertain ones, so that entity pages and the review list
read it without scanning the links.
Schema version 8 keeps what entities are computed from, so that a curation judgement applies
in place: ``entities.label`` (the cluster) and ``entities.base`` (the id before collisions are
numbered), both indexed; ``entity_mentions.type`` and ``surface`` (the mention as resolution
read it) and ``assigned_confidence`` and ``assigned_method`` (the link as assigned, where its
entity's own key made it exact; NULL otherwise); ``entity_names``, the names curation gave
clusters in the order given; and ``store_meta.basis``, 1 when the entities were saved with
all this (a database resolved before keeps its entities until the next resolution, and its
judgements apply by a full one).
Schema version 9 adds ``cable_counts``: the cables per year, month, origin, classification,
marking and TAGS code and the readings in all (``missing`` 1 for the cables without a
value), kept by triggers as cables, tags and readings are written, so that the overview's
counts and the facets of every cable read a few rows instead of every cable.
Schema version 10 indexes the cables in the order that pages by date read them (undated as
'', then id), so that a page in date order walks an index instead of sorting its matches.
Schema version 11 adds ``cable_periods``: the cables per year and month (0 for none) and
origin, marking or TAGS code (``grp`` 'origin', 'class' or 'tag'; ``missing`` 1 for the
cables without one), kept by triggers as cables and tags are written, so that a timeline of
every cable, grouped or not, reads them instead of joining every cable with its tags. A
tag counts only while its cable is stored, whichever of the two is written first.
Schema version 12 dates each entity's cables; version 13 adds the resolution record
(``resolve_state``, ``resolve_facts``, ``resolve_holdings``, ``resolve_cables``).
``readings`` holds the per-source records; a NULL ``record`` means the reading
is identical to the merged record (the common single-source case), which halves
what a fresh ingest writes.
"""

from __future__ import annotations

import sqlite3

APPLICATION_ID = 0x43424C53
"""``PRAGMA application_id`` of a cablescope database ("CBLS")."""

_V1 = """
CREATE TABLE cables (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    date TEXT,
    year INTEGER,
    month INTEGER,
    origin TEXT,
    classification TEXT,
    marking TEXT,
    subject TEXT,
    signer TEXT,
    n_sources INTEGER NOT NULL,
    text TEXT NOT NULL,
    record BLOB NOT NULL
);
CREATE INDEX cables_date ON cables (date, id);
CREATE INDEX cables_origin ON cables (origin);
CREATE INDEX cables_marking ON cables (marking);

CREATE TABLE readings (
    cable_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    path TEXT NOT NULL,
    record BLOB,
    UNIQUE (cable_id, sha256)
);

CREATE TABLE cable_tags (
    cable_id TEXT NOT NULL,
    code TEXT NOT NULL,
    PRIMARY KEY (cable_id, code)
) WITHOUT ROWID;
CREATE INDEX cable_tags_code ON cable_tags (code, cable_id);

CREATE TABLE cable_refs (
    cable_id TEXT NOT NULL,
    ref_id TEXT NOT NULL,
    PRIMARY KEY (cable_id, ref_id)
) WITHOUT ROWID;
CREATE INDEX cable_refs_ref ON cable_refs (ref_id, cable_id);

CREATE TABLE problems (
    n INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    stage TEXT NOT NULL,
    message TEXT NOT NULL,
    sha256 TEXT,
    at TEXT NOT NULL
);
CREATE INDEX problems_path ON problems (path);

CREATE VIRTUAL TABLE cables_fts USING fts5 (
    id, subject, text,
    content = 'cables', content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 2'
);
"""

_V2 = """
CREATE TABLE cable_entities (
    cable_id TEXT NOT NULL,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (cable_id, type, name)
) WITHOUT ROWID;
CREATE INDEX cable_entities_name ON cable_entities (type, name, cable_id);
"""

_V3 = """
CREATE TABLE cable_redactions (
    cable_id TEXT PRIMARY KEY,
    spans INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO cable_redactions (cable_id, spans)
    SELECT id, n FROM (
        SELECT id, json_array_length(CAST(record AS TEXT), '$.redactions') AS n FROM cables
    ) WHERE n > 0
"""

_V4 = """
CREATE TABLE store_meta (
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO store_meta (key, value) VALUES ('writes', 1);
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    key TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    cables INTEGER NOT NULL,
    first_seen TEXT,
    last_seen TEXT
) WITHOUT ROWID;
CREATE INDEX entities_rank ON entities (mentions DESC, id);
CREATE INDEX entities_key ON entities (key);
CREATE TABLE entity_aliases (
    entity_id TEXT NOT NULL,
    alias TEXT NOT NULL,
    key TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (entity_id, alias, key)
) WITHOUT ROWID;
CREATE INDEX entity_aliases_key ON entity_aliases (key, entity_id);
CREATE TABLE entity_mentions (
    cable_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    confidence REAL NOT NULL,
    method TEXT NOT NULL
);
CREATE INDEX entity_mentions_cable ON entity_mentions (cable_id);
CREATE TABLE entity_cables (
    entity_id TEXT NOT NULL,
    cable_id TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (entity_id, cable_id)
) WITHOUT ROWID;
CREATE INDEX entity_cables_cable ON entity_cables (cable_id, entity_id);
CREATE TABLE entity_co (
    entity_id TEXT NOT NULL,
    other_id TEXT NOT NULL,
    cables INTEGER NOT NULL,
    PRIMARY KEY (entity_id, other_id)
) WITHOUT ROWID;
CREATE TABLE entity_judgements (
    n INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    args TEXT NOT NULL,
    created_at TEXT NOT NULL
)
"""

_V5 = """
CREATE INDEX readings_sha ON readings (sha256);
CREATE TABLE inputs (
    sha256 TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    cables TEXT NOT NULL,
    at TEXT NOT NULL
) WITHOUT ROWID
"""

_V6 = """
ALTER TABLE entity_mentions ADD COLUMN key TEXT NOT NULL DEFAULT '';
CREATE INDEX entity_mentions_entity ON entity_mentions (entity_id, key);
UPDATE store_meta SET value = value + 1
    WHERE key = 'writes' AND EXISTS (SELECT 1 FROM entity_mentions)
"""

_V7 = """
CREATE TABLE entity_alias_links (
    entity_id TEXT NOT NULL,
    key TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    cables INTEGER NOT NULL,
    mean_confidence REAL NOT NULL,
    min_confidence REAL NOT NULL,
    methods TEXT NOT NULL,
    PRIMARY KEY (entity_id, key)
) WITHOUT ROWID;
CREATE INDEX entity_alias_links_uncertain
    ON entity_alias_links (mean_confidence, mentions DESC, entity_id, key)
    WHERE min_confidence < 1;
INSERT INTO entity_alias_links
    SELECT g.entity_id, g.key, g.n, g.c, g.mean, g.least,
        (SELECT json_group_object(method, k) FROM (
            SELECT method, count(*) AS k FROM entity_mentions x
            WHERE x.entity_id = g.entity_id AND x.key = g.key GROUP BY method))
    FROM (
        SELECT entity_id, key, count(*) AS n, count(DISTINCT cable_id) AS c,
            round(avg(confidence), 6) AS mean, min(confidence) AS least
        FROM entity_mentions WHERE key != '' GROUP BY entity_id, key
    ) AS g
"""

_V8 = """
ALTER TABLE entities ADD COLUMN label TEXT NOT NULL DEFAULT '';
ALTER TABLE entities ADD COLUMN base TEXT NOT NULL DEFAULT '';
CREATE INDEX entities_label ON entities (label);
CREATE INDEX entities_base ON entities (base);
ALTER TABLE entity_mentions ADD COLUMN type TEXT NOT NULL DEFAULT '';
ALTER TABLE entity_mentions ADD COLUMN surface TEXT NOT NULL DEFAULT '';
ALTER TABLE entity_mentions ADD COLUMN assigned_confidence REAL;
ALTER TABLE entity_mentions ADD COLUMN assigned_method TEXT;
CREATE TABLE entity_names (
    n INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL
)
"""

_V9 = """
CREATE TABLE cable_counts (
    dimension TEXT NOT NULL,
    missing INTEGER NOT NULL,
    value TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (dimension, missing, value)
) WITHOUT ROWID;
INSERT INTO cable_counts SELECT 'year', (cables.year) IS NULL, coalesce(cables.year, ''), count(*) FROM cables GROUP BY 2, 3;
INSERT INTO cable_counts SELECT 'month', (CASE WHEN length(substr(cables.date, 1, 7)) = 7 THEN substr(cables.date, 1, 7) END) IS NULL, coalesce(CASE WHEN length(substr(cables.date, 1, 7)) = 7 THEN substr(cables.date, 1, 7) END, ''), count(*) FROM cables GROUP BY 2, 3;
INSERT INTO cable_counts SELECT 'origin', (cables.origin) IS NULL, coalesce(cables.origin, ''), count(*) FROM cables GROUP BY 2, 3;
INSERT INTO cable_counts SELECT 'classification', (cables.classification) IS NULL, coalesce(cables.classification, ''), count(*) FROM cables GROUP BY 2, 3;
INSERT INTO cable_counts SELECT 'marking', (cables.marking) IS NULL, coalesce(cables.marking, ''), count(*) FROM cables GROUP BY 2, 3;
INSERT INTO cable_counts SELECT 'tag', 0, code, count(*) FROM cable_tags GROUP BY code;
INSERT INTO cable_counts SELECT 'readings', 0, '', count(*) FROM readings;
CREATE TRIGGER cable_counts_added AFTER INSERT ON cables BEGIN INSERT INTO cable_counts VALUES ('year', (NEW.year) IS NULL, coalesce(NEW.year, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1; INSERT INTO cable_counts VALUES ('month', (CASE WHEN length(substr(NEW.date, 1, 7)) = 7 THEN substr(NEW.date, 1, 7) END) IS NULL, coalesce(CASE WHEN length(substr(NEW.date, 1, 7)) = 7 THEN substr(NEW.date, 1, 7) END, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1; INSERT INTO cable_counts VALUES ('origin', (NEW.origin) IS NULL, coalesce(NEW.origin, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1; INSERT INTO cable_counts VALUES ('classification', (NEW.classification) IS NULL, coalesce(NEW.classification, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1; INSERT INTO cable_counts VALUES ('marking', (NEW.marking) IS NULL, coalesce(NEW.marking, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1; END;
CREATE TRIGGER cable_counts_removed AFTER DELETE ON cables BEGIN UPDATE cable_counts SET n = n - 1 WHERE dimension = 'year' AND missing = ((OLD.year) IS NULL) AND value = coalesce(OLD.year, ''); UPDATE cable_counts SET n = n - 1 WHERE dimension = 'month' AND missing = ((CASE WHEN length(substr(OLD.date, 1, 7)) = 7 THEN substr(OLD.date, 1, 7) END) IS NULL) AND value = coalesce(CASE WHEN length(substr(OLD.date, 1, 7)) = 7 THEN substr(OLD.date, 1, 7) END, ''); UPDATE cable_counts SET n = n - 1 WHERE dimension = 'origin' AND missing = ((OLD.origin) IS NULL) AND value = coalesce(OLD.origin, ''); UPDATE cable_counts SET n = n - 1 WHERE dimension = 'classification' AND missing = ((OLD.classification) IS NULL) AND value = coalesce(OLD.classification, ''); UPDATE cable_counts SET n = n - 1 WHERE dimension = 'marking' AND missing = ((OLD.marking) IS NULL) AND value = coalesce(OLD.marking, ''); END;
CREATE TRIGGER cable_counts_changed AFTER UPDATE OF year, date, origin, classification, marking ON cables BEGIN UPDATE cable_counts SET n = n - 1 WHERE dimension = 'year' AND missing = ((OLD.year) IS NULL) AND value = coalesce(OLD.year, ''); UPDATE cable_counts SET n = n - 1 WHERE dimension = 'month' AND missing = ((CASE WHEN length(substr(OLD.date, 1, 7)) = 7 THEN substr(OLD.date, 1, 7) END) IS NULL) AND value = coalesce(CASE WHEN length(substr(OLD.date, 1, 7)) = 7 THEN substr(OLD.date, 1, 7) END, ''); UPDATE cable_counts SET n = n - 1 WHERE dimension = 'origin' AND missing = ((OLD.origin) IS NULL) AND value = coalesce(OLD.origin, ''); UPDATE cable_counts SET n = n - 1 WHERE dimension = 'classification' AND missing = ((OLD.classification) IS NULL) AND value = coalesce(OLD.classification, ''); UPDATE cable_counts SET n = n - 1 WHERE dimension = 'marking' AND missing = ((OLD.marking) IS NULL) AND value = coalesce(OLD.marking, ''); INSERT INTO cable_counts VALUES ('year', (NEW.year) IS NULL, coalesce(NEW.year, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1; INSERT INTO cable_counts VALUES ('month', (CASE WHEN length(substr(NEW.date, 1, 7)) = 7 THEN substr(NEW.date, 1, 7) END) IS NULL, coalesce(CASE WHEN length(substr(NEW.date, 1, 7)) = 7 THEN substr(NEW.date, 1, 7) END, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1; INSERT INTO cable_counts VALUES ('origin', (NEW.origin) IS NULL, coalesce(NEW.origin, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1; INSERT INTO cable_counts VALUES ('classification', (NEW.classification) IS NULL, coalesce(NEW.classification, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1; INSERT INTO cable_counts VALUES ('marking', (NEW.marking) IS NULL, coalesce(NEW.marking, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1; END;
CREATE TRIGGER tag_counts_added AFTER INSERT ON cable_tags BEGIN INSERT INTO cable_counts VALUES ('tag', 0, NEW.code, 1) ON CONFLICT DO UPDATE SET n = n + 1; END;
CREATE TRIGGER tag_counts_removed AFTER DELETE ON cable_tags BEGIN UPDATE cable_counts SET n = n - 1 WHERE dimension = 'tag' AND missing = 0 AND value = OLD.code; END;
CREATE TRIGGER reading_counts_added AFTER INSERT ON readings BEGIN UPDATE cable_counts SET n = n + 1 WHERE dimension = 'readings'; END;
CREATE TRIGGER reading_counts_removed AFTER DELETE ON readings BEGIN UPDATE cable_counts SET n = n - 1 WHERE dimension = 'readings'; END
"""

_V10 = """
CREATE INDEX cables_date_key ON cables (coalesce(date, ''), id)
"""

_V11 = """
CREATE TABLE cable_periods (
    grp TEXT NOT NULL,
    year INTEGER NOT NULL,
    month INTEGER NOT NULL,
    missing INTEGER NOT NULL,
    value TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (grp, year, month, missing, value)
) WITHOUT ROWID;
INSERT INTO cable_periods SELECT 'origin', coalesce(c.year, 0), coalesce(c.month, 0), c.origin IS NULL, coalesce(c.origin, ''), count(*) FROM cables c WHERE true GROUP BY 2, 3, 4, 5;
INSERT INTO cable_periods SELECT 'class', coalesce(c.year, 0), coalesce(c.month, 0), c.marking IS NULL, coalesce(c.marking, ''), count(*) FROM cables c WHERE true GROUP BY 2, 3, 4, 5;
INSERT INTO cable_periods SELECT 'tag', coalesce(c.year, 0), coalesce(c.month, 0), t.code IS NULL, coalesce(t.code, ''), count(*) FROM cables c LEFT JOIN cable_tags t ON t.cable_id = c.id WHERE true GROUP BY 2, 3, 4, 5;
CREATE TRIGGER cable_periods_added AFTER INSERT ON cables BEGIN INSERT INTO cable_periods VALUES ('origin', coalesce(NEW.year, 0), coalesce(NEW.month, 0), NEW.origin IS NULL, coalesce(NEW.origin, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1; INSERT INTO cable_periods VALUES ('class', coalesce(NEW.year, 0), coalesce(NEW.month, 0), NEW.marking IS NULL, coalesce(NEW.marking, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1; INSERT INTO cable_periods SELECT 'tag', coalesce(NEW.year, 0), coalesce(NEW.month, 0), 0, code, 1 FROM cable_tags WHERE cable_id = NEW.id ON CONFLICT DO UPDATE SET n = n + 1; INSERT INTO cable_periods SELECT 'tag', coalesce(NEW.year, 0), coalesce(NEW.month, 0), 1, '', 1 WHERE NOT EXISTS (SELECT 1 FROM cable_tags WHERE cable_id = NEW.id) ON CONFLICT DO UPDATE SET n = n + 1; END;
CREATE TRIGGER cable_periods_removed AFTER DELETE ON cables BEGIN UPDATE cable_periods SET n = n - 1 WHERE grp = 'origin' AND year = coalesce(OLD.year, 0) AND month = coalesce(OLD.month, 0) AND missing = (OLD.origin IS NULL) AND value = coalesce(OLD.origin, ''); UPDATE cable_periods SET n = n - 1 WHERE grp = 'class' AND year = coalesce(OLD.year, 0) AND month = coalesce(OLD.month, 0) AND missing = (OLD.marking IS NULL) AND value = coalesce(OLD.marking, ''); UPDATE cable_periods SET n = n - 1 WHERE grp = 'tag' AND year = coalesce(OLD.year, 0) AND month = coalesce(OLD.month, 0) AND missing = 0 AND value IN (SELECT code FROM cable_tags WHERE cable_id = OLD.id); UPDATE cable_periods SET n = n - 1 WHERE grp = 'tag' AND year = coalesce(OLD.year, 0) AND month = coalesce(OLD.month, 0) AND missing = 1 AND value = '' AND NOT EXISTS (SELECT 1 FROM cable_tags WHERE cable_id = OLD.id); END;
CREATE TRIGGER cable_periods_changed AFTER UPDATE OF year, month, origin, marking ON cables BEGIN UPDATE cable_periods SET n = n - 1 WHERE grp = 'origin' AND year = coalesce(OLD.year, 0) AND month = coalesce(OLD.month, 0) AND missing = (OLD.origin IS NULL) AND value = coalesce(OLD.origin, ''); UPDATE cable_periods SET n = n - 1 WHERE grp = 'class' AND year = coalesce(OLD.year, 0) AND month = coalesce(OLD.month, 0) AND missing = (OLD.marking IS NULL) AND value = coalesce(OLD.marking, ''); UPDATE cable_periods SET n = n - 1 WHERE grp = 'tag' AND year = coalesce(OLD.year, 0) AND month = coalesce(OLD.month, 0) AND missing = 0 AND value IN (SELECT code FROM cable_tags WHERE cable_id = OLD.id); UPDATE cable_periods SET n = n - 1 WHERE grp = 'tag' AND year = coalesce(OLD.year, 0) AND month = coalesce(OLD.month, 0) AND missing = 1 AND value = '' AND NOT EXISTS (SELECT 1 FROM cable_tags WHERE cable_id = OLD.id); INSERT INTO cable_periods VALUES ('origin', coalesce(NEW.year, 0), coalesce(NEW.month, 0), NEW.origin IS NULL, coalesce(NEW.origin, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1; INSERT INTO cable_periods VALUES ('class', coalesce(NEW.year, 0), coalesce(NEW.month, 0), NEW.marking IS NULL, coalesce(NEW.marking, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1; INSERT INTO cable_periods SELECT 'tag', coalesce(NEW.year, 0), coalesce(NEW.month, 0), 0, code, 1 FROM cable_tags WHERE cable_id = NEW.id ON CONFLICT DO UPDATE SET n = n + 1; INSERT INTO cable_periods SELECT 'tag', coalesce(NEW.year, 0), coalesce(NEW.month, 0), 1, '', 1 WHERE NOT EXISTS (SELECT 1 FROM cable_tags WHERE cable_id = NEW.id) ON CONFLICT DO UPDATE SET n = n + 1; END;
CREATE TRIGGER tag_periods_added AFTER INSERT ON cable_tags BEGIN INSERT INTO cable_periods SELECT 'tag', coalesce(year, 0), coalesce(month, 0), 0, NEW.code, 1 FROM cables WHERE id = NEW.cable_id ON CONFLICT DO UPDATE SET n = n + 1; UPDATE cable_periods SET n = n - 1 WHERE grp = 'tag' AND missing = 1 AND value = '' AND (year, month) = (SELECT coalesce(year, 0), coalesce(month, 0) FROM cables WHERE id = NEW.cable_id) AND (SELECT count(*) FROM cable_tags WHERE cable_id = NEW.cable_id) = 1; END;
CREATE TRIGGER tag_periods_removed AFTER DELETE ON cable_tags BEGIN UPDATE cable_periods SET n = n - 1 WHERE grp = 'tag' AND missing = 0 AND value = OLD.code AND (year, month) = (SELECT coalesce(year, 0), coalesce(month, 0) FROM cables WHERE id = OLD.cable_id); INSERT INTO cable_periods SELECT 'tag', coalesce(year, 0), coalesce(month, 0), 1, '', 1 FROM cables WHERE id = OLD.cable_id AND NOT EXISTS (SELECT 1 FROM cable_tags WHERE cable_id = OLD.cable_id) ON CONFLICT DO UPDATE SET n = n + 1; END
"""

_V12 = """
ALTER TABLE entity_cables ADD COLUMN date TEXT;
UPDATE entity_cables SET date = (SELECT c.date FROM cables c WHERE c.id = entity_cables.cable_id);
CREATE INDEX entity_cables_dated ON entity_cables (entity_id, date IS NULL, date, cable_id)
"""
"""An entity's cables carry their date: its page reads its cables in date order and counts
them by month from one index, never from the cables table (a lookup each, seconds for the
largest entity of Cablegate)."""

_V13 = """
CREATE TABLE resolve_state (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE resolve_facts (
    digest BLOB PRIMARY KEY,
    question TEXT NOT NULL,
    key TEXT NOT NULL,
    fact TEXT NOT NULL,
    answer TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX resolve_facts_asked ON resolve_facts (question, key);
CREATE TABLE resolve_holdings (
    cable_id TEXT NOT NULL,
    digest BLOB NOT NULL,
    PRIMARY KEY (cable_id, digest)
) WITHOUT ROWID;
CREATE INDEX resolve_holdings_fact ON resolve_holdings (digest, cable_id);
CREATE TABLE resolve_cables (
    cable_id TEXT PRIMARY KEY
) WITHOUT ROWID
"""
"""The resolution record (``ResolutionRecord``): named blobs of state, the facts the decisions
of the recorded cables read with their answers (found by question and key), which cable holds
which fact (both ways), and the cables recorded. A database migrated to it records no cable
until it is resolved."""

_V14 = """
DROP INDEX IF EXISTS entity_mentions_entity;
CREATE INDEX IF NOT EXISTS entity_mentions_alias ON entity_mentions (entity_id, key, confidence, method, cable_id)
"""
"""An entity's links by key with what an alias's links are counted from (``_alias_links``):
new cables recount the aliases they touch from the index alone, however many links the
alias has."""

_V15 = """
CREATE INDEX IF NOT EXISTS entity_mentions_form ON entity_mentions (entity_id, key, surface, type)
"""
"""An entity's links by form (``tallies``): new cables sum the forms of the entities they
touch from the index alone, not from a lookup of each link (2,100 entities holding 400,000
links for 100 new cables of the corpus: 1.1 s without it, 0.25 s with it)."""

_V16 = """
CREATE TABLE resolve_state_rows (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
INSERT INTO resolve_state_rows (name, value) SELECT name, value FROM resolve_state;
DROP TABLE resolve_state;
ALTER TABLE resolve_state_rows RENAME TO resolve_state
"""
"""The record's blobs in a table with row ids: in a table without them, the B-tree holds each
row whole, blobs of megabytes included, and small rows written beside them are slow (2,000
blobs of the names around full names took 7.5 s to write beside the tables; 0.02 s here)."""

_V17 = """
ALTER TABLE entity_alias_links ADD COLUMN parts TEXT
"""
"""Each alias's links by confidence and method (JSON ``[[confidence, method, links], ...]``),
so that new cables add their links to an alias's counts and take the old ones away instead of
counting every link of the alias again (``_sqlcurate._shift``); NULL in a row written before,
which is counted again the first time new cables touch it."""

MIGRATIONS: tuple[str, ...] = (
    _V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9, _V10, _V11, _V12, _V13, _V14, _V15, _V16, _V17
)  # fmt: skip
"""Migration ``i`` brings a database from version ``i`` to ``i + 1``."""

LATEST = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, path: str) -> None:
    """Bring the schema to LATEST inside one transaction; raises sqlite3 errors as they come.

    A database newer than this code knows, or one marked by another application,
    raises ValueError with a message naming ``path``.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    if app not in (0, APPLICATION_ID):
        raise ValueError(f"{path} is a SQLite database of another application, not cablescope")
    if version > LATEST:
        raise ValueError(
            f"{path} has schema version {version}; this cablescope knows up to {LATEST}"
        )
    if version == LATEST:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for step in MIGRATIONS[version:]:
            for statement in step.split(";\n"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {LATEST}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
