-- Journal club: each channel's reading queue (a scheduled entry carries its session, announcement, thread and
-- the reminder it owes) and the sessions held. Snowflakes as INTEGER (the ulong's bits as a signed 64-bit
-- value); instants as ISO-8601 UTC text; session dates as the channel's local yyyy-MM-dd.

CREATE TABLE club_queue (
    channel_id      INTEGER NOT NULL,
    paper_id        TEXT    NOT NULL,                -- normalized arXiv id
    guild_id        INTEGER NOT NULL,
    note            TEXT,
    added_by        INTEGER NOT NULL,
    added_at        TEXT    NOT NULL,
    session_date    TEXT,                            -- local date of the session once scheduled
    presenter_id    INTEGER,
    announcement_id INTEGER,                         -- the announcement message; the thread started from it
    thread_id       INTEGER,
    reminder_due    TEXT,                            -- instant of the reminder owed; null when none is owed
    reminded_at     TEXT,                            -- set once Discord accepted the reminder: it is never sent again
    PRIMARY KEY (channel_id, paper_id)
);

CREATE INDEX ix_club_queue_reminders ON club_queue (reminder_due) WHERE reminder_due IS NOT NULL AND reminded_at IS NULL;

-- One row per session held (`/club done`); what the server remembers of its journal club.
CREATE TABLE club_sessions (
    session_id      INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    guild_id        INTEGER NOT NULL,
    channel_id      INTEGER NOT NULL,
    paper_id        TEXT    NOT NULL,
    session_date    TEXT,
    presenter_id    INTEGER,
    thread_id       INTEGER,
    note            TEXT,
    done_by         INTEGER NOT NULL,
    done_at         TEXT    NOT NULL
);

CREATE INDEX ix_club_sessions_paper ON club_sessions (guild_id, paper_id);
