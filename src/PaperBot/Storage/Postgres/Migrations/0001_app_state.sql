-- The shared PostgreSQL schema (Storage:Provider = postgres). Types mirror the SQLite schema so the same Dapper
-- code reads both: snowflakes as BIGINT (the ulong's bits as a signed 64-bit value), times as ISO-8601 UTC text.

-- Small named values the bot keeps between runs (last ingestion, ...).
CREATE TABLE app_state (
    key        TEXT NOT NULL PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
