-- Sightline schema version 5 (SQLite): the workforce and quality-assurance
-- records (sightline_domain::quality) move out of the JSON documents of
-- version 3 into one table per record and one per repeated part (audit
-- sections, actions and moderation; VEMT meeting attendance; home
-- inspections), keyed by council. Enumerations are stored as their snake_case
-- codes (roles, grades, services, plan kinds) and weekdays as Mon..Fri, as
-- the JSON had them. Existing records are copied across, then the document
-- table is dropped. Dates are ISO YYYY-MM-DD text; booleans 0/1.


-- posts: one row per funded post
CREATE TABLE quality_posts (
    la INTEGER NOT NULL,
    id INTEGER NOT NULL,
    team INTEGER NOT NULL,
    role TEXT NOT NULL,
    fte_hundredths INTEGER NOT NULL,
    case_holding INTEGER NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT,
    PRIMARY KEY (la, id)
);

-- working patterns: kind full_time, nine_day_fortnight (day_off, anchor) or part_time (days, comma-separated)
CREATE TABLE quality_patterns (
    la INTEGER NOT NULL,
    id INTEGER NOT NULL,
    worker INTEGER NOT NULL,
    from_date TEXT NOT NULL,
    kind TEXT NOT NULL,
    day_off TEXT,
    anchor TEXT,
    days TEXT,
    PRIMARY KEY (la, id)
);

-- leave, both days inclusive
CREATE TABLE quality_leave (
    la INTEGER NOT NULL,
    id INTEGER NOT NULL,
    worker INTEGER NOT NULL,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (la, id)
);

-- case file audits: overall grade (moderated when moderated), selection random or themed
CREATE TABLE quality_audits (
    la INTEGER NOT NULL,
    id INTEGER NOT NULL,
    child_id TEXT NOT NULL,
    auditor INTEGER NOT NULL,
    paired_auditor INTEGER,
    audit_date TEXT NOT NULL,
    selection TEXT NOT NULL,
    theme TEXT,
    grade TEXT NOT NULL,
    PRIMARY KEY (la, id)
);

-- one row per audit with a structured form
CREATE TABLE quality_audit_forms (
    la INTEGER NOT NULL,
    audit INTEGER NOT NULL,
    PRIMARY KEY (la, audit)
);

-- section grades on an audit form
CREATE TABLE quality_audit_sections (
    la INTEGER NOT NULL,
    audit INTEGER NOT NULL,
    section TEXT NOT NULL,
    grade TEXT NOT NULL,
    remark TEXT NOT NULL,
    PRIMARY KEY (la, audit, section)
);

-- actions on an audit form, in form order (seq)
CREATE TABLE quality_audit_actions (
    la INTEGER NOT NULL,
    audit INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    action TEXT NOT NULL,
    owner_worker INTEGER NOT NULL,
    due TEXT NOT NULL,
    completed TEXT,
    PRIMARY KEY (la, audit, seq)
);

-- moderation of an audit's overall grade
CREATE TABLE quality_audit_moderations (
    la INTEGER NOT NULL,
    audit INTEGER NOT NULL,
    moderator INTEGER NOT NULL,
    moderated_on TEXT NOT NULL,
    original_grade TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (la, audit)
);

-- team health checks
CREATE TABLE quality_health_checks (
    la INTEGER NOT NULL,
    id INTEGER NOT NULL,
    team INTEGER NOT NULL,
    check_date TEXT NOT NULL,
    grade TEXT NOT NULL,
    findings TEXT NOT NULL,
    PRIMARY KEY (la, id)
);

-- children considered by the VEMT panel
CREATE TABLE quality_vemt (
    la INTEGER NOT NULL,
    id INTEGER NOT NULL,
    child_id TEXT NOT NULL,
    considered TEXT NOT NULL,
    cse_risk TEXT,
    closed TEXT,
    PRIMARY KEY (la, id)
);

-- VEMT panel meetings
CREATE TABLE quality_vemt_meetings (
    la INTEGER NOT NULL,
    id INTEGER NOT NULL,
    meeting_date TEXT NOT NULL,
    PRIMARY KEY (la, id)
);

-- children discussed at a VEMT meeting, in order (seq)
CREATE TABLE quality_vemt_meeting_children (
    la INTEGER NOT NULL,
    meeting INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    child_id TEXT NOT NULL,
    PRIMARY KEY (la, meeting, seq)
);

-- the council's children's homes
CREATE TABLE quality_homes (
    la INTEGER NOT NULL,
    id INTEGER NOT NULL,
    name TEXT NOT NULL,
    urn TEXT NOT NULL,
    places INTEGER NOT NULL,
    PRIMARY KEY (la, id)
);

-- Ofsted inspections of a home, in order (seq)
CREATE TABLE quality_home_inspections (
    la INTEGER NOT NULL,
    home INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    inspected TEXT NOT NULL,
    grade TEXT NOT NULL,
    PRIMARY KEY (la, home, seq)
);

-- the transfer protocol
CREATE TABLE quality_transfer_rules (
    la INTEGER NOT NULL,
    id INTEGER NOT NULL,
    name TEXT NOT NULL,
    trigger_kind TEXT NOT NULL,
    to_service TEXT NOT NULL,
    within_working_days INTEGER NOT NULL,
    PRIMARY KEY (la, id)
);

-- safety plans and SEND risk assessments
CREATE TABLE quality_risk_plans (
    la INTEGER NOT NULL,
    id INTEGER NOT NULL,
    child_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    made TEXT NOT NULL,
    last_reviewed TEXT,
    next_review TEXT NOT NULL,
    ended TEXT,
    PRIMARY KEY (la, id)
);

-- disclosures of child sexual exploitation (disclosed_to as its code)
CREATE TABLE quality_cse_disclosures (
    la INTEGER NOT NULL,
    id INTEGER NOT NULL,
    child_id TEXT NOT NULL,
    disclosed_on TEXT NOT NULL,
    disclosed_to TEXT NOT NULL,
    referred_to_police INTEGER NOT NULL,
    PRIMARY KEY (la, id)
);

-- Copy the version 3 documents.
INSERT INTO quality_posts SELECT la, id, json_extract(body, '$.team'), json_extract(body, '$.role'), json_extract(body, '$.fte_hundredths'), json_extract(body, '$.case_holding'), json_extract(body, '$.start'), json_extract(body, '$.end')
    FROM quality_records WHERE kind = 'post';
INSERT INTO quality_patterns SELECT la, id, json_extract(body, '$.worker'), json_extract(body, '$.from'), json_extract(body, '$.pattern.kind'), json_extract(body, '$.pattern.day_off'), json_extract(body, '$.pattern.anchor'),
    (SELECT group_concat(value, ',') FROM json_each(body, '$.pattern.days'))
    FROM quality_records WHERE kind = 'pattern';
INSERT INTO quality_leave SELECT la, id, json_extract(body, '$.worker'), json_extract(body, '$.first_day'), json_extract(body, '$.last_day'), json_extract(body, '$.reason')
    FROM quality_records WHERE kind = 'leave';
INSERT INTO quality_audits SELECT la, id, json_extract(body, '$.child'), json_extract(body, '$.auditor'), json_extract(body, '$.paired_auditor'), json_extract(body, '$.date'), json_extract(body, '$.selection.kind'), json_extract(body, '$.selection.theme'), json_extract(body, '$.grade')
    FROM quality_records WHERE kind = 'audit';
INSERT INTO quality_health_checks SELECT la, id, json_extract(body, '$.team'), json_extract(body, '$.date'), json_extract(body, '$.grade'), json_extract(body, '$.findings')
    FROM quality_records WHERE kind = 'health_check';
INSERT INTO quality_vemt SELECT la, id, json_extract(body, '$.child'), json_extract(body, '$.considered'), json_extract(body, '$.cse_risk'), json_extract(body, '$.closed')
    FROM quality_records WHERE kind = 'vemt';
INSERT INTO quality_homes SELECT la, id, json_extract(body, '$.name'), json_extract(body, '$.urn'), json_extract(body, '$.places')
    FROM quality_records WHERE kind = 'home';
INSERT INTO quality_home_inspections SELECT q.la, q.id, j.key, json_extract(j.value, '$.date'), json_extract(j.value, '$.grade')
    FROM quality_records q, json_each(q.body, '$.inspections') j WHERE q.kind = 'home';
INSERT INTO quality_transfer_rules SELECT la, id, json_extract(body, '$.name'), json_extract(body, '$.trigger'), json_extract(body, '$.to_service'), json_extract(body, '$.within_working_days')
    FROM quality_records WHERE kind = 'transfer_rule';
DROP TABLE quality_records;
