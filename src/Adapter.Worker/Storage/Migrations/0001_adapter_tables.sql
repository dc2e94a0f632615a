-- The adapter's own tables: the same shape as the SQLite store. Ids, versions, labels and rule
-- ids only; no ticket text is ever stored.
CREATE TABLE inbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform text NOT NULL,
    ticket_id text NOT NULL,
    version text NOT NULL,
    source text NOT NULL,
    received_at timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    due_at timestamptz NOT NULL,
    lease_owner text NULL,
    lease_until timestamptz NULL,
    last_error text NULL,
    UNIQUE (platform, ticket_id, version));

-- The claim reads pending items in id order and looks at the other pending items of a ticket.
CREATE INDEX ix_inbox_pending_due ON inbox (due_at, id) WHERE status = 'pending';
CREATE INDEX ix_inbox_pending_ticket ON inbox (platform, ticket_id, id) WHERE status = 'pending';

CREATE TABLE watermarks (
    platform text PRIMARY KEY,
    value text NOT NULL);

CREATE TABLE tickets (
    platform text NOT NULL,
    ticket_id text NOT NULL,
    last_version integer NOT NULL,
    first_bucket text NULL,
    first_group text NULL,
    adapter_writes jsonb NOT NULL,
    pending_base integer NULL,
    pending_write jsonb NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (platform, ticket_id));

CREATE TABLE decisions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform text NOT NULL,
    ticket_id text NOT NULL,
    ticket_number text NOT NULL,
    version integer NOT NULL,
    bucket text NOT NULL,
    secondary_bucket text NULL,
    system text NOT NULL,
    severity integer NOT NULL,
    resolver_group text NOT NULL,
    confidence double precision NOT NULL,
    needs_review boolean NOT NULL,
    escalation text NULL,
    rules text NOT NULL,
    mode text NOT NULL,
    outcome text NOT NULL,
    category_before text NULL,
    group_before text NULL,
    changed_fields text NULL,
    decided_at timestamptz NOT NULL);

CREATE INDEX ix_decisions_ticket ON decisions (platform, ticket_id);
