-- Sightline schema version 3 (SQLite): workforce and quality-assurance
-- records (sightline_domain::quality): funded posts, working patterns,
-- leave, case file audits, team health checks, VEMT considerations,
-- children's homes and transfer rules. One row per record, keyed by council,
-- kind and id; the record itself is JSON (serde of the domain type), so the
-- forms can grow without a migration. Replaced per council in one
-- transaction.

CREATE TABLE quality_records (
    la   INTEGER NOT NULL,
    kind TEXT    NOT NULL,
    id   INTEGER NOT NULL,
    body TEXT    NOT NULL,
    PRIMARY KEY (la, kind, id)
);
