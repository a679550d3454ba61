-- Sightline schema version 5 (PostgreSQL): the workforce and quality-assurance
-- records (sightline_domain::quality) move out of the JSON documents of
-- version 3 into one table per record and one per repeated part (audit
-- sections, actions and moderation; VEMT meeting attendance; home
-- inspections), keyed by council. Enumerations are stored as their snake_case
-- codes (roles, grades, services, plan kinds) and weekdays as Mon..Fri, as
-- the JSON had them. Existing records are copied across, then the document
-- table is dropped. Dates are DATE; booleans BOOLEAN.


-- posts: one row per funded post
CREATE TABLE quality_posts (
    la BIGINT NOT NULL,
    id BIGINT NOT NULL,
    team BIGINT NOT NULL,
    role TEXT NOT NULL,
    fte_hundredths BIGINT NOT NULL,
    case_holding BOOLEAN NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE,
    PRIMARY KEY (la, id)
);

-- working patterns: kind full_time, nine_day_fortnight (day_off, anchor) or part_time (days, comma-separated)
CREATE TABLE quality_patterns (
    la BIGINT NOT NULL,
    id BIGINT NOT NULL,
    worker BIGINT NOT NULL,
    from_date DATE NOT NULL,
    kind TEXT NOT NULL,
    day_off TEXT,
    anchor DATE,
    days TEXT,
    PRIMARY KEY (la, id)
);

-- leave, both days inclusive
CREATE TABLE quality_leave (
    la BIGINT NOT NULL,
    id BIGINT NOT NULL,
    worker BIGINT NOT NULL,
    first_day DATE NOT NULL,
    last_day DATE NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (la, id)
);

-- case file audits: overall grade (moderated when moderated), selection random or themed
CREATE TABLE quality_audits (
    la BIGINT NOT NULL,
    id BIGINT NOT NULL,
    child_id TEXT NOT NULL,
    auditor BIGINT NOT NULL,
    paired_auditor BIGINT,
    audit_date DATE NOT NULL,
    selection TEXT NOT NULL,
    theme TEXT,
    grade TEXT NOT NULL,
    PRIMARY KEY (la, id)
);

-- one row per audit with a structured form
CREATE TABLE quality_audit_forms (
    la BIGINT NOT NULL,
    audit BIGINT NOT NULL,
    PRIMARY KEY (la, audit)
);

-- section grades on an audit form
CREATE TABLE quality_audit_sections (
    la BIGINT NOT NULL,
    audit BIGINT NOT NULL,
    section TEXT NOT NULL,
    grade TEXT NOT NULL,
    remark TEXT NOT NULL,
    PRIMARY KEY (la, audit, section)
);

-- actions on an audit form, in form order (seq)
CREATE TABLE quality_audit_actions (
    la BIGINT NOT NULL,
    audit BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    action TEXT NOT NULL,
    owner_worker BIGINT NOT NULL,
    due DATE NOT NULL,
    completed DATE,
    PRIMARY KEY (la, audit, seq)
);

-- moderation of an audit's overall grade
CREATE TABLE quality_audit_moderations (
    la BIGINT NOT NULL,
    audit BIGINT NOT NULL,
    moderator BIGINT NOT NULL,
    moderated_on DATE NOT NULL,
    original_grade TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (la, audit)
);

-- team health checks
CREATE TABLE quality_health_checks (
    la BIGINT NOT NULL,
    id BIGINT NOT NULL,
    team BIGINT NOT NULL,
    check_date DATE NOT NULL,
    grade TEXT NOT NULL,
    findings TEXT NOT NULL,
    PRIMARY KEY (la, id)
);

-- children considered by the VEMT panel
CREATE TABLE quality_vemt (
    la BIGINT NOT NULL,
    id BIGINT NOT NULL,
    child_id TEXT NOT NULL,
    considered DATE NOT NULL,
    cse_risk TEXT,
    closed DATE,
    PRIMARY KEY (la, id)
);

-- VEMT panel meetings
CREATE TABLE quality_vemt_meetings (
    la BIGINT NOT NULL,
    id BIGINT NOT NULL,
    meeting_date DATE NOT NULL,
    PRIMARY KEY (la, id)
);

-- children discussed at a VEMT meeting, in order (seq)
CREATE TABLE quality_vemt_meeting_children (
    la BIGINT NOT NULL,
    meeting BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    child_id TEXT NOT NULL,
    PRIMARY KEY (la, meeting, seq)
);

-- the council's children's homes
CREATE TABLE quality_homes (
    la BIGINT NOT NULL,
    id BIGINT NOT NULL,
    name TEXT NOT NULL,
    urn TEXT NOT NULL,
    places BIGINT NOT NULL,
    PRIMARY KEY (la, id)
);

-- Ofsted inspections of a home, in order (seq)
CREATE TABLE quality_home_inspections (
    la BIGINT NOT NULL,
    home BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    inspected DATE NOT NULL,
    grade TEXT NOT NULL,
    PRIMARY KEY (la, home, seq)
);

-- the transfer protocol
CREATE TABLE quality_transfer_rules (
    la BIGINT NOT NULL,
    id BIGINT NOT NULL,
    name TEXT NOT NULL,
    trigger_kind TEXT NOT NULL,
    to_service TEXT NOT NULL,
    within_working_days BIGINT NOT NULL,
    PRIMARY KEY (la, id)
);

-- safety plans and SEND risk assessments
CREATE TABLE quality_risk_plans (
    la BIGINT NOT NULL,
    id BIGINT NOT NULL,
    child_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    made DATE NOT NULL,
    last_reviewed DATE,
    next_review DATE NOT NULL,
    ended DATE,
    PRIMARY KEY (la, id)
);

-- disclosures of child sexual exploitation (disclosed_to as its code)
CREATE TABLE quality_cse_disclosures (
    la BIGINT NOT NULL,
    id BIGINT NOT NULL,
    child_id TEXT NOT NULL,
    disclosed_on DATE NOT NULL,
    disclosed_to TEXT NOT NULL,
    referred_to_police BOOLEAN NOT NULL,
    PRIMARY KEY (la, id)
);

-- Copy the version 3 documents.
INSERT INTO quality_posts SELECT la, id, (body::jsonb->>'team')::bigint, (body::jsonb->>'role'), (body::jsonb->>'fte_hundredths')::bigint, (body::jsonb->>'case_holding')::boolean, (body::jsonb->>'start')::date, (body::jsonb->>'end')::date
    FROM quality_records WHERE kind = 'post';
INSERT INTO quality_patterns SELECT la, id, (body::jsonb->>'worker')::bigint, (body::jsonb->>'from')::date, (body::jsonb->'pattern'->>'kind'), (body::jsonb->'pattern'->>'day_off'), (body::jsonb->'pattern'->>'anchor')::date,
    (SELECT string_agg(d, ',' ORDER BY n) FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(body::jsonb->'pattern'->'days') = 'array' THEN body::jsonb->'pattern'->'days' ELSE '[]'::jsonb END) WITH ORDINALITY AS t(d, n))
    FROM quality_records WHERE kind = 'pattern';
INSERT INTO quality_leave SELECT la, id, (body::jsonb->>'worker')::bigint, (body::jsonb->>'first_day')::date, (body::jsonb->>'last_day')::date, (body::jsonb->>'reason')
    FROM quality_records WHERE kind = 'leave';
INSERT INTO quality_audits SELECT la, id, (body::jsonb->>'child'), (body::jsonb->>'auditor')::bigint, (body::jsonb->>'paired_auditor')::bigint, (body::jsonb->>'date')::date, (body::jsonb->'selection'->>'kind'), (body::jsonb->'selection'->>'theme'), (body::jsonb->>'grade')
    FROM quality_records WHERE kind = 'audit';
INSERT INTO quality_health_checks SELECT la, id, (body::jsonb->>'team')::bigint, (body::jsonb->>'date')::date, (body::jsonb->>'grade'), (body::jsonb->>'findings')
    FROM quality_records WHERE kind = 'health_check';
INSERT INTO quality_vemt SELECT la, id, (body::jsonb->>'child'), (body::jsonb->>'considered')::date, (body::jsonb->>'cse_risk'), (body::jsonb->>'closed')::date
    FROM quality_records WHERE kind = 'vemt';
INSERT INTO quality_homes SELECT la, id, (body::jsonb->>'name'), (body::jsonb->>'urn'), (body::jsonb->>'places')::bigint
    FROM quality_records WHERE kind = 'home';
INSERT INTO quality_home_inspections SELECT q.la, q.id, j.n - 1, (j.v->>'date')::date, j.v->>'grade'
    FROM quality_records q, jsonb_array_elements(q.body::jsonb->'inspections') WITH ORDINALITY AS j(v, n) WHERE q.kind = 'home';
INSERT INTO quality_transfer_rules SELECT la, id, (body::jsonb->>'name'), (body::jsonb->>'trigger'), (body::jsonb->>'to_service'), (body::jsonb->>'within_working_days')::bigint
    FROM quality_records WHERE kind = 'transfer_rule';
DROP TABLE quality_records;
