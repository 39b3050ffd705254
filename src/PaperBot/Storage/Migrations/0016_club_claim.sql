-- A journal-club reminder is claimed before it is sent, so two processes over one state send it once: the claim
-- holds until this instant; a process that died mid-send leaves it to expire, and the next one retries.
ALTER TABLE club_queue ADD COLUMN reminder_claimed_until TEXT;
