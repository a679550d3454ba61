-- Sightline schema version 1 (PostgreSQL).
-- One row per council; every other table is keyed by the council's DfE LA
-- number (la) and, for a child's records, the LA's child identifier.
-- Dates are DATE; codes are the DfE code text; booleans BOOLEAN.
-- Column names follow the SSDA903 / CIN census field names.

CREATE TABLE councils (
    la              BIGINT  NOT NULL PRIMARY KEY,
    name            TEXT       NOT NULL,
    population_0_17 BIGINT  NOT NULL
);

CREATE TABLE teams (
    la      BIGINT  NOT NULL,
    id      BIGINT  NOT NULL,
    name    TEXT       NOT NULL,
    service TEXT       NOT NULL,
    PRIMARY KEY (la, id)
);

CREATE TABLE workers (
    la             BIGINT  NOT NULL,
    id             BIGINT  NOT NULL,
    sw_id          TEXT       NOT NULL,
    name           TEXT       NOT NULL,
    team_id        BIGINT  NOT NULL,
    role           TEXT       NOT NULL,
    employment     TEXT       NOT NULL,
    fte_hundredths BIGINT  NOT NULL,
    start_date     DATE       NOT NULL,
    end_date       DATE   ,
    qualified_date DATE   ,
    case_holding   BOOLEAN NOT NULL,
    PRIMARY KEY (la, id)
);

CREATE TABLE children (
    la                     BIGINT  NOT NULL,
    child_id               TEXT COLLATE "C"    NOT NULL,
    version                BIGINT  NOT NULL,
    forename               TEXT       NOT NULL,
    surname                TEXT       NOT NULL,
    upn                    TEXT   ,
    former_upn             TEXT   ,
    upn_unknown            TEXT   ,
    date_of_birth          DATE   ,
    expected_date_of_birth DATE   ,
    sex                    TEXT       NOT NULL,
    ethnicity              TEXT       NOT NULL,
    date_of_death          DATE   ,
    uasc                   BOOLEAN NOT NULL,
    uasc_ceased            DATE   ,
    mother_child_dob       DATE   ,
    family_id              BIGINT ,
    restricted             BOOLEAN NOT NULL,
    PRIMARY KEY (la, child_id)
);

CREATE TABLE child_disabilities (
    la         BIGINT  NOT NULL,
    child_id   TEXT COLLATE "C"    NOT NULL,
    seq        BIGINT  NOT NULL,
    disability TEXT       NOT NULL,
    PRIMARY KEY (la, child_id, seq)
);

CREATE TABLE contacts (
    la              BIGINT  NOT NULL,
    child_id        TEXT COLLATE "C"    NOT NULL,
    id              BIGINT  NOT NULL,
    contact_date    DATE       NOT NULL,
    contact_source  TEXT       NOT NULL,
    via_mash        BOOLEAN NOT NULL,
    contact_outcome TEXT       NOT NULL,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE referrals (
    la                 BIGINT  NOT NULL,
    child_id           TEXT COLLATE "C"    NOT NULL,
    id                 BIGINT  NOT NULL,
    referral_date      DATE       NOT NULL,
    referral_source    TEXT       NOT NULL,
    primary_need_code  TEXT   ,
    cin_closure_date   DATE   ,
    reason_for_closure TEXT   ,
    referral_nfa       BOOLEAN NOT NULL,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE assessments (
    la                            BIGINT  NOT NULL,
    child_id                      TEXT COLLATE "C"    NOT NULL,
    id                            BIGINT  NOT NULL,
    referral_id                   BIGINT  NOT NULL,
    assessment_actual_start_date  DATE       NOT NULL,
    assessment_authorisation_date DATE   ,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE assessment_factors (
    la            BIGINT  NOT NULL,
    child_id      TEXT COLLATE "C"    NOT NULL,
    assessment_id BIGINT  NOT NULL,
    seq           BIGINT  NOT NULL,
    factor        TEXT       NOT NULL,
    PRIMARY KEY (la, child_id, assessment_id, seq)
);

CREATE TABLE strategy_discussions (
    la                       BIGINT  NOT NULL,
    child_id                 TEXT COLLATE "C"    NOT NULL,
    id                       BIGINT  NOT NULL,
    referral_id              BIGINT  NOT NULL,
    strategy_discussion_date DATE       NOT NULL,
    section47_started        BOOLEAN NOT NULL,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE section47s (
    la                    BIGINT  NOT NULL,
    child_id              TEXT COLLATE "C"    NOT NULL,
    id                    BIGINT  NOT NULL,
    referral_id           BIGINT  NOT NULL,
    s47_actual_start_date DATE       NOT NULL,
    icpc_target_date      DATE   ,
    icpc_not_required     BOOLEAN NOT NULL,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE conferences (
    la              BIGINT  NOT NULL,
    child_id        TEXT COLLATE "C"    NOT NULL,
    id              BIGINT  NOT NULL,
    referral_id     BIGINT  NOT NULL,
    conference_kind TEXT       NOT NULL,
    conference_date DATE       NOT NULL,
    section47_id    BIGINT ,
    cp_plan_id      BIGINT ,
    plan_outcome    BOOLEAN NOT NULL,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE cp_plans (
    la                        BIGINT  NOT NULL,
    child_id                  TEXT COLLATE "C"    NOT NULL,
    id                        BIGINT  NOT NULL,
    referral_id               BIGINT  NOT NULL,
    cpp_start_date            DATE       NOT NULL,
    cpp_end_date              DATE   ,
    initial_category_of_abuse TEXT       NOT NULL,
    latest_category_of_abuse  TEXT       NOT NULL,
    number_of_previous_cpp    BIGINT  NOT NULL,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE cin_plans (
    la                  BIGINT  NOT NULL,
    child_id            TEXT COLLATE "C"    NOT NULL,
    id                  BIGINT  NOT NULL,
    referral_id         BIGINT  NOT NULL,
    cin_plan_start_date DATE       NOT NULL,
    cin_plan_end_date   DATE   ,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE episodes (
    la                  BIGINT  NOT NULL,
    child_id            TEXT COLLATE "C"    NOT NULL,
    id                  BIGINT  NOT NULL,
    decom               DATE       NOT NULL,
    rne                 TEXT       NOT NULL,
    ls                  TEXT       NOT NULL,
    cin                 TEXT       NOT NULL,
    place               TEXT       NOT NULL,
    place_provider      TEXT   ,
    dec                 DATE   ,
    rec                 TEXT   ,
    reason_place_change TEXT   ,
    home_post           TEXT   ,
    pl_post             TEXT   ,
    urn                 TEXT   ,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE cla_reviews (
    la          BIGINT  NOT NULL,
    child_id    TEXT COLLATE "C"    NOT NULL,
    id          BIGINT  NOT NULL,
    review_date DATE       NOT NULL,
    review_code TEXT       NOT NULL,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE visits (
    la         BIGINT  NOT NULL,
    child_id   TEXT COLLATE "C"    NOT NULL,
    id         BIGINT  NOT NULL,
    visit_date DATE       NOT NULL,
    child_seen BOOLEAN NOT NULL,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE health_checks (
    la         BIGINT  NOT NULL,
    child_id   TEXT COLLATE "C"    NOT NULL,
    id         BIGINT  NOT NULL,
    check_date DATE       NOT NULL,
    check_kind TEXT       NOT NULL,
    sdq_score  BIGINT ,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE offences (
    la           BIGINT  NOT NULL,
    child_id     TEXT COLLATE "C"    NOT NULL,
    id           BIGINT  NOT NULL,
    offence_date DATE       NOT NULL,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE annual_outcomes (
    la                    BIGINT  NOT NULL,
    child_id              TEXT COLLATE "C"    NOT NULL,
    year                  BIGINT  NOT NULL,
    sdq_score             BIGINT ,
    sdq_reason            TEXT   ,
    convicted             BOOLEAN,
    health_check          BOOLEAN,
    immunisations         BOOLEAN,
    teeth_check           BOOLEAN,
    health_assessment     BOOLEAN,
    substance_misuse      BOOLEAN,
    intervention_received BOOLEAN,
    intervention_offered  BOOLEAN,
    PRIMARY KEY (la, child_id, year)
);

CREATE TABLE missing (
    la        BIGINT  NOT NULL,
    child_id  TEXT COLLATE "C"    NOT NULL,
    id        BIGINT  NOT NULL,
    missing   TEXT       NOT NULL,
    mis_start DATE       NOT NULL,
    mis_end   DATE   ,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE adoption_decisions (
    la                   BIGINT  NOT NULL,
    child_id             TEXT COLLATE "C"    NOT NULL,
    id                   BIGINT  NOT NULL,
    date_placed          DATE       NOT NULL,
    date_placed_ceased   DATE   ,
    reason_placed_ceased TEXT   ,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE adoptions (
    la          BIGINT  NOT NULL,
    child_id    TEXT COLLATE "C"    NOT NULL,
    date_int    DATE       NOT NULL,
    date_match  DATE       NOT NULL,
    foster_care BOOLEAN NOT NULL,
    nb_adoptr   BIGINT  NOT NULL,
    sex_adoptr  TEXT       NOT NULL,
    ls_adoptr   TEXT       NOT NULL,
    PRIMARY KEY (la, child_id)
);

CREATE TABLE previous_permanence (
    la        BIGINT  NOT NULL,
    child_id  TEXT COLLATE "C"    NOT NULL,
    prev_perm TEXT       NOT NULL,
    la_perm   TEXT   ,
    date_perm TEXT   ,
    PRIMARY KEY (la, child_id)
);

CREATE TABLE care_leaver_statuses (
    la       BIGINT  NOT NULL,
    child_id TEXT COLLATE "C"    NOT NULL,
    id       BIGINT  NOT NULL,
    year     BIGINT  NOT NULL,
    in_touch TEXT       NOT NULL,
    activ    TEXT       NOT NULL,
    accom    TEXT       NOT NULL,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE leaving_care (
    la         BIGINT  NOT NULL,
    child_id   TEXT COLLATE "C"    NOT NULL,
    id         BIGINT  NOT NULL,
    start_date DATE       NOT NULL,
    end_date   DATE   ,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE family_group_conferences (
    la          BIGINT  NOT NULL,
    child_id    TEXT COLLATE "C"    NOT NULL,
    id          BIGINT  NOT NULL,
    fgc_date    DATE       NOT NULL,
    plan_agreed BOOLEAN NOT NULL,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE safety_plans (
    la         BIGINT  NOT NULL,
    child_id   TEXT COLLATE "C"    NOT NULL,
    id         BIGINT  NOT NULL,
    start_date DATE       NOT NULL,
    end_date   DATE   ,
    concern    TEXT       NOT NULL,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE allocations (
    la         BIGINT  NOT NULL,
    child_id   TEXT COLLATE "C"    NOT NULL,
    id         BIGINT  NOT NULL,
    worker_id  BIGINT  NOT NULL,
    start_date DATE       NOT NULL,
    end_date   DATE   ,
    sw_reason  TEXT       NOT NULL,
    PRIMARY KEY (la, child_id, id)
);

CREATE TABLE data_quality (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    la       BIGINT  NOT NULL,
    source   TEXT       NOT NULL,
    rule     TEXT       NOT NULL,
    child_id TEXT COLLATE "C",
    location TEXT       NOT NULL,
    fields   TEXT       NOT NULL, -- JSON list of field names
    message  TEXT       NOT NULL
);
CREATE INDEX data_quality_by_council ON data_quality (la, source);
CREATE INDEX data_quality_by_child ON data_quality (la, child_id);
