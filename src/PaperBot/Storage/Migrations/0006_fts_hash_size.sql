-- 0006: both full-text indexes buffer up to 16 MB of new terms in memory before writing a segment.
-- Never edit this file once committed: add a new numbered script instead.
--
-- FTS5 collects the terms of the rows written in a transaction in an in-memory hash and writes them out as a
-- new index segment when the transaction commits or the hash outgrows its limit (1 MB by default). Imports
-- write thousands of papers per transaction (PaperImporter.DefaultBatchSize), so at 1 MB each batch became
-- many small segments that FTS5 then had to merge again; at 16 MB a batch is written about once. Measured at
-- 100k papers: import 4,300 -> 6,500 papers/s (docs/benchmarks.md). Small transactions (a save, one ingest
-- page) never fill the hash, so they behave as before. 'hashsize' is stored in each table's %_config table
-- like 'automerge' and 'pgsz'; FTS5 reads it when the table is opened.
INSERT INTO papers_fts (papers_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO papers_title_fts (papers_title_fts, rank) VALUES ('hashsize', 16777216);
