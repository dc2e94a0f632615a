-- The audit tables (issue 5): per-ticket audit state, flags and closures. Times are Unix
-- milliseconds, as in the SQLite store, so both stores share the record mapping.
CREATE TABLE audit_tickets (
    platform text NOT NULL,
    ticket_id text NOT NULL,
    ticket_number text NOT NULL,
    created_at bigint NOT NULL,
    first_bucket text NOT NULL,
    first_system text NOT NULL,
    first_severity integer NOT NULL,
    first_group text NOT NULL,
    first_escalation text NULL,
    first_rules text NOT NULL,
    first_decided_at bigint NOT NULL,
    reassignment_baseline integer NOT NULL,
    groups_seen text NOT NULL,
    closed integer NOT NULL,
    PRIMARY KEY (platform, ticket_id));

CREATE TABLE audit_flags (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform text NOT NULL,
    ticket_id text NOT NULL,
    ticket_number text NOT NULL,
    kind text NOT NULL,
    field text NOT NULL,
    from_value text NOT NULL,
    to_value text NOT NULL,
    bucket text NOT NULL,
    resolver_group text NOT NULL,
    rules text NOT NULL,
    flagged_at bigint NOT NULL,
    UNIQUE (platform, ticket_id, kind, field, to_value));

CREATE TABLE audit_closures (
    platform text NOT NULL,
    ticket_id text NOT NULL,
    ticket_number text NOT NULL,
    created_at bigint NOT NULL,
    closed_at bigint NOT NULL,
    first_bucket text NOT NULL,
    first_system text NOT NULL,
    first_severity integer NOT NULL,
    first_group text NOT NULL,
    first_escalation text NULL,
    first_rules text NOT NULL,
    first_decided_at bigint NOT NULL,
    final_category text NOT NULL,
    final_bucket text NULL,
    final_group text NOT NULL,
    final_severity integer NULL,
    reassignment_count integer NOT NULL,
    first_correct_at bigint NULL,
    misrouted integer NOT NULL,
    PRIMARY KEY (platform, ticket_id));

CREATE INDEX ix_audit_closures_closed ON audit_closures (closed_at);
