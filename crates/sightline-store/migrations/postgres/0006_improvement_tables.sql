-- Sightline schema version 6 (postgres), issue #9: the improvement plan and
-- placement finance records (sightline_domain::improvement::ImprovementRecords)
-- in real tables, replacing version 4's one JSON document per record. Money
-- is integer pence; dates are DATE; codes are the domain's
-- stable codes (e.g. external_residential, requires_improvement). `pos` keeps
-- the saved order. A council's whole set is replaced in one transaction
-- (crates/sightline-store/src/finance.rs) after ImprovementRecords::check.
--
-- The version 4 table improvement_records is kept, read-only: a council
-- whose records are still there (saved before version 6) is read from it
-- until its records are next saved, which moves them here.

-- inspections (kind and date of each)
CREATE TABLE improvement_inspections (
    la BIGINT NOT NULL,
    pos BIGINT NOT NULL,
    id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    inspected DATE NOT NULL,
    PRIMARY KEY (la, id)
);

-- one grade per judgement area
CREATE TABLE improvement_judgements (
    la BIGINT NOT NULL,
    inspection_id BIGINT NOT NULL,
    pos BIGINT NOT NULL,
    area TEXT NOT NULL,
    grade TEXT NOT NULL,
    PRIMARY KEY (la, inspection_id, area)
);

-- the inspection's recommendations, R1...
CREATE TABLE improvement_recommendations (
    la BIGINT NOT NULL,
    inspection_id BIGINT NOT NULL,
    pos BIGINT NOT NULL,
    rec_id TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (la, inspection_id, rec_id)
);

-- every version of every year's action plan
CREATE TABLE improvement_plans (
    la BIGINT NOT NULL,
    pos BIGINT NOT NULL,
    year BIGINT NOT NULL,
    version BIGINT NOT NULL,
    agreed DATE NOT NULL,
    inspection_id BIGINT NOT NULL,
    PRIMARY KEY (la, year, version)
);

-- the actions of each plan version; owner never empty
CREATE TABLE improvement_actions (
    la BIGINT NOT NULL,
    year BIGINT NOT NULL,
    version BIGINT NOT NULL,
    pos BIGINT NOT NULL,
    action_id TEXT NOT NULL,
    theme TEXT NOT NULL,
    description TEXT NOT NULL,
    owner TEXT NOT NULL,
    due DATE NOT NULL,
    status TEXT NOT NULL,
    rag TEXT NOT NULL,
    CHECK (trim(owner) <> ''),
    PRIMARY KEY (la, year, version, action_id)
);

-- an action's evidence, linked indicator ids and recommendations (kind: evidence, indicator, recommendation)
CREATE TABLE improvement_action_links (
    la BIGINT NOT NULL,
    year BIGINT NOT NULL,
    version BIGINT NOT NULL,
    action_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    pos BIGINT NOT NULL,
    value TEXT NOT NULL,
    CHECK (kind IN ('evidence', 'indicator', 'recommendation')),
    PRIMARY KEY (la, year, version, action_id, kind, pos)
);

-- Ofsted monitoring visits
CREATE TABLE monitoring_visits (
    la BIGINT NOT NULL,
    pos BIGINT NOT NULL,
    id BIGINT NOT NULL,
    visited DATE NOT NULL,
    focus TEXT NOT NULL,
    PRIMARY KEY (la, id)
);

-- what each visit found
CREATE TABLE monitoring_visit_findings (
    la BIGINT NOT NULL,
    visit_id BIGINT NOT NULL,
    pos BIGINT NOT NULL,
    finding TEXT NOT NULL,
    PRIMARY KEY (la, visit_id, pos)
);

-- the weekly cost of each placement from its start (never missing) to its end, in pence
CREATE TABLE placement_costs (
    la BIGINT NOT NULL,
    pos BIGINT NOT NULL,
    child_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    provider_name TEXT,
    start_date DATE NOT NULL,
    end_date DATE,
    weekly_pence BIGINT NOT NULL,
    CHECK (weekly_pence > 0),
    PRIMARY KEY (la, pos)
);

-- the financial years (named by the starting year) the council has budgets for
CREATE TABLE budget_years (
    la BIGINT NOT NULL,
    pos BIGINT NOT NULL,
    year BIGINT NOT NULL,
    PRIMARY KEY (la, year)
);

-- a budget line per year and head, money in pence; growth_kind none, amount (pence) or percent (basis points)
CREATE TABLE budget_lines (
    la BIGINT NOT NULL,
    pos BIGINT NOT NULL,
    year BIGINT NOT NULL,
    head TEXT NOT NULL,
    budget_pence BIGINT NOT NULL,
    spent_pence BIGINT NOT NULL,
    spent_as_of DATE NOT NULL,
    growth_kind TEXT NOT NULL,
    growth_value BIGINT NOT NULL,
    CHECK (growth_kind IN ('none', 'amount', 'percent')),
    PRIMARY KEY (la, year, head)
);

-- yearly cost of a full-time post by role and employment, in pence
CREATE TABLE staff_cost_rates (
    la BIGINT NOT NULL,
    pos BIGINT NOT NULL,
    role TEXT NOT NULL,
    employment TEXT NOT NULL,
    annual_pence BIGINT NOT NULL,
    PRIMARY KEY (la, role, employment)
);

-- the external residential review: one plan per child
CREATE TABLE residential_reviews (
    la BIGINT NOT NULL,
    pos BIGINT NOT NULL,
    child_id TEXT NOT NULL,
    plan TEXT NOT NULL,
    target DATE,
    weekly_after_pence BIGINT NOT NULL,
    PRIMARY KEY (la, child_id)
);
