-- Daily digests: subscriptions, the exactly-once posting ledger, and every message the bot posted.
-- Snowflakes are stored as INTEGER (the ulong's bits as a signed 64-bit value); times as ISO-8601 UTC text.

CREATE TABLE digest_subscriptions (
    channel_id      INTEGER NOT NULL PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    topics          TEXT,
    post_time       TEXT    NOT NULL,              -- local HH:mm
    time_zone       TEXT    NOT NULL,              -- IANA id
    max_papers      INTEGER NOT NULL CHECK (max_papers BETWEEN 1 AND 20),
    days            TEXT    NOT NULL CHECK (days IN ('weekdays', 'daily')),
    created_at      TEXT    NOT NULL,
    last_batch_date TEXT,                          -- local yyyy-MM-dd of the last scheduled batch
    paused_reason   TEXT,
    paused_at       TEXT
);

CREATE INDEX ix_digest_subscriptions_guild ON digest_subscriptions (guild_id);

-- One row per batch: per channel per local date for scheduled batches, any number of manual (/digest now) ones.
CREATE TABLE digest_batches (
    batch_id     INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    channel_id   INTEGER NOT NULL,
    guild_id     INTEGER NOT NULL,
    local_date   TEXT    NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('scheduled', 'manual')),
    topics       TEXT,
    since        TEXT    NOT NULL,                 -- papers first seen after this instant were candidates
    planned_at   TEXT    NOT NULL,                 -- the next batch's `since`
    completed_at TEXT
);

CREATE UNIQUE INDEX ux_digest_batches_scheduled ON digest_batches (channel_id, local_date) WHERE kind = 'scheduled';
CREATE INDEX ix_digest_batches_open ON digest_batches (channel_id) WHERE completed_at IS NULL;

-- Every planned message of a batch, written before anything is sent; position 0 is the header.
CREATE TABLE digest_ledger (
    batch_id   INTEGER NOT NULL REFERENCES digest_batches (batch_id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    paper_id   TEXT,                               -- normalized arXiv id; null for the header
    message_id INTEGER,                            -- set once Discord accepted the message
    sent_at    TEXT,
    reacted_at TEXT,                               -- the bot's save reaction was added
    PRIMARY KEY (batch_id, position)
);

-- A channel never gets the same paper twice, whatever the source or version.
CREATE UNIQUE INDEX ux_digest_ledger_channel_paper ON digest_ledger (channel_id, paper_id) WHERE paper_id IS NOT NULL;

-- Messages the bot posted that a reaction can refer to (digest papers and headers, search results).
CREATE TABLE posted_messages (
    channel_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    guild_id   INTEGER,
    paper_id   TEXT,                               -- the one paper of the message; null for headers and lists
    kind       TEXT    NOT NULL,                   -- digest_header, digest_paper, search_results, ...
    position   INTEGER,                            -- a paper's number in a numbered list
    posted_at  TEXT    NOT NULL,
    PRIMARY KEY (channel_id, message_id)
);

-- The papers of a list message, by their number in it.
CREATE TABLE posted_message_papers (
    channel_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    paper_id   TEXT    NOT NULL,
    PRIMARY KEY (channel_id, message_id, position),
    FOREIGN KEY (channel_id, message_id) REFERENCES posted_messages (channel_id, message_id) ON DELETE CASCADE
);
