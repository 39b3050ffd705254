-- The server memory (issue 18): every paper a server linked in an opted-in channel, had carded, searched into a
-- reply, saved, had posted by a digest or discussed in a journal club session, with where, by whom and when.
-- Always read per guild: one server's memory never shows in another. user_id is NULL for what the bot did on
-- its own (a digest post, an automatic link card), and forget-me deletes a user's rows through the column's name.
-- Snowflakes are stored as INTEGER (the ulong's bits as a signed 64-bit value); times as ISO-8601 UTC text.

CREATE TABLE server_memory (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    paper_id   TEXT    NOT NULL,
    channel_id INTEGER NOT NULL,
    message_id INTEGER,
    user_id    INTEGER,
    kind       TEXT    NOT NULL CHECK (kind IN ('linked', 'card', 'saved', 'digest', 'club', 'searched')),
    at         TEXT    NOT NULL
);

CREATE INDEX ix_server_memory_paper ON server_memory (guild_id, paper_id, at);
CREATE INDEX ix_server_memory_guild_at ON server_memory (guild_id, at);
CREATE INDEX ix_server_memory_channel_paper ON server_memory (channel_id, paper_id, at);

-- Channels where PaperBot answers a message that links papers with a card (/paperbot links on).
CREATE TABLE link_card_channels (
    channel_id INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    enabled_at TEXT    NOT NULL
);
