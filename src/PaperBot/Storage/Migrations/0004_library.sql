-- Personal libraries on top of saved_papers (0002): which saves came from a reaction on which message, so
-- removing that reaction removes exactly that save and nothing the user saved another way.
-- Snowflakes are stored as INTEGER (the ulong's bits as a signed 64-bit value); times as ISO-8601 UTC text.

CREATE TABLE library_reaction_saves (
    user_id    INTEGER NOT NULL,
    paper_id   TEXT    NOT NULL,
    channel_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    guild_id   INTEGER,
    saved_at   TEXT    NOT NULL,
    PRIMARY KEY (user_id, paper_id)
);

CREATE INDEX ix_library_reaction_saves_message ON library_reaction_saves (channel_id, message_id);
