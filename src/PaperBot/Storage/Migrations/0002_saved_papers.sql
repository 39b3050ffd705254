-- Personal libraries: the papers each user saved (by button, select or reaction), at most once per user.
-- Snowflakes are stored as INTEGER (the ulong's bits as a signed 64-bit value); times as ISO-8601 UTC text.

CREATE TABLE saved_papers (
    user_id    INTEGER NOT NULL,
    paper_id   TEXT    NOT NULL,
    guild_id   INTEGER,
    channel_id INTEGER,
    saved_at   TEXT    NOT NULL,
    source     TEXT    NOT NULL,
    UNIQUE (user_id, paper_id)
);

CREATE INDEX ix_saved_papers_guild_time ON saved_papers (guild_id, saved_at);
CREATE INDEX ix_saved_papers_channel ON saved_papers (channel_id);
