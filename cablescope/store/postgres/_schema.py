"""The PostgreSQL schema, as numbered migrations tracked in the ``cablescope_schema`` table.

The tables mirror the SQLite schema (see ``store._schema``), with these differences:
``cables.words`` is the tsvector of the id, subject and text (see ``_words``) under a GIN
index, in place of the FTS5 table; text columns compare byte by byte (``COLLATE "C"``),
as SQLite's do; ``readings.n`` keeps the order readings were put in; and writes are
counted by the ``cable_writes`` sequence, which needs no lock, rather than a row that
every writer would update. ``store_meta.resolved`` is the count as of the last resolution.
Version 2 adds ``entity_mentions.key`` (as SQLite's version 6 does), and counts one write when
links are stored, so that they show as stale until resolved again with their keys; version 3
adds ``entity_alias_links`` (as SQLite's version 7 does); version 4 keeps what entities are
computed from, for curation in place (as SQLite's version 8 does); version 5 adds
``cable_counts``, kept by triggers (as SQLite's version 9 does); version 6 adds
``cable_periods`` (as SQLite's version 11 does), whose tag triggers run once per statement
over its transition table, since one statement writes or deletes the tags of many cables.
Version 7 makes every trigger add rows to ``cable_counts_delta`` and ``cable_periods_delta``
instead of updating the counts: a writer that updated them held each count's row until it
committed, so writers of cables of the same years waited on each other, and two that
took the rows in different orders deadlocked. Reads sum the counts and the deltas; after
each batch commits, ``cablescope_fold_counts()`` moves the deltas into the counts, in one
process at a time (the others skip it and leave theirs to the next fold).
Version 8 keeps the words of the index that hold no digit in ``cable_words``, which fuzzy
terms read (``_vocab``): a trigger notes each cable whose words are written in
``cable_words_pending``, and the same fold adds their new words to ``cable_words`` (one
statement for all the cables of a batch, so writers never wait on one word's row, nor spend
a lookup per word of each cable); words no cable holds any more stay, and count no cables.
Version 9 dates the cables of each entity; version 10 indexes the id and subject words apart
(``STRONG``); version 11 adds the resolution record (as SQLite's version 13 does).

Snippets come from ``ts_headline`` with the ``cablescope_fold`` text search
configuration: the ``simple`` one with accents removed first (``unaccent``), so that
``Juárez`` in a text is marked for the query word ``juarez``.

Migrations run in one transaction under an advisory lock, so that processes opening a
new database at once create it once.
"""

from __future__ import annotations

import psycopg

T = 'text COLLATE "C"'

_V1 = f"""
CREATE TABLE cables (
    rid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id {T} NOT NULL UNIQUE,
    date {T},
    year integer,
    month integer,
    origin {T},
    classification {T},
    marking {T},
    subject {T},
    signer {T},
    n_sources integer NOT NULL,
    text text NOT NULL,
    record bytea NOT NULL,
    words tsvector NOT NULL
);
CREATE INDEX cables_date ON cables (date, id);
CREATE INDEX cables_origin ON cables (origin);
CREATE INDEX cables_marking ON cables (marking);
CREATE INDEX cables_words ON cables USING gin (words);

CREATE TABLE readings (
    n bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cable_id {T} NOT NULL,
    sha256 {T} NOT NULL,
    format {T} NOT NULL,
    path {T} NOT NULL,
    record bytea,
    UNIQUE (cable_id, sha256)
);
CREATE INDEX readings_sha ON readings (sha256);

CREATE TABLE cable_tags (
    cable_id {T} NOT NULL,
    code {T} NOT NULL,
    PRIMARY KEY (cable_id, code)
);
CREATE INDEX cable_tags_code ON cable_tags (code, cable_id);

CREATE TABLE cable_refs (
    cable_id {T} NOT NULL,
    ref_id {T} NOT NULL,
    PRIMARY KEY (cable_id, ref_id)
);
CREATE INDEX cable_refs_ref ON cable_refs (ref_id, cable_id);

CREATE TABLE cable_entities (
    cable_id {T} NOT NULL,
    type {T} NOT NULL,
    name {T} NOT NULL,
    mentions integer NOT NULL,
    PRIMARY KEY (cable_id, type, name)
);
CREATE INDEX cable_entities_name ON cable_entities (type, name, cable_id);

CREATE TABLE cable_redactions (
    cable_id {T} PRIMARY KEY,
    spans integer NOT NULL
);

CREATE TABLE problems (
    n bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    path {T} NOT NULL,
    stage {T} NOT NULL,
    message {T} NOT NULL,
    sha256 {T},
    at {T} NOT NULL
);
CREATE INDEX problems_path ON problems (path);

CREATE TABLE inputs (
    sha256 {T} PRIMARY KEY,
    path {T} NOT NULL,
    cables {T} NOT NULL,
    at {T} NOT NULL
);

CREATE SEQUENCE cable_writes;
SELECT nextval('cable_writes');
CREATE TABLE store_meta (
    key {T} PRIMARY KEY,
    value bigint NOT NULL
);
CREATE TABLE entities (
    id {T} PRIMARY KEY,
    name {T} NOT NULL,
    type {T} NOT NULL,
    key {T} NOT NULL,
    mentions integer NOT NULL,
    cables integer NOT NULL,
    first_seen {T},
    last_seen {T}
);
CREATE INDEX entities_rank ON entities (mentions DESC, id);
CREATE INDEX entities_key ON entities (key);
CREATE TABLE entity_aliases (
    entity_id {T} NOT NULL,
    alias {T} NOT NULL,
    key {T} NOT NULL,
    count integer NOT NULL,
    PRIMARY KEY (entity_id, alias, key)
);
CREATE INDEX entity_aliases_key ON entity_aliases (key, entity_id);
CREATE TABLE entity_mentions (
    cable_id {T} NOT NULL,
    start integer NOT NULL,
    "end" integer NOT NULL,
    entity_id {T} NOT NULL,
    confidence double precision NOT NULL,
    method {T} NOT NULL
);
CREATE INDEX entity_mentions_cable ON entity_mentions (cable_id);
CREATE TABLE entity_cables (
    entity_id {T} NOT NULL,
    cable_id {T} NOT NULL,
    mentions integer NOT NULL,
    PRIMARY KEY (entity_id, cable_id)
);
CREATE INDEX entity_cables_cable ON entity_cables (cable_id, entity_id);
CREATE TABLE entity_co (
    entity_id {T} NOT NULL,
    other_id {T} NOT NULL,
    cables integer NOT NULL,
    PRIMARY KEY (entity_id, other_id)
);
CREATE TABLE entity_judgements (
    n bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind {T} NOT NULL,
    args text NOT NULL,
    created_at {T} NOT NULL
);

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION cablescope_fold (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION cablescope_fold
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, simple
"""

_V2 = f"""
ALTER TABLE entity_mentions ADD COLUMN key {T} NOT NULL DEFAULT '';
CREATE INDEX entity_mentions_entity ON entity_mentions (entity_id, key);
SELECT nextval('cable_writes') WHERE EXISTS (SELECT 1 FROM entity_mentions)
"""

_V3 = f"""
CREATE TABLE entity_alias_links (
    entity_id {T} NOT NULL,
    key {T} NOT NULL,
    mentions integer NOT NULL,
    cables integer NOT NULL,
    mean_confidence double precision NOT NULL,
    min_confidence double precision NOT NULL,
    methods text NOT NULL,
    PRIMARY KEY (entity_id, key)
);
CREATE INDEX entity_alias_links_uncertain
    ON entity_alias_links (mean_confidence, mentions DESC, entity_id, key)
    WHERE min_confidence < 1;
INSERT INTO entity_alias_links
    SELECT g.entity_id, g.key, g.n, g.c, g.mean, g.least,
        (SELECT json_object_agg(method, k)::text FROM (
            SELECT method, count(*) AS k FROM entity_mentions x
            WHERE x.entity_id = g.entity_id AND x.key = g.key GROUP BY method) AS m)
    FROM (
        SELECT entity_id, key, count(*) AS n, count(DISTINCT cable_id) AS c,
            round(avg(confidence)::numeric, 6)::double precision AS mean,
            min(confidence) AS least
        FROM entity_mentions WHERE key != '' GROUP BY entity_id, key
    ) AS g
"""

_V4 = f"""
ALTER TABLE entities ADD COLUMN label {T} NOT NULL DEFAULT '';
ALTER TABLE entities ADD COLUMN base {T} NOT NULL DEFAULT '';
CREATE INDEX entities_label ON entities (label);
CREATE INDEX entities_base ON entities (base);
ALTER TABLE entity_mentions ADD COLUMN type {T} NOT NULL DEFAULT '';
ALTER TABLE entity_mentions ADD COLUMN surface {T} NOT NULL DEFAULT '';
ALTER TABLE entity_mentions ADD COLUMN assigned_confidence double precision;
ALTER TABLE entity_mentions ADD COLUMN assigned_method {T};
CREATE TABLE entity_names (
    n integer PRIMARY KEY,
    label {T} NOT NULL,
    key {T} NOT NULL,
    name {T} NOT NULL
)
"""

_V5 = f"""
CREATE TABLE cable_counts (
    dimension {T} NOT NULL,
    missing boolean NOT NULL,
    value {T} NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (dimension, missing, value)
);
INSERT INTO cable_counts SELECT 'year', (cables.year::text) IS NULL, coalesce(cables.year::text, ''), count(*) FROM cables GROUP BY 2, 3;
INSERT INTO cable_counts SELECT 'month', (CASE WHEN length(substr(cables.date, 1, 7)) = 7 THEN substr(cables.date, 1, 7) END) IS NULL, coalesce(CASE WHEN length(substr(cables.date, 1, 7)) = 7 THEN substr(cables.date, 1, 7) END, ''), count(*) FROM cables GROUP BY 2, 3;
INSERT INTO cable_counts SELECT 'origin', (cables.origin) IS NULL, coalesce(cables.origin, ''), count(*) FROM cables GROUP BY 2, 3;
INSERT INTO cable_counts SELECT 'classification', (cables.classification) IS NULL, coalesce(cables.classification, ''), count(*) FROM cables GROUP BY 2, 3;
INSERT INTO cable_counts SELECT 'marking', (cables.marking) IS NULL, coalesce(cables.marking, ''), count(*) FROM cables GROUP BY 2, 3;
INSERT INTO cable_counts SELECT 'tag', false, code, count(*) FROM cable_tags GROUP BY code;
INSERT INTO cable_counts SELECT 'readings', false, '', count(*) FROM readings;
CREATE FUNCTION cablescope_count_cables() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP IN ('UPDATE', 'DELETE') THEN UPDATE cable_counts SET n = n - 1 WHERE dimension = 'year' AND missing = ((OLD.year::text) IS NULL) AND value = coalesce(OLD.year::text, ''); UPDATE cable_counts SET n = n - 1 WHERE dimension = 'month' AND missing = ((CASE WHEN length(substr(OLD.date, 1, 7)) = 7 THEN substr(OLD.date, 1, 7) END) IS NULL) AND value = coalesce(CASE WHEN length(substr(OLD.date, 1, 7)) = 7 THEN substr(OLD.date, 1, 7) END, ''); UPDATE cable_counts SET n = n - 1 WHERE dimension = 'origin' AND missing = ((OLD.origin) IS NULL) AND value = coalesce(OLD.origin, ''); UPDATE cable_counts SET n = n - 1 WHERE dimension = 'classification' AND missing = ((OLD.classification) IS NULL) AND value = coalesce(OLD.classification, ''); UPDATE cable_counts SET n = n - 1 WHERE dimension = 'marking' AND missing = ((OLD.marking) IS NULL) AND value = coalesce(OLD.marking, ''); END IF; IF TG_OP IN ('INSERT', 'UPDATE') THEN INSERT INTO cable_counts VALUES ('year', (NEW.year::text) IS NULL, coalesce(NEW.year::text, ''), 1) ON CONFLICT (dimension, missing, value) DO UPDATE SET n = cable_counts.n + 1; INSERT INTO cable_counts VALUES ('month', (CASE WHEN length(substr(NEW.date, 1, 7)) = 7 THEN substr(NEW.date, 1, 7) END) IS NULL, coalesce(CASE WHEN length(substr(NEW.date, 1, 7)) = 7 THEN substr(NEW.date, 1, 7) END, ''), 1) ON CONFLICT (dimension, missing, value) DO UPDATE SET n = cable_counts.n + 1; INSERT INTO cable_counts VALUES ('origin', (NEW.origin) IS NULL, coalesce(NEW.origin, ''), 1) ON CONFLICT (dimension, missing, value) DO UPDATE SET n = cable_counts.n + 1; INSERT INTO cable_counts VALUES ('classification', (NEW.classification) IS NULL, coalesce(NEW.classification, ''), 1) ON CONFLICT (dimension, missing, value) DO UPDATE SET n = cable_counts.n + 1; INSERT INTO cable_counts VALUES ('marking', (NEW.marking) IS NULL, coalesce(NEW.marking, ''), 1) ON CONFLICT (dimension, missing, value) DO UPDATE SET n = cable_counts.n + 1; END IF; RETURN NULL; END $$;
CREATE TRIGGER cable_counts_written AFTER INSERT OR DELETE OR UPDATE OF year, date, origin, classification, marking ON cables FOR EACH ROW EXECUTE FUNCTION cablescope_count_cables();
CREATE FUNCTION cablescope_count_tags() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'DELETE' THEN UPDATE cable_counts SET n = n - 1 WHERE dimension = 'tag' AND NOT missing AND value = OLD.code; ELSE INSERT INTO cable_counts VALUES ('tag', false, NEW.code, 1) ON CONFLICT (dimension, missing, value) DO UPDATE SET n = cable_counts.n + 1; END IF; RETURN NULL; END $$;
CREATE TRIGGER tag_counts_written AFTER INSERT OR DELETE ON cable_tags FOR EACH ROW EXECUTE FUNCTION cablescope_count_tags();
CREATE FUNCTION cablescope_count_readings() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE cable_counts SET n = n + CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END WHERE dimension = 'readings'; RETURN NULL; END $$;
CREATE TRIGGER reading_counts_written AFTER INSERT OR DELETE ON readings FOR EACH ROW EXECUTE FUNCTION cablescope_count_readings()
"""

_V6 = f"""
CREATE TABLE cable_periods (
    grp {T} NOT NULL,
    year integer NOT NULL,
    month integer NOT NULL,
    missing boolean NOT NULL,
    value {T} NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (grp, year, month, missing, value)
);
INSERT INTO cable_periods SELECT 'origin', coalesce(c.year, 0), coalesce(c.month, 0), c.origin IS NULL, coalesce(c.origin, ''), count(*) FROM cables c GROUP BY 2, 3, 4, 5;
INSERT INTO cable_periods SELECT 'class', coalesce(c.year, 0), coalesce(c.month, 0), c.marking IS NULL, coalesce(c.marking, ''), count(*) FROM cables c GROUP BY 2, 3, 4, 5;
INSERT INTO cable_periods SELECT 'tag', coalesce(c.year, 0), coalesce(c.month, 0), t.code IS NULL, coalesce(t.code, ''), count(*) FROM cables c LEFT JOIN cable_tags t ON t.cable_id = c.id GROUP BY 2, 3, 4, 5;
CREATE FUNCTION cablescope_period_cables() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP IN ('UPDATE', 'DELETE') THEN UPDATE cable_periods SET n = n - 1 WHERE grp = 'origin' AND year = coalesce(OLD.year, 0) AND month = coalesce(OLD.month, 0) AND missing = (OLD.origin IS NULL) AND value = coalesce(OLD.origin, ''); UPDATE cable_periods SET n = n - 1 WHERE grp = 'class' AND year = coalesce(OLD.year, 0) AND month = coalesce(OLD.month, 0) AND missing = (OLD.marking IS NULL) AND value = coalesce(OLD.marking, ''); UPDATE cable_periods SET n = n - 1 WHERE grp = 'tag' AND year = coalesce(OLD.year, 0) AND month = coalesce(OLD.month, 0) AND NOT missing AND value IN (SELECT code FROM cable_tags WHERE cable_id = OLD.id); UPDATE cable_periods SET n = n - 1 WHERE grp = 'tag' AND year = coalesce(OLD.year, 0) AND month = coalesce(OLD.month, 0) AND missing AND value = '' AND NOT EXISTS (SELECT 1 FROM cable_tags WHERE cable_id = OLD.id); END IF; IF TG_OP IN ('INSERT', 'UPDATE') THEN INSERT INTO cable_periods VALUES ('origin', coalesce(NEW.year, 0), coalesce(NEW.month, 0), NEW.origin IS NULL, coalesce(NEW.origin, ''), 1) ON CONFLICT (grp, year, month, missing, value) DO UPDATE SET n = cable_periods.n + excluded.n; INSERT INTO cable_periods VALUES ('class', coalesce(NEW.year, 0), coalesce(NEW.month, 0), NEW.marking IS NULL, coalesce(NEW.marking, ''), 1) ON CONFLICT (grp, year, month, missing, value) DO UPDATE SET n = cable_periods.n + excluded.n; INSERT INTO cable_periods SELECT 'tag', coalesce(NEW.year, 0), coalesce(NEW.month, 0), false, code, 1 FROM cable_tags WHERE cable_id = NEW.id ON CONFLICT (grp, year, month, missing, value) DO UPDATE SET n = cable_periods.n + excluded.n; INSERT INTO cable_periods SELECT 'tag', coalesce(NEW.year, 0), coalesce(NEW.month, 0), true, '', 1 WHERE NOT EXISTS (SELECT 1 FROM cable_tags WHERE cable_id = NEW.id) ON CONFLICT (grp, year, month, missing, value) DO UPDATE SET n = cable_periods.n + excluded.n; END IF; RETURN NULL; END $$;
CREATE TRIGGER cable_periods_written AFTER INSERT OR DELETE OR UPDATE OF year, month, origin, marking ON cables FOR EACH ROW EXECUTE FUNCTION cablescope_period_cables();
CREATE FUNCTION cablescope_period_tags_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cable_periods SELECT 'tag', coalesce(c.year, 0), coalesce(c.month, 0), false, a.code, count(*) FROM added a JOIN cables c ON c.id = a.cable_id GROUP BY 2, 3, 5 ON CONFLICT (grp, year, month, missing, value) DO UPDATE SET n = cable_periods.n + excluded.n; UPDATE cable_periods p SET n = p.n - f.k FROM (SELECT coalesce(c.year, 0) AS y, coalesce(c.month, 0) AS m, count(*) AS k FROM (SELECT cable_id, count(*) AS k FROM added GROUP BY cable_id) a JOIN cables c ON c.id = a.cable_id WHERE (SELECT count(*) FROM cable_tags t WHERE t.cable_id = a.cable_id) = a.k GROUP BY 1, 2) f WHERE p.grp = 'tag' AND p.missing AND p.value = '' AND p.year = f.y AND p.month = f.m; RETURN NULL; END $$;
CREATE TRIGGER tag_periods_added AFTER INSERT ON cable_tags REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION cablescope_period_tags_added();
CREATE FUNCTION cablescope_period_tags_removed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE cable_periods p SET n = p.n - f.k FROM (SELECT coalesce(c.year, 0) AS y, coalesce(c.month, 0) AS m, r.code, count(*) AS k FROM removed r JOIN cables c ON c.id = r.cable_id GROUP BY 1, 2, 3) f WHERE p.grp = 'tag' AND NOT p.missing AND p.value = f.code AND p.year = f.y AND p.month = f.m; INSERT INTO cable_periods SELECT 'tag', coalesce(c.year, 0), coalesce(c.month, 0), true, '', count(*) FROM (SELECT DISTINCT cable_id FROM removed) r JOIN cables c ON c.id = r.cable_id WHERE NOT EXISTS (SELECT 1 FROM cable_tags t WHERE t.cable_id = r.cable_id) GROUP BY 2, 3 ON CONFLICT (grp, year, month, missing, value) DO UPDATE SET n = cable_periods.n + excluded.n; RETURN NULL; END $$;
CREATE TRIGGER tag_periods_removed AFTER DELETE ON cable_tags REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION cablescope_period_tags_removed()
"""

_MONTH = "CASE WHEN length(substr({r}.date, 1, 7)) = 7 THEN substr({r}.date, 1, 7) END"
_COUNTED = (
    ("year", "{r}.year::text"),
    ("month", _MONTH),
    ("origin", "{r}.origin"),
    ("classification", "{r}.classification"),
    ("marking", "{r}.marking"),
)


def _counted(row: str, n: int) -> str:
    values = ", ".join(
        f"('{d}', ({v}) IS NULL, coalesce({v}, ''), {n})".format(r=row) for d, v in _COUNTED
    )
    return f"INSERT INTO cable_counts_delta VALUES {values};"


def _periods(row: str, n: int) -> str:
    when = f"coalesce({row}.year, 0), coalesce({row}.month, 0)"
    return (
        f"INSERT INTO cable_periods_delta VALUES ('origin', {when}, {row}.origin IS NULL,"
        f" coalesce({row}.origin, ''), {n}), ('class', {when}, {row}.marking IS NULL,"
        f" coalesce({row}.marking, ''), {n});"
        f" INSERT INTO cable_periods_delta SELECT 'tag', {when}, false, code, {n}"
        f" FROM cable_tags WHERE cable_id = {row}.id;"
        f" INSERT INTO cable_periods_delta SELECT 'tag', {when}, true, '', {n}"
        f" WHERE NOT EXISTS (SELECT 1 FROM cable_tags WHERE cable_id = {row}.id);"
    )


_FOLD_COUNTS = (
    "WITH gone AS (DELETE FROM cable_counts_delta RETURNING *) INSERT INTO cable_counts"
    " SELECT dimension, missing, value, sum(n) FROM gone GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    " ON CONFLICT (dimension, missing, value) DO UPDATE SET n = cable_counts.n + excluded.n;"
    " WITH gone AS (DELETE FROM cable_periods_delta RETURNING *) INSERT INTO cable_periods"
    " SELECT grp, year, month, missing, value, sum(n) FROM gone GROUP BY 1, 2, 3, 4, 5"
    " ORDER BY 1, 2, 3, 4, 5 ON CONFLICT (grp, year, month, missing, value)"
    " DO UPDATE SET n = cable_periods.n + excluded.n;"
)

_V7 = f"""
CREATE TABLE cable_counts_delta (
    dimension {T} NOT NULL,
    missing boolean NOT NULL,
    value {T} NOT NULL,
    n bigint NOT NULL
);
CREATE TABLE cable_periods_delta (
    grp {T} NOT NULL,
    year integer NOT NULL,
    month integer NOT NULL,
    missing boolean NOT NULL,
    value {T} NOT NULL,
    n bigint NOT NULL
);
CREATE OR REPLACE FUNCTION cablescope_count_cables() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP IN ('UPDATE', 'DELETE') THEN {_counted("OLD", -1)} END IF; IF TG_OP IN ('INSERT', 'UPDATE') THEN {_counted("NEW", 1)} END IF; RETURN NULL; END $$;
CREATE OR REPLACE FUNCTION cablescope_count_tags() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'DELETE' THEN INSERT INTO cable_counts_delta VALUES ('tag', false, OLD.code, -1); ELSE INSERT INTO cable_counts_delta VALUES ('tag', false, NEW.code, 1); END IF; RETURN NULL; END $$;
CREATE OR REPLACE FUNCTION cablescope_count_readings() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cable_counts_delta VALUES ('readings', false, '', CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END); RETURN NULL; END $$;
CREATE OR REPLACE FUNCTION cablescope_period_cables() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP IN ('UPDATE', 'DELETE') THEN {_periods("OLD", -1)} END IF; IF TG_OP IN ('INSERT', 'UPDATE') THEN {_periods("NEW", 1)} END IF; RETURN NULL; END $$;
CREATE OR REPLACE FUNCTION cablescope_period_tags_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cable_periods_delta SELECT 'tag', coalesce(c.year, 0), coalesce(c.month, 0), false, a.code, count(*) FROM added a JOIN cables c ON c.id = a.cable_id GROUP BY 2, 3, 5; INSERT INTO cable_periods_delta SELECT 'tag', f.y, f.m, true, '', -f.k FROM (SELECT coalesce(c.year, 0) AS y, coalesce(c.month, 0) AS m, count(*) AS k FROM (SELECT cable_id, count(*) AS k FROM added GROUP BY cable_id) a JOIN cables c ON c.id = a.cable_id WHERE (SELECT count(*) FROM cable_tags t WHERE t.cable_id = a.cable_id) = a.k GROUP BY 1, 2) f; RETURN NULL; END $$;
CREATE OR REPLACE FUNCTION cablescope_period_tags_removed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cable_periods_delta SELECT 'tag', coalesce(c.year, 0), coalesce(c.month, 0), false, r.code, -count(*) FROM removed r JOIN cables c ON c.id = r.cable_id GROUP BY 2, 3, 5; INSERT INTO cable_periods_delta SELECT 'tag', coalesce(c.year, 0), coalesce(c.month, 0), true, '', count(*) FROM (SELECT DISTINCT cable_id FROM removed) r JOIN cables c ON c.id = r.cable_id WHERE NOT EXISTS (SELECT 1 FROM cable_tags t WHERE t.cable_id = r.cable_id) GROUP BY 2, 3; RETURN NULL; END $$;
CREATE FUNCTION cablescope_fold_counts() RETURNS void LANGUAGE plpgsql AS $$ BEGIN IF pg_try_advisory_xact_lock({{FOLDING}}) THEN {_FOLD_COUNTS} END IF; END $$
"""

_V8 = f"""
CREATE TABLE cable_words (word {T} PRIMARY KEY);
CREATE TABLE cable_words_pending (rid bigint NOT NULL);
INSERT INTO cable_words SELECT word FROM ts_stat('SELECT words FROM cables') WHERE word !~ '[0-9]' ORDER BY 1;
CREATE FUNCTION cablescope_words_written() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO cable_words_pending VALUES (NEW.rid); RETURN NULL; END $$;
CREATE TRIGGER cable_words_written AFTER INSERT OR UPDATE OF words ON cables FOR EACH ROW EXECUTE FUNCTION cablescope_words_written();
CREATE OR REPLACE FUNCTION cablescope_fold_counts() RETURNS void LANGUAGE plpgsql AS $$ BEGIN IF pg_try_advisory_xact_lock({{FOLDING}}) THEN {_FOLD_COUNTS} WITH gone AS (DELETE FROM cable_words_pending RETURNING rid) INSERT INTO cable_words SELECT w FROM (SELECT DISTINCT w FROM cables c, unnest(tsvector_to_array(c.words)) AS w WHERE c.rid IN (SELECT rid FROM gone)) AS written WHERE w !~ '[0-9]' ORDER BY 1 ON CONFLICT DO NOTHING; END IF; END $$
"""

_V9 = f"""
ALTER TABLE entity_cables ADD COLUMN date {T};
UPDATE entity_cables ec SET date = c.date FROM cables c WHERE c.id = ec.cable_id;
CREATE INDEX entity_cables_dated ON entity_cables (entity_id, date, cable_id)
"""
"""An entity's cables carry their date (see the SQLite schema's version 12)."""

_V10 = """
CREATE INDEX cables_strong ON cables USING gin (ts_filter(words, '{a,b}'))
"""
"""The words of each cable's id and subject under an index of their own (``STRONG``), so
that a broad query finds the cables whose id or subject holds its words without taking
each candidate's whole tsvector out of TOAST to check its weights."""

_V11 = f"""
CREATE TABLE resolve_state (
    name {T} PRIMARY KEY,
    value bytea NOT NULL
);
CREATE TABLE resolve_facts (
    digest bytea PRIMARY KEY,
    question {T} NOT NULL,
    key {T} NOT NULL,
    fact text NOT NULL,
    answer text NOT NULL
);
CREATE INDEX resolve_facts_asked ON resolve_facts (question, key);
CREATE TABLE resolve_holdings (
    cable_id {T} NOT NULL,
    digest bytea NOT NULL,
    PRIMARY KEY (cable_id, digest)
);
CREATE INDEX resolve_holdings_fact ON resolve_holdings (digest, cable_id);
CREATE TABLE resolve_cables (
    cable_id {T} PRIMARY KEY
)
"""
"""The resolution record (see the SQLite schema's version 13)."""

_V12 = """
DROP INDEX IF EXISTS entity_mentions_entity;
CREATE INDEX IF NOT EXISTS entity_mentions_alias ON entity_mentions (entity_id, key, confidence, method, cable_id)
"""
"""An entity's links by key with what an alias's links are counted from (see the SQLite
schema's version 14)."""

_V13 = """
CREATE INDEX IF NOT EXISTS entity_mentions_form ON entity_mentions (entity_id, key, surface, type)
"""
"""An entity's links by form, summed from the index alone (see the SQLite schema's version
15)."""

_V14 = """
ALTER TABLE entity_alias_links ADD COLUMN parts TEXT
"""
"""Each alias's links by confidence and method (see the SQLite schema's version 17)."""

STRONG = "ts_filter(c.words, '{a,b}')"
"""The id and subject words of cable ``c``, as ``cables_strong`` indexes them."""

FOLDING = 0x43424C54
"""The advisory lock key the one process folding the counts' deltas holds ("CBLT")."""

COUNTS = (
    "(SELECT dimension, missing, value, n FROM cable_counts UNION ALL"
    " SELECT dimension, missing, value, n FROM cable_counts_delta) AS counts"
)
"""Every cable's counts as a table (``dimension``, ``missing``, ``value``, ``n``): the folded
counts and the deltas written since, to be summed."""

PERIODS = (
    "(SELECT grp, year, month, missing, value, n FROM cable_periods UNION ALL"
    " SELECT grp, year, month, missing, value, n FROM cable_periods_delta) AS periods"
)
"""Cables per period as a table, the same way (see ``COUNTS``)."""

EVERY_COUNT = (
    f"SELECT dimension, missing, value, sum(n) FROM {COUNTS} GROUP BY 1, 2, 3 HAVING sum(n) > 0"
)
"""Every count of every cable, summed."""

MIGRATIONS: tuple[str, ...] = tuple(
    step.replace("{FOLDING}", str(FOLDING))
    for step in (_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9, _V10, _V11, _V12, _V13, _V14)
)
"""Migration ``i`` brings a database from version ``i`` to ``i + 1``."""

LATEST = len(MIGRATIONS)

LOCK = 0x43424C53
"""The advisory lock key migrations hold ("CBLS")."""


def version(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    """The schema version of the database (0: no cablescope schema)."""
    found = conn.execute("SELECT to_regclass('cablescope_schema')").fetchone()
    if found is None or found[0] is None:
        return 0
    row = conn.execute("SELECT max(version) FROM cablescope_schema").fetchone()
    return int(str(row[0])) if row is not None and row[0] is not None else 0


def migrate(conn: psycopg.Connection[tuple[object, ...]], where: str) -> None:
    """Bring the schema to LATEST in one transaction; a database newer than this code
    knows raises ValueError naming ``where``. Raises psycopg errors as they come."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
        current = version(conn)
        if current > LATEST:
            raise ValueError(
                f"{where} has schema version {current}; this cablescope knows up to {LATEST}"
            )
        if current == LATEST:
            return
        if current == 0:
            conn.execute("CREATE TABLE cablescope_schema (version integer NOT NULL)")
        for step in MIGRATIONS[current:]:
            for statement in step.split(";\n"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute("INSERT INTO cablescope_schema (version) VALUES (%s)", (LATEST,))
