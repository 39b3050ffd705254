-- Digest topics by meaning and the channel taste model (issue 14): how a channel's new papers are ordered,
-- and why each posted paper was chosen. Old rows keep ordering by topics and carry no reason.

ALTER TABLE digest_subscriptions ADD COLUMN rank_by TEXT NOT NULL DEFAULT 'topics' CHECK (rank_by IN ('topics', 'saves'));

-- "close to <saved title>, saved here by 3": written with the plan, so a resumed batch says the same.
ALTER TABLE digest_ledger ADD COLUMN reason TEXT;
