-- 0001: papers, their full-text indexes, and small key/value application state.
-- Never edit this file once committed: add a new numbered script instead.

-- seq is the stable integer key the FTS indexes point at. An implicit rowid (id TEXT PRIMARY KEY alone)
-- may be renumbered by VACUUM, which would silently detach the external-content indexes.
CREATE TABLE papers (
    seq              INTEGER PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    version          INTEGER NOT NULL DEFAULT 1,
    title            TEXT    NOT NULL,
    abstract         TEXT    NOT NULL DEFAULT '',
    authors          TEXT    NOT NULL DEFAULT '[]',   -- JSON array of names, in order
    published        TEXT    NULL,                    -- yyyy-MM-dd of the first version
    updated          TEXT    NULL,                    -- ISO-8601 UTC
    categories       TEXT    NOT NULL DEFAULT '[]',   -- JSON array, primary first
    primary_category TEXT    NULL,
    code_url         TEXT    NULL,
    project_url      TEXT    NULL,
    upvotes          INTEGER NULL,
    comments         INTEGER NULL,
    ai_summary       TEXT    NULL,
    ai_keywords      TEXT    NOT NULL DEFAULT '[]',   -- JSON array
    sources          TEXT    NOT NULL DEFAULT '[]',   -- JSON array: seed, huggingface, arxiv, import
    first_seen       TEXT    NOT NULL,                -- ISO-8601 UTC, when this database first stored it
    changed_at       TEXT    NOT NULL                 -- ISO-8601 UTC, last time a merge changed the row
);

CREATE INDEX ix_papers_first_seen ON papers (first_seen);
CREATE INDEX ix_papers_published ON papers (published, first_seen);

-- Search index. Columns are in bm25 weight order (title, authors, abstract, ai_keywords); authors and
-- ai_keywords index the JSON text, whose punctuation the tokenizer treats as separators.
CREATE VIRTUAL TABLE papers_fts USING fts5 (
    title, authors, abstract, ai_keywords,
    content = 'papers', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- Document frequencies per term: lets search tell a query of very common words from a selective one.
CREATE VIRTUAL TABLE papers_fts_vocab USING fts5vocab (papers_fts, 'row');

-- Title autocomplete. Unstemmed, so that a half-typed word ("generati") is a prefix of the indexed
-- word ("generation"); the porter index above holds "gener" instead.
CREATE VIRTUAL TABLE papers_title_fts USING fts5 (
    title,
    content = 'papers', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- PaperWriter maintains both indexes on insert and update, in the same transaction as the row. An FTS5
-- write fired from a trigger runs inside a statement savepoint, and FTS5 flushes its pending terms to
-- disk at every savepoint: trigger-maintained indexes made bulk import about three times slower.
-- Deletes are rare and may come from anywhere, so they keep a trigger.
CREATE TRIGGER papers_after_delete AFTER DELETE ON papers BEGIN
    INSERT INTO papers_fts (papers_fts, rowid, title, authors, abstract, ai_keywords)
    VALUES ('delete', old.seq, old.title, old.authors, old.abstract, old.ai_keywords);
    INSERT INTO papers_title_fts (papers_title_fts, rowid, title) VALUES ('delete', old.seq, old.title);
END;

CREATE TABLE app_state (
    key        TEXT NOT NULL PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL                          -- ISO-8601 UTC
);
