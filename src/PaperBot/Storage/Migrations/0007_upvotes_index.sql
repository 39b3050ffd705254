-- 0007: papers by Hugging Face upvotes, most first (papers without a count last), newest stored first among equals.
-- Never edit this file once committed: add a new numbered script instead.
--
-- A search made of words that are in most papers, sorted by upvotes, reads papers from this index and checks
-- each against the full-text index, so it finds a page within a few dozen papers of the whole store instead of
-- sorting only a window of recently stored ones (docs/search.md, "Queries made of common words").
CREATE INDEX ix_papers_upvotes ON papers (coalesce(upvotes, -1) DESC, seq DESC);
