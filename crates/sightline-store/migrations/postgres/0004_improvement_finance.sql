-- Sightline schema version 4 (postgres): improvement plan and placement finance
-- (sightline_domain::improvement::ImprovementRecords): inspections and
-- their recommendations, every version of the action plans, monitoring
-- visits, placement costs, budget years and lines, staff cost rates and the
-- external residential review. One row per record, keyed by council, kind
-- and position (the saved order is the loaded order); the record itself is
-- JSON (serde of the domain type, money as integer pence). Replaced per
-- council in one transaction.

CREATE TABLE improvement_records (
    la   BIGINT  NOT NULL,
    kind TEXT    NOT NULL,
    pos  BIGINT  NOT NULL,
    body TEXT    NOT NULL,
    PRIMARY KEY (la, kind, pos)
);
