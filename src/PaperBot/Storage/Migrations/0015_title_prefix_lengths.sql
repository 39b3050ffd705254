-- 0015: the title autocomplete index gains prefix indexes up to six letters (0005 had one and two).
-- Never edit this file once committed: add a new numbered script instead.
--
-- FTS5 answers a prefix it has no prefix index for by merging the whole doclists of every title word that starts
-- with it, whatever row-id floor the query gives: at 100k papers a three-letter prefix ("xst*") cost ~6 ms a read
-- against 0.2 ms from a prefix index, and ten times that at 1M, so autocomplete grew with the store. With
-- '1 2 3 4 5 6' a prefix of up to six letters is a single stored term read forward from the floor; longer prefixes
-- are shared by few words. Measured at 100k: the rebuild takes ~5 s and the file grows ~2 %.
-- Dropping the table drops its settings: 0006's 'hashsize' is set again. The triggers from 0001 name the table,
-- not its definition, so they keep working on the new one.
DROP TABLE papers_title_fts;

CREATE VIRTUAL TABLE papers_title_fts USING fts5 (
    title,
    content = 'papers', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4 5 6'
);

INSERT INTO papers_title_fts (papers_title_fts) VALUES ('rebuild');
INSERT INTO papers_title_fts (papers_title_fts, rank) VALUES ('hashsize', 16777216);
