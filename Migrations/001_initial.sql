-- Sequencer schema, version 1. Documented in docs/schema.md: applications may read these tables.

-- One row per version of each sequence definition; runners stay on the version they enrolled in.
CREATE TABLE sequences (
    name        text        NOT NULL,
    version     integer     NOT NULL CHECK (version > 0),
    definition  jsonb       NOT NULL,
    checksum    text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, version)
);

CREATE TABLE runners (
    id               text        PRIMARY KEY CHECK (id <> '' AND length(id) <= 200),
    sequence_name    text        NOT NULL,
    sequence_version integer     NOT NULL,
    step             text        NOT NULL,
    status           text        NOT NULL DEFAULT 'active'
                                 CHECK (status IN ('active', 'completed', 'failed', 'cancelled')),
    data             jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(data) = 'object'),
    -- Bumped by a trigger on every change of data; a tick compares it before writing wake_at.
    data_revision    bigint      NOT NULL DEFAULT 0,
    step_entered_at  timestamptz NOT NULL,
    -- Due when wake_at <= the engine's clock; '-infinity' = due now, 'infinity' = only on a data change.
    wake_at          timestamptz NOT NULL DEFAULT '-infinity',
    visit            integer     NOT NULL DEFAULT 1,
    goals_reached    text[]      NOT NULL DEFAULT '{}',
    attempts         integer     NOT NULL DEFAULT 0,
    last_error       text,
    lease_owner      text,
    lease_until      timestamptz,
    enrolled_at      timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (sequence_name, sequence_version) REFERENCES sequences (name, version)
) WITH (fillfactor = 70);

-- Serves the claim query: due runners by wake_at.
CREATE INDEX runners_due ON runners (wake_at) WHERE status = 'active';

-- A change of data may make a Goal fire: make the runner due at once.
CREATE FUNCTION runners_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.data IS DISTINCT FROM OLD.data THEN
        NEW.data_revision := OLD.data_revision + 1;
        IF NEW.status = 'active' THEN
            NEW.wake_at := '-infinity';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER runners_data_changed BEFORE UPDATE OF data ON runners
    FOR EACH ROW EXECUTE FUNCTION runners_data_changed();

-- Every move, error and status change of a runner, oldest first by id.
CREATE TABLE runner_history (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    runner_id        text        NOT NULL,
    sequence_name    text        NOT NULL,
    sequence_version integer     NOT NULL,
    from_step        text,
    to_step          text,
    action           text        NOT NULL,
    message          text,
    at               timestamptz NOT NULL,
    recorded_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX runner_history_runner ON runner_history (runner_id, id);

-- The delivery ledger: one row per runner, step and visit that sends an email or SMS.
CREATE TABLE deliveries (
    runner_id           text        NOT NULL,
    step                text        NOT NULL,
    visit               integer     NOT NULL,
    sequence_name       text        NOT NULL,
    channel             text        NOT NULL CHECK (channel IN ('email', 'sms')),
    provider            text        NOT NULL,
    status              text        NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    payload             jsonb       NOT NULL,
    provider_message_id text,
    error               text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    sent_at             timestamptz,
    PRIMARY KEY (runner_id, step, visit)
);
