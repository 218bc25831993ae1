-- Sequencer schema, version 8: the entry points' speed (issue 13; bench/entry.sh, figures in
-- bench/results.md). Nothing a caller sees changes: the same rules, answers and errors.
--
-- 1. One CHECK constraint per table instead of one per column. PostgreSQL reads and plans a
--    table's CHECK constraints again at the start of every statement that writes the table, which
--    the per-row entry point (sequencer.enroll, called once per subject) paid on every call, once
--    per constraint: runners had four, subjects two. The rules are the same, and so is the error
--    of a write that breaks one (check_violation, 23514), now naming <table>_row_check.
ALTER TABLE sequencer.subjects
    DROP CONSTRAINT subjects_id_check, DROP CONSTRAINT subjects_data_check,
    ADD CONSTRAINT subjects_row_check CHECK (id <> '' AND length(id) <= 200 AND jsonb_typeof(data) = 'object');
ALTER TABLE sequencer.runners
    DROP CONSTRAINT runners_id_check, DROP CONSTRAINT runners_cancellation_key_check,
    DROP CONSTRAINT runners_event_check, DROP CONSTRAINT runners_status_check,
    ADD CONSTRAINT runners_row_check CHECK (
        id <> '' AND length(id) <= 200
        AND status IN ('active', 'completed', 'failed', 'cancelled', 'exited')
        AND jsonb_typeof(event) = 'object'
        AND (cancellation_key IS NULL OR (cancellation_key <> '' AND length(cancellation_key) <= 200)));

-- 2. Functions that build JSON or text with jsonb_build_object or format (STABLE built-ins) were
--    declared IMMUTABLE, which keeps PostgreSQL from inlining them: every answer was a separate
--    SQL-function call. They are STABLE, as what they call.
ALTER FUNCTION sequencer.enrolled(text, text, text, int) STABLE;
ALTER FUNCTION sequencer.refused(text, text, text) STABLE;
ALTER FUNCTION sequencer.reentry_refusal(text, double precision, text, text, boolean, timestamptz, bigint, timestamptz) STABLE;
ALTER FUNCTION sequencer.unknown_sequence(text) STABLE;
ALTER FUNCTION sequencer.enrollment_problem(jsonb) STABLE;
ALTER FUNCTION sequencer.size_problem(jsonb, integer, text) STABLE;

-- 3. No JIT compilation in the batch functions: their statements work on arrays whose size the
--    planner cannot see, its estimates for them run to millions of rows, and compiling them took
--    about 0.4 s per statement, longer than running them.
ALTER FUNCTION sequencer.enroll_batch(jsonb, timestamptz) SET jit = off;
ALTER FUNCTION sequencer.enrollment_parse(jsonb) SET jit = off;
ALTER FUNCTION sequencer.enrollment_claim_keys(sequencer.enrollment[]) SET jit = off;
ALTER FUNCTION sequencer.enrollment_admit(sequencer.enrollment[], text[], timestamptz) SET jit = off;
ALTER FUNCTION sequencer.enrollment_insert(sequencer.enrollment[], timestamptz) SET jit = off;
ALTER FUNCTION sequencer.enrollment_store_keys(sequencer.enrollment[]) SET jit = off;
ALTER FUNCTION sequencer.merge_patches(sequencer.subject_patch[]) SET jit = off;
ALTER FUNCTION sequencer.update_subjects(jsonb) SET jit = off;
ALTER FUNCTION sequencer.cancel_batch(jsonb, timestamptz) SET jit = off;

-- 4. sequencer.enroll: the common call, a new subject without an idempotency key, takes one
--    statement instead of four. Its rules and answers are 003's (docs/entry-points.md).
CREATE OR REPLACE FUNCTION sequencer.enroll(sequence text, subject text, data jsonb DEFAULT '{}', event jsonb DEFAULT '{}',
                                 idempotency_key text DEFAULT NULL, cancellation_key text DEFAULT NULL,
                                 at timestamptz DEFAULT now()) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = sequencer, pg_temp SET enable_seqscan = off AS $$
DECLARE
    version int;
    entry_step text;
    entry_goals text[];
    reentry text;
    reentry_after double precision;
    earlier record;
    problem text;
    reason text;
    runner text;
    reply jsonb;
    owned boolean;
    created boolean;
    patch jsonb;
    clean jsonb;
    limits sequencer.size_limits;
BEGIN
    -- The common, valid call passes a check of built-in operators only.
    IF enroll.sequence IS NULL OR length(enroll.sequence) NOT BETWEEN 1 AND 200
       OR enroll.subject IS NULL OR length(enroll.subject) NOT BETWEEN 1 AND 200
       OR NOT sequencer.plain_identifier(enroll.subject)
       OR coalesce(jsonb_typeof(enroll.data), 'object') NOT IN ('object', 'null')
       OR coalesce(jsonb_typeof(enroll.event), 'object') NOT IN ('object', 'null')
       OR enroll.idempotency_key IS NOT NULL OR enroll.cancellation_key IS NOT NULL THEN
        problem := coalesce('sequence: ' || sequencer.text_problem(enroll.sequence, true),
                            'subject: ' || sequencer.text_problem(enroll.subject, true),
                            'data: ' || sequencer.object_problem(enroll.data),
                            'event: ' || sequencer.object_problem(enroll.event),
                            'idempotencyKey: ' || sequencer.text_problem(enroll.idempotency_key, false),
                            'cancellationKey: ' || sequencer.text_problem(enroll.cancellation_key, false));
        IF problem IS NOT NULL THEN
            RAISE invalid_parameter_value USING MESSAGE = problem;
        END IF;
    END IF;
    -- Sizes: the limits are read only for a value larger than any limit can be set below.
    IF octet_length(enroll.data::text) > sequencer.size_floor() OR octet_length(enroll.event::text) > sequencer.size_floor() THEN
        SELECT l.data, l.event INTO limits FROM sequencer.size_limits l;
        problem := coalesce('data: ' || sequencer.size_problem(enroll.data, limits.data, 'subjectDataMaxBytes'),
                            'event: ' || sequencer.size_problem(enroll.event, limits.event, 'eventMaxBytes'));
        IF problem IS NOT NULL THEN
            RAISE invalid_parameter_value USING MESSAGE = problem;
        END IF;
    END IF;
    patch := coalesce(enroll.data, '{}');
    clean := CASE WHEN jsonb_strip_nulls(patch) = patch THEN patch ELSE sequencer.merge_data('{}', patch) END;
    IF enroll.idempotency_key IS NULL THEN
        -- The common call, a new subject, takes one statement: it reads the sequence's latest
        -- version and inserts the subject, its first runner (the subject's id) and the history
        -- line. A new subject has no earlier runner to apply re-entry to, and its data is within
        -- the size limit checked above. For a subject that exists it inserts nothing, and the
        -- path below merges the data under the subject's lock and applies the re-entry rule.
        WITH target AS (
            SELECT q.version, q.entry_step, q.entry_goals, q.reentry, q.reentry_after_seconds
            FROM sequencer.sequences q WHERE q.name = enroll.sequence ORDER BY q.version DESC LIMIT 1
        ), created AS (
            INSERT INTO sequencer.subjects (id, data) SELECT enroll.subject, clean FROM target
            ON CONFLICT (id) DO NOTHING RETURNING id
        ), inserted AS (
            INSERT INTO sequencer.runners (id, subject_id, sequence_name, sequence_version, step, event, cancellation_key,
                                           step_entered_at, wake_at, goals_reached, enrolled_at)
            SELECT c.id, c.id, enroll.sequence, t.version, t.entry_step, coalesce(enroll.event, '{}'), enroll.cancellation_key,
                   enroll.at, '-infinity', t.entry_goals, enroll.at
            FROM created c CROSS JOIN target t
            ON CONFLICT (id) DO NOTHING RETURNING id
        ), history AS (
            INSERT INTO sequencer.runner_history (runner_id, subject_id, sequence_name, sequence_version, from_step, to_step, action, at)
            SELECT i.id, i.id, enroll.sequence, t.version, NULL, t.entry_step, 'enrolled', enroll.at
            FROM inserted i CROSS JOIN target t
            RETURNING runner_id
        )
        SELECT t.version, t.entry_step, t.entry_goals, t.reentry, t.reentry_after_seconds, (SELECT h.runner_id FROM history h)
        INTO version, entry_step, entry_goals, reentry, reentry_after, runner
        FROM target t;
    ELSE
        SELECT q.version, q.entry_step, q.entry_goals, q.reentry, q.reentry_after_seconds
        INTO version, entry_step, entry_goals, reentry, reentry_after
        FROM sequencer.sequences q WHERE q.name = enroll.sequence ORDER BY q.version DESC LIMIT 1;
    END IF;
    IF NOT FOUND THEN
        RAISE invalid_parameter_value USING MESSAGE = 'sequence: ' || sequencer.unknown_sequence(enroll.sequence);
    END IF;
    IF runner IS NOT NULL THEN
        RETURN sequencer.enrolled(runner, enroll.subject, enroll.sequence, version);
    END IF;
    IF enroll.idempotency_key IS NOT NULL THEN
        INSERT INTO sequencer.idempotency_keys AS k (key, answer) VALUES (enroll.idempotency_key, 'null')
        ON CONFLICT (key) DO UPDATE SET answer = 'null', created_at = now()
            WHERE k.created_at < now() - make_interval(secs => sequencer.idempotency_retention())
        RETURNING true INTO owned;
        IF owned IS NULL THEN
            RETURN (SELECT k.answer FROM sequencer.idempotency_keys k WHERE k.key = enroll.idempotency_key);
        END IF;
    END IF;
    -- Merges the data and locks the subject until the transaction ends: enrolments of one
    -- subject decide re-entry one after the other. A patch without nulls (the common case)
    -- merges with ||, with no function call; data that would grow past the size limit raises
    -- 22023 (checked_data).
    INSERT INTO sequencer.subjects AS s (id, data) VALUES (enroll.subject, clean)
    ON CONFLICT (id) DO UPDATE
        SET data = sequencer.checked_data(s.id, s.data, CASE WHEN patch = clean THEN s.data || patch ELSE sequencer.merge_data(s.data, patch) END,
                                          NULL)
        WHERE s.data IS DISTINCT FROM (CASE WHEN patch = clean THEN s.data || patch ELSE sequencer.merge_data(s.data, patch) END)
    RETURNING s.xmax = 0 INTO created;
    IF (reentry <> 'always' OR reentry_after > 0) AND created IS NOT TRUE THEN
        SELECT bool_or(r.status = 'active') AS active, max(r.enrolled_at) AS last INTO earlier
        FROM sequencer.runners r WHERE r.subject_id = enroll.subject AND r.sequence_name = enroll.sequence;
        reason := sequencer.reentry_refusal(reentry, reentry_after, enroll.subject, enroll.sequence,
                                            earlier.active, earlier.last, 1, enroll.at);
    END IF;
    IF reason IS NOT NULL THEN
        reply := sequencer.refused(reason, enroll.subject, enroll.sequence);
    ELSE
        -- A subject's first runner takes the subject's id; later ones a generated id.
        runner := enroll.subject;
        FOR attempt IN 1..2 LOOP
            WITH inserted AS (
                INSERT INTO sequencer.runners (id, subject_id, sequence_name, sequence_version, step, event, cancellation_key,
                                               step_entered_at, wake_at, goals_reached, enrolled_at)
                VALUES (runner, enroll.subject, enroll.sequence, version, entry_step, coalesce(enroll.event, '{}'),
                        enroll.cancellation_key, enroll.at, '-infinity', entry_goals, enroll.at)
                ON CONFLICT (id) DO NOTHING RETURNING id
            )
            INSERT INTO sequencer.runner_history (runner_id, subject_id, sequence_name, sequence_version, from_step, to_step, action, at)
            SELECT i.id, enroll.subject, enroll.sequence, version, NULL, entry_step, 'enrolled', enroll.at FROM inserted i;
            EXIT WHEN FOUND;
            runner := gen_random_uuid()::text;
        END LOOP;
        reply := sequencer.enrolled(runner, enroll.subject, enroll.sequence, version);
    END IF;
    IF enroll.idempotency_key IS NOT NULL THEN
        UPDATE sequencer.idempotency_keys k SET answer = reply WHERE k.key = enroll.idempotency_key;
    END IF;
    RETURN reply;
END
$$;

-- 5. enroll_batch applies the re-entry rules (enrollment_admit) only when one can refuse an item:
--    an item with a rule whose subject existed before the call, or that repeats an earlier item's
--    subject and sequence. A batch of new subjects skips that pass.
CREATE OR REPLACE FUNCTION sequencer.enroll_batch(items jsonb, at timestamptz DEFAULT now()) RETURNS SETOF jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = sequencer, pg_temp SET enable_seqscan = off SET work_mem = '64MB' SET jit = off AS $$
DECLARE
    work sequencer.enrollment[];
    created text[];
BEGIN
    IF jsonb_typeof(items) IS DISTINCT FROM 'array' THEN
        RAISE invalid_parameter_value USING MESSAGE = 'items: must be a JSON array of enrolments';
    END IF;
    work := sequencer.enrollment_parse(items);
    IF EXISTS (SELECT 1 FROM unnest(work) w WHERE w.answer IS NULL AND w.idempotency_key IS NOT NULL) THEN
        work := sequencer.enrollment_claim_keys(work);
    END IF;
    created := sequencer.merge_patches(ARRAY(
        SELECT ROW(w.subject_id, w.data)::sequencer.subject_patch FROM unnest(work) w WHERE w.answer IS NULL ORDER BY w.n));
    IF EXISTS (
        SELECT FROM unnest(work) w LEFT JOIN unnest(created) c(id) ON c.id = w.subject_id
        WHERE w.answer IS NULL AND (w.reentry <> 'always' OR w.reentry_after > 0)
        GROUP BY w.subject_id, w.sequence_name HAVING count(*) > 1 OR bool_or(c.id IS NULL)
    ) THEN
        work := sequencer.enrollment_admit(work, created, at);
    END IF;
    work := sequencer.enrollment_insert(work, at);
    IF EXISTS (SELECT 1 FROM unnest(work) w WHERE w.idempotency_key IS NOT NULL) THEN
        work := sequencer.enrollment_store_keys(work);
    END IF;
    RETURN QUERY SELECT w.answer FROM unnest(work) w ORDER BY w.n;
END
$$;

-- 6. update_subjects answers `created` by a join with the subjects the merge created, not by a
--    search of that array per item (an update creating n subjects took n² comparisons).
CREATE OR REPLACE FUNCTION sequencer.update_subjects(items jsonb) RETURNS SETOF jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = sequencer, pg_temp SET enable_seqscan = off SET work_mem = '64MB' SET jit = off AS $$
BEGIN
    IF jsonb_typeof(items) IS DISTINCT FROM 'array' THEN
        RAISE invalid_parameter_value USING MESSAGE = 'items: must be a JSON array of updates';
    END IF;
    RETURN QUERY
    WITH input AS (
        SELECT e.n, e.item, CASE
            WHEN jsonb_typeof(e.item) IS DISTINCT FROM 'object' THEN
                jsonb_build_object('error', 'must be a JSON object, not ' || coalesce(jsonb_typeof(e.item), 'null'), 'field', '')
            WHEN sequencer.identifier_problem(e.item -> 'subject', true) IS NOT NULL THEN
                jsonb_build_object('error', sequencer.identifier_problem(e.item -> 'subject', true), 'field', 'subject')
            WHEN e.item -> 'data' IS NULL OR jsonb_typeof(e.item -> 'data') <> 'object' THEN
                jsonb_build_object('error', CASE WHEN e.item -> 'data' IS NULL THEN 'is required'
                                                 ELSE 'must be a JSON object, not ' || jsonb_typeof(e.item -> 'data') END, 'field', 'data')
            WHEN octet_length((e.item -> 'data')::text) > l.data THEN
                jsonb_build_object('error', sequencer.size_problem(e.item -> 'data', l.data, 'subjectDataMaxBytes'), 'field', 'data')
        END AS problem
        FROM jsonb_array_elements(items) WITH ORDINALITY AS e(item, n) CROSS JOIN sequencer.size_limits l
    ), created AS (
        SELECT unnest(sequencer.merge_patches(ARRAY(
            SELECT ROW(i.item ->> 'subject', i.item -> 'data')::sequencer.subject_patch FROM input i WHERE i.problem IS NULL ORDER BY i.n
        ))) AS id
    )
    SELECT coalesce(i.problem, jsonb_build_object('updated', true, 'subject', i.item ->> 'subject', 'created', c.id IS NOT NULL))
    FROM input i LEFT JOIN created c ON i.problem IS NULL AND c.id = i.item ->> 'subject' ORDER BY i.n;
END
$$;

-- 7. The identifier rule of the CLI (IdentifierRule in SequencerCore) at every entry point: an
--    id or key is not blank, neither starts nor ends with white space (Unicode's White_Space, as
--    Swift's isWhitespace) and holds no control character (Cc) or line or paragraph separator.
--    Stored ids are not checked again: the rule binds what comes in, so no migration or update of
--    an older subject can fail on it.
CREATE OR REPLACE FUNCTION sequencer.text_problem(value text, required boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN value IS NULL THEN CASE WHEN required THEN 'is required' END
        WHEN value = '' THEN 'must not be empty'
        WHEN length(value) > 200 THEN 'must be at most 200 characters (it has ' || length(value) || ')'
        WHEN value ~ '[\x01-\x1F\x7F-\x9F\u2028\u2029]' THEN
            'must not contain control characters or line breaks (U+'
            || lpad(upper(to_hex(ascii(substring(value FROM '[\x01-\x1F\x7F-\x9F\u2028\u2029]')))), 4, '0')
            || ' at character ' || position(substring(value FROM '[\x01-\x1F\x7F-\x9F\u2028\u2029]') IN value) || ')'
        WHEN value ~ '^[\t\n\x0B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+$' THEN 'must not be blank'
        WHEN value ~ '^[\t\n\x0B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]' OR value ~ '[\t\n\x0B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]$' THEN 'must not start or end with white space'
    END
$$;

-- Whether a value of 1–200 characters keeps the rest of the rule (the entry points' quick check
-- of a valid item; text_problem names what is wrong).
CREATE FUNCTION sequencer.plain_identifier(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT value !~ '[\x01-\x1F\x7F-\x9F\u2028\u2029]|^[\t\n\x0B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]|[\t\n\x0B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]$'
$$;
REVOKE EXECUTE ON FUNCTION sequencer.plain_identifier(text) FROM PUBLIC;

-- Items parsed, validated and joined to their sequence's latest version (003's, with the quick
-- check of the subject's id).
CREATE OR REPLACE FUNCTION sequencer.enrollment_parse(items jsonb) RETURNS sequencer.enrollment[]
LANGUAGE plpgsql SET search_path = sequencer, pg_temp SET enable_seqscan = off SET work_mem = '64MB' SET jit = off AS $$
DECLARE
    result sequencer.enrollment[];
BEGIN
    WITH shaped AS (
        -- The common, valid item passes a check of built-in operators only; the others get
        -- their first problem named.
        SELECT e.n::int AS n, e.item,
               CASE WHEN jsonb_typeof(e.item) = 'object'
                         AND jsonb_typeof(e.item -> 'sequence') = 'string' AND length(e.item ->> 'sequence') BETWEEN 1 AND 200
                         AND jsonb_typeof(e.item -> 'subject') = 'string' AND length(e.item ->> 'subject') BETWEEN 1 AND 200
                         AND sequencer.plain_identifier(e.item ->> 'subject')
                         AND coalesce(jsonb_typeof(e.item -> 'data'), 'object') IN ('object', 'null')
                         AND coalesce(jsonb_typeof(e.item -> 'event'), 'object') IN ('object', 'null')
                         AND NOT (e.item ? 'idempotencyKey') AND NOT (e.item ? 'cancellationKey')
                    THEN NULL ELSE sequencer.enrollment_problem(e.item) END AS shape
        FROM jsonb_array_elements(items) WITH ORDINALITY AS e(item, n)
    ), input AS (
        -- Then the sizes of data and event (settings.subjectDataMaxBytes, eventMaxBytes).
        SELECT s.n, s.item, coalesce(s.shape, CASE
            WHEN octet_length((s.item -> 'data')::text) > l.data THEN jsonb_build_object(
                'error', sequencer.size_problem(s.item -> 'data', l.data, 'subjectDataMaxBytes'), 'field', 'data')
            WHEN octet_length((s.item -> 'event')::text) > l.event THEN jsonb_build_object(
                'error', sequencer.size_problem(s.item -> 'event', l.event, 'eventMaxBytes'), 'field', 'event')
        END) AS problem
        FROM shaped s CROSS JOIN sequencer.size_limits l
    ), latest AS (
        SELECT DISTINCT ON (q.name) q.name, q.version, q.entry_step, q.entry_goals, q.reentry, q.reentry_after_seconds
        FROM sequencer.sequences q
        WHERE q.name IN (SELECT i.item ->> 'sequence' FROM input i WHERE i.problem IS NULL)
        ORDER BY q.name, q.version DESC
    )
    SELECT coalesce(array_agg(ROW(
        i.n, i.item ->> 'sequence', i.item ->> 'subject', coalesce(nullif(i.item -> 'data', 'null'), '{}'),
        coalesce(nullif(i.item -> 'event', 'null'), '{}'), i.item ->> 'idempotencyKey', i.item ->> 'cancellationKey',
        l.version, l.entry_step, l.entry_goals, l.reentry, l.reentry_after_seconds,
        coalesce(i.problem, CASE WHEN l.version IS NULL THEN jsonb_build_object(
            'error', sequencer.unknown_sequence(i.item ->> 'sequence'), 'field', 'sequence') END)
    )::sequencer.enrollment ORDER BY i.n), '{}') INTO result
    FROM input i LEFT JOIN latest l ON i.problem IS NULL AND l.name = i.item ->> 'sequence';
    RETURN result;
END
$$;

