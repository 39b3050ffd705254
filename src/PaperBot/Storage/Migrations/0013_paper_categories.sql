-- 0013: each paper's categories as rows, so a cat: filter reads only the papers of that category (issue 14).
-- The papers row stays the source of truth: triggers keep this table in step with its categories column,
-- whichever code writes it. NOCASE, as the search compares categories.
CREATE TABLE paper_categories (
    category TEXT    NOT NULL COLLATE NOCASE,
    seq      INTEGER NOT NULL,
    PRIMARY KEY (category, seq)
) WITHOUT ROWID;

INSERT OR IGNORE INTO paper_categories (category, seq)
SELECT c.value, p.seq FROM papers AS p, json_each(p.categories) AS c WHERE c.type = 'text';

CREATE TRIGGER papers_categories_insert AFTER INSERT ON papers BEGIN
    INSERT OR IGNORE INTO paper_categories (category, seq)
    SELECT value, new.seq FROM json_each(new.categories) WHERE type = 'text';
END;

CREATE TRIGGER papers_categories_update AFTER UPDATE OF categories ON papers WHEN old.categories IS NOT new.categories BEGIN
    DELETE FROM paper_categories WHERE seq = old.seq AND category IN (SELECT value FROM json_each(old.categories) WHERE type = 'text');
    INSERT OR IGNORE INTO paper_categories (category, seq)
    SELECT value, new.seq FROM json_each(new.categories) WHERE type = 'text';
END;

CREATE TRIGGER papers_categories_delete AFTER DELETE ON papers BEGIN
    DELETE FROM paper_categories WHERE seq = old.seq AND category IN (SELECT value FROM json_each(old.categories) WHERE type = 'text');
END;
