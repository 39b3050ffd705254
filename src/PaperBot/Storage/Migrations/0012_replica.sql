-- Storage:Provider = postgres: this file is a read model of the shared papers and paper_vectors tables. It
-- remembers which shared database it copies (origin) and how far it has read each table's change numbers.
-- One row at most; none in the embedded mode.

CREATE TABLE paper_replica (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    origin        TEXT    NOT NULL,
    papers_cursor INTEGER NOT NULL,
    vectors_cursor INTEGER NOT NULL
);
