-- The instant each subscription's next batch is owed (DigestSchedule.NextRun of the row, kept in step by every write
-- of the row), so the digest loop reads the channels that are due and the earliest due time instead of every
-- subscription at every pass. Rows from before this column have none until the loop's first pass computes it.
ALTER TABLE digest_subscriptions ADD COLUMN next_due_at TEXT;
CREATE INDEX ix_digest_subscriptions_next_due ON digest_subscriptions (next_due_at) WHERE paused_reason IS NULL;
