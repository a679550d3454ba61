-- Sightline schema version 7 (sqlite), issue #5: one compact value per child
-- holding the records the indicator engine reads (src/facts.rs), written in
-- the same transaction as the child's rows, so an England-wide indicator run
-- reads one row per child instead of about ten.
--
-- Councils already in the store have no facts yet: they are listed in
-- pending_child_facts, and the store builds their facts from their rows the
-- next time it is opened (common.rs, build_pending_facts), one council per
-- transaction, removing each from the list as it is done.

CREATE TABLE child_facts (
    la       INTEGER NOT NULL,
    child_id TEXT    NOT NULL,
    facts    BLOB    NOT NULL,
    PRIMARY KEY (la, child_id)
) WITHOUT ROWID;

CREATE TABLE pending_child_facts (
    la INTEGER PRIMARY KEY
);

INSERT INTO pending_child_facts (la) SELECT la FROM councils;
