-- Sightline schema version 2 (PostgreSQL): the web app's access data.
-- Users (argon2id password hashes, TOTP secrets, hashed single-use recovery
-- codes, failed-sign-in counters and lockout), sessions (only a hash of the
-- session token is stored), grants to restricted records, break-glass events
-- and the hash-chained access audit log. Times are Unix seconds (UTC).

CREATE TABLE web_users (
    username       TEXT    NOT NULL PRIMARY KEY,
    display_name   TEXT    NOT NULL,
    role           TEXT    NOT NULL,
    la             BIGINT,
    team_id        BIGINT,
    worker_id      BIGINT,
    password_hash  TEXT    NOT NULL,
    totp_secret    TEXT    NOT NULL,
    recovery_codes TEXT    NOT NULL,
    failed_logins  BIGINT  NOT NULL DEFAULT 0,
    locked_until   BIGINT,
    totp_last_step BIGINT  NOT NULL DEFAULT 0,
    expires_at     BIGINT,
    created_at     BIGINT  NOT NULL
);

CREATE TABLE web_sessions (
    token_hash TEXT    NOT NULL PRIMARY KEY,
    username   TEXT    NOT NULL REFERENCES web_users (username) ON DELETE CASCADE,
    csrf       TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    last_seen  BIGINT  NOT NULL,
    verified   BOOLEAN NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (username);

CREATE TABLE restricted_grants (
    la       BIGINT NOT NULL,
    child_id TEXT   NOT NULL,
    username TEXT   NOT NULL,
    PRIMARY KEY (la, child_id, username)
);

CREATE TABLE break_glass (
    id       BIGSERIAL PRIMARY KEY,
    la       BIGINT NOT NULL,
    child_id TEXT   NOT NULL,
    username TEXT   NOT NULL,
    reason   TEXT   NOT NULL,
    at       BIGINT NOT NULL
);
CREATE INDEX break_glass_child ON break_glass (la, child_id);

-- Append-only: each entry's hash covers the previous entry's hash.
CREATE TABLE access_log (
    la        BIGINT NOT NULL,
    seq       BIGINT NOT NULL,
    at        BIGINT NOT NULL,
    username  TEXT   NOT NULL,
    child_id  TEXT,
    what      TEXT   NOT NULL,
    why       TEXT   NOT NULL,
    prev_hash TEXT   NOT NULL,
    hash      TEXT   NOT NULL,
    PRIMARY KEY (la, seq)
);
CREATE INDEX access_log_child ON access_log (la, child_id, seq);
CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'access_log is append-only';
END
$$;
CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log
FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
