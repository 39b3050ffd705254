-- 0008: one sentence-embedding vector per paper, of its title and abstract (docs/search.md, "Search by meaning").
-- Never edit this file once committed: add a new numbered script instead.
--
-- vector holds 384 signed bytes, the unit vector divided by scale and rounded (int8 with one scale per paper:
-- 388 bytes a paper instead of 1,536 as floats, with cosines within about 0.01 of the exact ones). model names
-- the model that made it: a vector of another model counts as missing. stamp grows with every batch written,
-- so a process that keeps the vectors in memory reads only the ones written since it last looked.
CREATE TABLE paper_vectors (
    seq    INTEGER PRIMARY KEY REFERENCES papers (seq) ON DELETE CASCADE,
    model  TEXT    NOT NULL,
    stamp  INTEGER NOT NULL,
    scale  REAL    NOT NULL,
    vector BLOB    NOT NULL
);

CREATE INDEX ix_paper_vectors_stamp ON paper_vectors (stamp);

-- A changed title or abstract makes the vector stale: drop it, and the paper is embedded again like a new one.
CREATE TRIGGER papers_text_changed_drop_vector AFTER UPDATE OF title, abstract ON papers
WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract
BEGIN
    DELETE FROM paper_vectors WHERE seq = old.seq;
END;
