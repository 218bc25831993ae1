-- Sequencer schema, version 2: its own PostgreSQL schema `sequencer`, subjects shared by their
-- runners (a subject may be in several sequences at once), re-entry and exit rules, idempotent
-- enrolment, and the SQL entry points an application calls inside its own transaction.
-- Documented in docs/schema.md and docs/entry-points.md.
--
-- The migrator runs every migration with search_path = sequencer, so on a fresh database
-- 001 created its tables here already; a database migrated before 002 has them in the default
-- schema, and they are moved without loss: each runner becomes a subject (same id, its data)
-- and that subject's runner (same id).

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['sequences', 'runners', 'runner_history', 'deliveries'] LOOP
        IF to_regclass('sequencer.' || name) IS NULL AND to_regclass('public.' || name) IS NOT NULL THEN
            EXECUTE format('ALTER TABLE public.%I SET SCHEMA sequencer', name);
        END IF;
    END LOOP;
    IF to_regprocedure('public.runners_data_changed()') IS NOT NULL THEN
        ALTER FUNCTION public.runners_data_changed() SET SCHEMA sequencer;
    END IF;
END
$$;

-- Settings the SQL entry points read (seconds are wall-clock seconds).
CREATE TABLE sequencer.settings (
    name  text  PRIMARY KEY,
    value jsonb NOT NULL
);
INSERT INTO sequencer.settings (name, value) VALUES ('idempotencyRetentionSeconds', '86400');

-- Subjects: the people or things sequences are about; their data is shared by all their runners.
CREATE TABLE sequencer.subjects (
    id            text        PRIMARY KEY CHECK (id <> '' AND length(id) <= 200),
    data          jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(data) = 'object'),
    -- Bumped by a trigger on every change of data.
    data_revision bigint      NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

INSERT INTO sequencer.subjects (id, data, data_revision, created_at, updated_at)
SELECT id, data, data_revision, enrolled_at, updated_at FROM sequencer.runners;

-- Runners: a subject's walk through one sequence version.
DROP TRIGGER runners_data_changed ON sequencer.runners;
DROP FUNCTION sequencer.runners_data_changed();
ALTER TABLE sequencer.runners
    ADD COLUMN subject_id       text,
    ADD COLUMN event            jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(event) = 'object'),
    ADD COLUMN cancellation_key text CHECK (cancellation_key <> '' AND length(cancellation_key) <= 200),
    ADD COLUMN ended_at         timestamptz;
UPDATE sequencer.runners SET subject_id = id,
    ended_at = CASE WHEN status <> 'active' THEN updated_at END;
ALTER TABLE sequencer.runners
    ALTER COLUMN subject_id SET NOT NULL,
    ADD CONSTRAINT runners_subject_fkey FOREIGN KEY (subject_id) REFERENCES sequencer.subjects (id),
    ALTER COLUMN id SET DEFAULT gen_random_uuid()::text,
    DROP COLUMN data,
    DROP CONSTRAINT runners_status_check,
    ADD CONSTRAINT runners_status_check CHECK (status IN ('active', 'completed', 'failed', 'cancelled', 'exited'));
-- A runner's data_revision now counts the changes of its subject's data it has to look at: the
-- subjects trigger bumps it on every active runner of the subject.
COMMENT ON COLUMN sequencer.runners.data_revision IS 'bumped with the wake-up on every change of the subject''s data';

CREATE INDEX runners_subject ON sequencer.runners (subject_id, sequence_name);
CREATE INDEX runners_cancellation_key ON sequencer.runners (cancellation_key) WHERE cancellation_key IS NOT NULL;

-- A change of a subject's data may satisfy a Goal or an exit condition of any of its runners:
-- make every active runner of the subject due at once.
CREATE FUNCTION sequencer.subject_data_changed() RETURNS trigger
LANGUAGE plpgsql SET search_path = sequencer, pg_temp AS $$
BEGIN
    IF NEW.data IS DISTINCT FROM OLD.data THEN
        NEW.data_revision := OLD.data_revision + 1;
        NEW.updated_at := now();
        UPDATE sequencer.runners SET wake_at = '-infinity', data_revision = data_revision + 1
        WHERE subject_id = NEW.id AND status = 'active';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER subject_data_changed BEFORE UPDATE OF data ON sequencer.subjects
    FOR EACH ROW EXECUTE FUNCTION sequencer.subject_data_changed();

-- History and ledger name the subject too (history SUBJECT, per-subject reports).
ALTER TABLE sequencer.runner_history ADD COLUMN subject_id text;
UPDATE sequencer.runner_history SET subject_id = runner_id;
ALTER TABLE sequencer.runner_history ALTER COLUMN subject_id SET NOT NULL;
CREATE INDEX runner_history_subject ON sequencer.runner_history (subject_id, id);

ALTER TABLE sequencer.deliveries ADD COLUMN subject_id text;
UPDATE sequencer.deliveries SET subject_id = runner_id;
ALTER TABLE sequencer.deliveries ALTER COLUMN subject_id SET NOT NULL;
CREATE INDEX deliveries_subject ON sequencer.deliveries (subject_id, channel, created_at);

-- What enrolling into a version needs, computed when the version is applied (the entry state by
-- the engine's RunnerMachine, the policy from the definition).
ALTER TABLE sequencer.sequences
    ADD COLUMN entry_step            text,
    ADD COLUMN entry_goals           text[] NOT NULL DEFAULT '{}',
    ADD COLUMN reentry               text   NOT NULL DEFAULT 'never' CHECK (reentry IN ('never', 'afterExit', 'always')),
    ADD COLUMN reentry_after_seconds double precision NOT NULL DEFAULT 0 CHECK (reentry_after_seconds >= 0);
UPDATE sequencer.sequences s SET
    entry_step = e.step,
    entry_goals = CASE WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(s.definition -> 'steps') d
                                    WHERE d ->> 'key' = e.step AND d ->> 'runner' = 'Goal')
                       THEN ARRAY[e.step] ELSE '{}' END
FROM (SELECT name, version, coalesce(definition ->> 'start', definition -> 'steps' -> 0 ->> 'key') AS step
      FROM sequencer.sequences) e
WHERE e.name = s.name AND e.version = s.version;
ALTER TABLE sequencer.sequences ALTER COLUMN entry_step SET NOT NULL;

-- Idempotency keys: the first answer of an enrolment, kept for the retention window.
CREATE TABLE sequencer.idempotency_keys (
    key        text        PRIMARY KEY CHECK (key <> '' AND length(key) <= 200),
    answer     jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
