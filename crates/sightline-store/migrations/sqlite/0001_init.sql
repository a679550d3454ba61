-- Sightline schema version 1 (SQLite).
-- One row per council; every other table is keyed by the council's DfE LA
-- number (la) and, for a child's records, the LA's child identifier.
-- Dates are ISO 'YYYY-MM-DD' text; codes are the DfE code text; booleans 0/1.
-- Column names follow the SSDA903 / CIN census field names.

CREATE TABLE councils (
    la              INTEGER NOT NULL PRIMARY KEY,
    name            TEXT    NOT NULL,
    population_0_17 INTEGER NOT NULL
);

CREATE TABLE teams (
    la      INTEGER NOT NULL,
    id      INTEGER NOT NULL,
    name    TEXT    NOT NULL,
    service TEXT    NOT NULL,
    PRIMARY KEY (la, id)
) WITHOUT ROWID;

CREATE TABLE workers (
    la             INTEGER NOT NULL,
    id             INTEGER NOT NULL,
    sw_id          TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    team_id        INTEGER NOT NULL,
    role           TEXT    NOT NULL,
    employment     TEXT    NOT NULL,
    fte_hundredths INTEGER NOT NULL,
    start_date     TEXT    NOT NULL,
    end_date       TEXT,
    qualified_date TEXT,
    case_holding   INTEGER NOT NULL,
    PRIMARY KEY (la, id)
) WITHOUT ROWID;

CREATE TABLE children (
    la                     INTEGER NOT NULL,
    child_id               TEXT    NOT NULL,
    version                INTEGER NOT NULL,
    forename               TEXT    NOT NULL,
    surname                TEXT    NOT NULL,
    upn                    TEXT,
    former_upn             TEXT,
    upn_unknown            TEXT,
    date_of_birth          TEXT,
    expected_date_of_birth TEXT,
    sex                    TEXT    NOT NULL,
    ethnicity              TEXT    NOT NULL,
    date_of_death          TEXT,
    uasc                   INTEGER NOT NULL,
    uasc_ceased            TEXT,
    mother_child_dob       TEXT,
    family_id              INTEGER,
    restricted             INTEGER NOT NULL,
    PRIMARY KEY (la, child_id)
) WITHOUT ROWID;

CREATE TABLE child_disabilities (
    la         INTEGER NOT NULL,
    child_id   TEXT    NOT NULL,
    seq        INTEGER NOT NULL,
    disability TEXT    NOT NULL,
    PRIMARY KEY (la, child_id, seq)
) WITHOUT ROWID;

CREATE TABLE contacts (
    la              INTEGER NOT NULL,
    child_id        TEXT    NOT NULL,
    id              INTEGER NOT NULL,
    contact_date    TEXT    NOT NULL,
    contact_source  TEXT    NOT NULL,
    via_mash        INTEGER NOT NULL,
    contact_outcome TEXT    NOT NULL,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE referrals (
    la                 INTEGER NOT NULL,
    child_id           TEXT    NOT NULL,
    id                 INTEGER NOT NULL,
    referral_date      TEXT    NOT NULL,
    referral_source    TEXT    NOT NULL,
    primary_need_code  TEXT,
    cin_closure_date   TEXT,
    reason_for_closure TEXT,
    referral_nfa       INTEGER NOT NULL,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE assessments (
    la                            INTEGER NOT NULL,
    child_id                      TEXT    NOT NULL,
    id                            INTEGER NOT NULL,
    referral_id                   INTEGER NOT NULL,
    assessment_actual_start_date  TEXT    NOT NULL,
    assessment_authorisation_date TEXT,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE assessment_factors (
    la            INTEGER NOT NULL,
    child_id      TEXT    NOT NULL,
    assessment_id INTEGER NOT NULL,
    seq           INTEGER NOT NULL,
    factor        TEXT    NOT NULL,
    PRIMARY KEY (la, child_id, assessment_id, seq)
) WITHOUT ROWID;

CREATE TABLE strategy_discussions (
    la                       INTEGER NOT NULL,
    child_id                 TEXT    NOT NULL,
    id                       INTEGER NOT NULL,
    referral_id              INTEGER NOT NULL,
    strategy_discussion_date TEXT    NOT NULL,
    section47_started        INTEGER NOT NULL,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE section47s (
    la                    INTEGER NOT NULL,
    child_id              TEXT    NOT NULL,
    id                    INTEGER NOT NULL,
    referral_id           INTEGER NOT NULL,
    s47_actual_start_date TEXT    NOT NULL,
    icpc_target_date      TEXT,
    icpc_not_required     INTEGER NOT NULL,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE conferences (
    la              INTEGER NOT NULL,
    child_id        TEXT    NOT NULL,
    id              INTEGER NOT NULL,
    referral_id     INTEGER NOT NULL,
    conference_kind TEXT    NOT NULL,
    conference_date TEXT    NOT NULL,
    section47_id    INTEGER,
    cp_plan_id      INTEGER,
    plan_outcome    INTEGER NOT NULL,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE cp_plans (
    la                        INTEGER NOT NULL,
    child_id                  TEXT    NOT NULL,
    id                        INTEGER NOT NULL,
    referral_id               INTEGER NOT NULL,
    cpp_start_date            TEXT    NOT NULL,
    cpp_end_date              TEXT,
    initial_category_of_abuse TEXT    NOT NULL,
    latest_category_of_abuse  TEXT    NOT NULL,
    number_of_previous_cpp    INTEGER NOT NULL,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE cin_plans (
    la                  INTEGER NOT NULL,
    child_id            TEXT    NOT NULL,
    id                  INTEGER NOT NULL,
    referral_id         INTEGER NOT NULL,
    cin_plan_start_date TEXT    NOT NULL,
    cin_plan_end_date   TEXT,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE episodes (
    la                  INTEGER NOT NULL,
    child_id            TEXT    NOT NULL,
    id                  INTEGER NOT NULL,
    decom               TEXT    NOT NULL,
    rne                 TEXT    NOT NULL,
    ls                  TEXT    NOT NULL,
    cin                 TEXT    NOT NULL,
    place               TEXT    NOT NULL,
    place_provider      TEXT,
    dec                 TEXT,
    rec                 TEXT,
    reason_place_change TEXT,
    home_post           TEXT,
    pl_post             TEXT,
    urn                 TEXT,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE cla_reviews (
    la          INTEGER NOT NULL,
    child_id    TEXT    NOT NULL,
    id          INTEGER NOT NULL,
    review_date TEXT    NOT NULL,
    review_code TEXT    NOT NULL,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE visits (
    la         INTEGER NOT NULL,
    child_id   TEXT    NOT NULL,
    id         INTEGER NOT NULL,
    visit_date TEXT    NOT NULL,
    child_seen INTEGER NOT NULL,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE health_checks (
    la         INTEGER NOT NULL,
    child_id   TEXT    NOT NULL,
    id         INTEGER NOT NULL,
    check_date TEXT    NOT NULL,
    check_kind TEXT    NOT NULL,
    sdq_score  INTEGER,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE offences (
    la           INTEGER NOT NULL,
    child_id     TEXT    NOT NULL,
    id           INTEGER NOT NULL,
    offence_date TEXT    NOT NULL,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE annual_outcomes (
    la                    INTEGER NOT NULL,
    child_id              TEXT    NOT NULL,
    year                  INTEGER NOT NULL,
    sdq_score             INTEGER,
    sdq_reason            TEXT,
    convicted             INTEGER,
    health_check          INTEGER,
    immunisations         INTEGER,
    teeth_check           INTEGER,
    health_assessment     INTEGER,
    substance_misuse      INTEGER,
    intervention_received INTEGER,
    intervention_offered  INTEGER,
    PRIMARY KEY (la, child_id, year)
) WITHOUT ROWID;

CREATE TABLE missing (
    la        INTEGER NOT NULL,
    child_id  TEXT    NOT NULL,
    id        INTEGER NOT NULL,
    missing   TEXT    NOT NULL,
    mis_start TEXT    NOT NULL,
    mis_end   TEXT,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE adoption_decisions (
    la                   INTEGER NOT NULL,
    child_id             TEXT    NOT NULL,
    id                   INTEGER NOT NULL,
    date_placed          TEXT    NOT NULL,
    date_placed_ceased   TEXT,
    reason_placed_ceased TEXT,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE adoptions (
    la          INTEGER NOT NULL,
    child_id    TEXT    NOT NULL,
    date_int    TEXT    NOT NULL,
    date_match  TEXT    NOT NULL,
    foster_care INTEGER NOT NULL,
    nb_adoptr   INTEGER NOT NULL,
    sex_adoptr  TEXT    NOT NULL,
    ls_adoptr   TEXT    NOT NULL,
    PRIMARY KEY (la, child_id)
) WITHOUT ROWID;

CREATE TABLE previous_permanence (
    la        INTEGER NOT NULL,
    child_id  TEXT    NOT NULL,
    prev_perm TEXT    NOT NULL,
    la_perm   TEXT,
    date_perm TEXT,
    PRIMARY KEY (la, child_id)
) WITHOUT ROWID;

CREATE TABLE care_leaver_statuses (
    la       INTEGER NOT NULL,
    child_id TEXT    NOT NULL,
    id       INTEGER NOT NULL,
    year     INTEGER NOT NULL,
    in_touch TEXT    NOT NULL,
    activ    TEXT    NOT NULL,
    accom    TEXT    NOT NULL,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE leaving_care (
    la         INTEGER NOT NULL,
    child_id   TEXT    NOT NULL,
    id         INTEGER NOT NULL,
    start_date TEXT    NOT NULL,
    end_date   TEXT,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE family_group_conferences (
    la          INTEGER NOT NULL,
    child_id    TEXT    NOT NULL,
    id          INTEGER NOT NULL,
    fgc_date    TEXT    NOT NULL,
    plan_agreed INTEGER NOT NULL,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE safety_plans (
    la         INTEGER NOT NULL,
    child_id   TEXT    NOT NULL,
    id         INTEGER NOT NULL,
    start_date TEXT    NOT NULL,
    end_date   TEXT,
    concern    TEXT    NOT NULL,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE allocations (
    la         INTEGER NOT NULL,
    child_id   TEXT    NOT NULL,
    id         INTEGER NOT NULL,
    worker_id  INTEGER NOT NULL,
    start_date TEXT    NOT NULL,
    end_date   TEXT,
    sw_reason  TEXT    NOT NULL,
    PRIMARY KEY (la, child_id, id)
) WITHOUT ROWID;

CREATE TABLE data_quality (
    id       INTEGER PRIMARY KEY,
    la       INTEGER NOT NULL,
    source   TEXT    NOT NULL,
    rule     TEXT    NOT NULL,
    child_id TEXT,
    location TEXT    NOT NULL,
    fields   TEXT    NOT NULL, -- JSON list of field names
    message  TEXT    NOT NULL
);
CREATE INDEX data_quality_by_council ON data_quality (la, source);
CREATE INDEX data_quality_by_child ON data_quality (la, child_id);
