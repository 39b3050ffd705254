-- The category index of 0013 is filled by the paper writers (PaperWriter.IndexCategoriesSql) instead of an insert
-- trigger. A trigger makes every INSERT INTO papers a multi-statement write, which opens a statement savepoint, and
-- FTS5 writes its pending terms to disk at every savepoint: an import flushed a one-paper segment per paper and ran
-- at half its speed (docs/benchmarks.md, import). Updates and deletes are rare and keep their triggers.
DROP TRIGGER papers_categories_insert;
