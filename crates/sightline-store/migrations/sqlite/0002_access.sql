-- Sightline schema version 2 (SQLite): the web app's access data.
-- Users (argon2id password hashes, TOTP secrets, hashed single-use recovery
-- codes, failed-sign-in counters and lockout), sessions (only a hash of the
-- session token is stored), grants to restricted records, break-glass events
-- and the hash-chained access audit log. Times are Unix seconds (UTC).

CREATE TABLE web_users (
    username       TEXT    NOT NULL PRIMARY KEY,
    display_name   TEXT    NOT NULL,
    role           TEXT    NOT NULL,
    la             INTEGER,
    team_id        INTEGER,
    worker_id      INTEGER,
    password_hash  TEXT    NOT NULL,
    totp_secret    TEXT    NOT NULL,
    recovery_codes TEXT    NOT NULL,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   INTEGER,
    totp_last_step INTEGER NOT NULL DEFAULT 0,
    expires_at     INTEGER,
    created_at     INTEGER NOT NULL
);

CREATE TABLE web_sessions (
    token_hash TEXT    NOT NULL PRIMARY KEY,
    username   TEXT    NOT NULL REFERENCES web_users (username) ON DELETE CASCADE,
    csrf       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    verified   INTEGER NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (username);

CREATE TABLE restricted_grants (
    la       INTEGER NOT NULL,
    child_id TEXT    NOT NULL,
    username TEXT    NOT NULL,
    PRIMARY KEY (la, child_id, username)
);

CREATE TABLE break_glass (
    id       INTEGER PRIMARY KEY,
    la       INTEGER NOT NULL,
    child_id TEXT    NOT NULL,
    username TEXT    NOT NULL,
    reason   TEXT    NOT NULL,
    at       INTEGER NOT NULL
);
CREATE INDEX break_glass_child ON break_glass (la, child_id);

-- Append-only: each entry's hash covers the previous entry's hash.
CREATE TABLE access_log (
    la        INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    username  TEXT    NOT NULL,
    child_id  TEXT,
    what      TEXT    NOT NULL,
    why       TEXT    NOT NULL,
    prev_hash TEXT    NOT NULL,
    hash      TEXT    NOT NULL,
    PRIMARY KEY (la, seq)
);
CREATE INDEX access_log_child ON access_log (la, child_id, seq);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
