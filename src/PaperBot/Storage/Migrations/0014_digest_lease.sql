-- Digest batches are claimed with a lease (issue 19): the process posting a batch holds it until lease_until and
-- renews it as it goes; once a lease has run out (its process died), any process may finish the batch. The ledger
-- and the per-entry nonces keep that to one message per paper per channel.
ALTER TABLE digest_batches ADD COLUMN claimed_by TEXT;
ALTER TABLE digest_batches ADD COLUMN lease_until TEXT;
