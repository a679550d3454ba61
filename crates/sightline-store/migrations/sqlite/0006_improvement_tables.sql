-- Sightline schema version 6 (sqlite), issue #9: the improvement plan and
-- placement finance records (sightline_domain::improvement::ImprovementRecords)
-- in real tables, replacing version 4's one JSON document per record. Money
-- is integer pence; dates are ISO YYYY-MM-DD text; codes are the domain's
-- stable codes (e.g. external_residential, requires_improvement). `pos` keeps
-- the saved order. A council's whole set is replaced in one transaction
-- (crates/sightline-store/src/finance.rs) after ImprovementRecords::check.
--
-- The version 4 table improvement_records is kept, read-only: a council
-- whose records are still there (saved before version 6) is read from it
-- until its records are next saved, which moves them here.

-- inspections (kind and date of each)
CREATE TABLE improvement_inspections (
    la INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    inspected TEXT NOT NULL,
    PRIMARY KEY (la, id)
);

-- one grade per judgement area
CREATE TABLE improvement_judgements (
    la INTEGER NOT NULL,
    inspection_id INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    area TEXT NOT NULL,
    grade TEXT NOT NULL,
    PRIMARY KEY (la, inspection_id, area)
);

-- the inspection's recommendations, R1...
CREATE TABLE improvement_recommendations (
    la INTEGER NOT NULL,
    inspection_id INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    rec_id TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (la, inspection_id, rec_id)
);

-- every version of every year's action plan
CREATE TABLE improvement_plans (
    la INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    year INTEGER NOT NULL,
    version INTEGER NOT NULL,
    agreed TEXT NOT NULL,
    inspection_id INTEGER NOT NULL,
    PRIMARY KEY (la, year, version)
);

-- the actions of each plan version; owner never empty
CREATE TABLE improvement_actions (
    la INTEGER NOT NULL,
    year INTEGER NOT NULL,
    version INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    action_id TEXT NOT NULL,
    theme TEXT NOT NULL,
    description TEXT NOT NULL,
    owner TEXT NOT NULL,
    due TEXT NOT NULL,
    status TEXT NOT NULL,
    rag TEXT NOT NULL,
    CHECK (trim(owner) <> ''),
    PRIMARY KEY (la, year, version, action_id)
);

-- an action's evidence, linked indicator ids and recommendations (kind: evidence, indicator, recommendation)
CREATE TABLE improvement_action_links (
    la INTEGER NOT NULL,
    year INTEGER NOT NULL,
    version INTEGER NOT NULL,
    action_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    pos INTEGER NOT NULL,
    value TEXT NOT NULL,
    CHECK (kind IN ('evidence', 'indicator', 'recommendation')),
    PRIMARY KEY (la, year, version, action_id, kind, pos)
);

-- Ofsted monitoring visits
CREATE TABLE monitoring_visits (
    la INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    id INTEGER NOT NULL,
    visited TEXT NOT NULL,
    focus TEXT NOT NULL,
    PRIMARY KEY (la, id)
);

-- what each visit found
CREATE TABLE monitoring_visit_findings (
    la INTEGER NOT NULL,
    visit_id INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    finding TEXT NOT NULL,
    PRIMARY KEY (la, visit_id, pos)
);

-- the weekly cost of each placement from its start (never missing) to its end, in pence
CREATE TABLE placement_costs (
    la INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    child_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    provider_name TEXT,
    start_date TEXT NOT NULL,
    end_date TEXT,
    weekly_pence INTEGER NOT NULL,
    CHECK (weekly_pence > 0),
    PRIMARY KEY (la, pos)
);

-- the financial years (named by the starting year) the council has budgets for
CREATE TABLE budget_years (
    la INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    year INTEGER NOT NULL,
    PRIMARY KEY (la, year)
);

-- a budget line per year and head, money in pence; growth_kind none, amount (pence) or percent (basis points)
CREATE TABLE budget_lines (
    la INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    year INTEGER NOT NULL,
    head TEXT NOT NULL,
    budget_pence INTEGER NOT NULL,
    spent_pence INTEGER NOT NULL,
    spent_as_of TEXT NOT NULL,
    growth_kind TEXT NOT NULL,
    growth_value INTEGER NOT NULL,
    CHECK (growth_kind IN ('none', 'amount', 'percent')),
    PRIMARY KEY (la, year, head)
);

-- yearly cost of a full-time post by role and employment, in pence
CREATE TABLE staff_cost_rates (
    la INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    role TEXT NOT NULL,
    employment TEXT NOT NULL,
    annual_pence INTEGER NOT NULL,
    PRIMARY KEY (la, role, employment)
);

-- the external residential review: one plan per child
CREATE TABLE residential_reviews (
    la INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    child_id TEXT NOT NULL,
    plan TEXT NOT NULL,
    target TEXT,
    weekly_after_pence INTEGER NOT NULL,
    PRIMARY KEY (la, child_id)
);
