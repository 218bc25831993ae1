-- The SQL entry points: enrol, update a subject's data, cancel — inside the application's own
-- transaction (as graphile-worker's add_job). The CLI and the `api` Lambda handler call the same
-- functions, so every entry point validates and answers alike. Documented in docs/entry-points.md.
--
-- Batch functions answer one JSON object per item, in order, and never raise for a bad item:
--   {"error": "<reason>", "field": "<field>"}         the item is invalid and had no effect
-- The single-item functions raise SQLSTATE 22023 (invalid_parameter_value) instead, with the
-- message "<field>: <reason>". One problem is not an item's own: a merge that would grow a
-- subject's stored data past settings.subjectDataMaxBytes (through several items or earlier
-- updates) raises 22023 for the whole call, naming the subject, and nothing is written.
-- Times: `at` is the engine clock (UTC) recorded in the runner and its history; the
-- idempotency window is wall-clock time (now()).
--
-- The functions run with enable_seqscan = off: their lookups of one subject's rows must use the
-- indexes even when the statistics still describe an empty table (a fresh database filled in one
-- long transaction would otherwise scan `runners` once per enrolment).

-- `old` with `patch`'s top-level keys set; a JSON null in the patch deletes the key.
CREATE FUNCTION sequencer.merge_data(old jsonb, patch jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (old || patch) - ARRAY(SELECT key FROM jsonb_each(patch) WHERE jsonb_typeof(value) = 'null')
$$;

-- Patches applied one after another, as one patch (a later key wins, nulls kept as deletions).
CREATE AGGREGATE sequencer.patch_agg(jsonb) (SFUNC = jsonb_concat, STYPE = jsonb, INITCOND = '{}');

-- Why an identifier is unusable, or NULL: a string of 1–200 characters (required or not).
CREATE FUNCTION sequencer.text_problem(value text, required boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN value IS NULL THEN CASE WHEN required THEN 'is required' END
        WHEN value = '' THEN 'must not be empty'
        WHEN length(value) > 200 THEN 'must be at most 200 characters (it has ' || length(value) || ')'
    END
$$;

-- The same for a JSON member, which must also be a string.
CREATE FUNCTION sequencer.identifier_problem(value jsonb, required boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN value IS NULL OR jsonb_typeof(value) = 'null' THEN CASE WHEN required THEN 'is required' END
        WHEN jsonb_typeof(value) <> 'string' THEN 'must be a string, not ' || jsonb_typeof(value)
        ELSE sequencer.text_problem(value #>> '{}', required)
    END
$$;

-- Why an object field is unusable, or NULL: absent, null or an object.
CREATE FUNCTION sequencer.object_problem(value jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value IS NOT NULL AND jsonb_typeof(value) NOT IN ('object', 'null')
                THEN 'must be a JSON object, not ' || jsonb_typeof(value) END
$$;

-- The first problem of one enrolment item as {"error", "field"}, or NULL. One expression, so the
-- planner inlines it (a batch checks every item).
CREATE FUNCTION sequencer.enrollment_problem(item jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN jsonb_typeof(item) IS DISTINCT FROM 'object' THEN
            jsonb_build_object('error', 'must be a JSON object, not ' || coalesce(jsonb_typeof(item), 'null'), 'field', '')
        WHEN sequencer.identifier_problem(item -> 'sequence', true) IS NOT NULL THEN
            jsonb_build_object('error', sequencer.identifier_problem(item -> 'sequence', true), 'field', 'sequence')
        WHEN sequencer.identifier_problem(item -> 'subject', true) IS NOT NULL THEN
            jsonb_build_object('error', sequencer.identifier_problem(item -> 'subject', true), 'field', 'subject')
        WHEN sequencer.object_problem(item -> 'data') IS NOT NULL THEN
            jsonb_build_object('error', sequencer.object_problem(item -> 'data'), 'field', 'data')
        WHEN sequencer.object_problem(item -> 'event') IS NOT NULL THEN
            jsonb_build_object('error', sequencer.object_problem(item -> 'event'), 'field', 'event')
        WHEN sequencer.identifier_problem(item -> 'idempotencyKey', false) IS NOT NULL THEN
            jsonb_build_object('error', sequencer.identifier_problem(item -> 'idempotencyKey', false), 'field', 'idempotencyKey')
        WHEN sequencer.identifier_problem(item -> 'cancellationKey', false) IS NOT NULL THEN
            jsonb_build_object('error', sequencer.identifier_problem(item -> 'cancellationKey', false), 'field', 'cancellationKey')
    END
$$;

-- The error of an enrolment naming a sequence that does not exist.
CREATE FUNCTION sequencer.unknown_sequence(sequence text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT format('no sequence named "%s" (apply it first: sequencer sequences apply FILE)', sequence)
$$;

-- The re-entry rule: why an enrolment of `subject` in `sequence` is refused, or NULL.
--   reentry, after   the sequence's policy and reentryAfterSeconds
--   active, last     whether the subject has an active runner in the sequence, and its latest
--                    enrolment there (NULL: never entered)
--   rank             the enrolment's place among the same call's enrolments of this subject in
--                    this sequence (1 = first)
--   at               the engine clock of this enrolment
CREATE FUNCTION sequencer.reentry_refusal(reentry text, after double precision, subject text, sequence text,
                                          active boolean, last timestamptz, rank bigint, at timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN reentry = 'never' AND (last IS NOT NULL OR rank > 1) THEN
            format('re-entry refused: subject "%s" has already entered sequence "%s" (reentry: never)', subject, sequence)
        WHEN reentry = 'afterExit' AND (coalesce(active, false) OR rank > 1) THEN
            format('re-entry refused: subject "%s" is still in sequence "%s" (reentry: afterExit)', subject, sequence)
        WHEN after > 0 AND (rank > 1 OR last > at - make_interval(secs => after)) THEN
            format('re-entry refused: subject "%s" entered sequence "%s" less than %s seconds ago (reentryAfterSeconds)',
                   subject, sequence, after)
    END
$$;

-- The answers of an enrolment.
CREATE FUNCTION sequencer.enrolled(runner text, subject text, sequence text, version int) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT jsonb_build_object('enrolled', true, 'runner', runner, 'subject', subject, 'sequence', sequence, 'version', version)
$$;

CREATE FUNCTION sequencer.refused(reason text, subject text, sequence text) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT jsonb_build_object('enrolled', false, 'reason', reason, 'subject', subject, 'sequence', sequence)
$$;

-- The idempotency window, seconds (settings.idempotencyRetentionSeconds, default 86,400).
CREATE FUNCTION sequencer.idempotency_retention() RETURNS double precision
LANGUAGE sql STABLE SET search_path = sequencer, pg_temp AS $$
    SELECT coalesce((SELECT (value #>> '{}')::double precision FROM sequencer.settings WHERE name = 'idempotencyRetentionSeconds'), 86400)
$$;

-- The size limits of `data` and `event`, in bytes of JSON text: settings.subjectDataMaxBytes
-- (default 262,144: 256 KiB, Step Functions' payload limit) and settings.eventMaxBytes (default
-- 65,536). One row, read once per call that needs it; a view rather than a function, so that it
-- is planned into the query that reads it.
CREATE VIEW sequencer.size_limits AS
SELECT coalesce((SELECT (s.value #>> '{}')::integer FROM sequencer.settings s WHERE s.name = 'subjectDataMaxBytes'), 262144) AS data,
       coalesce((SELECT (s.value #>> '{}')::integer FROM sequencer.settings s WHERE s.name = 'eventMaxBytes'), 65536) AS event;

-- The least either size limit may be set to (a constraint on settings, migration 005): a value of
-- at most this many bytes is within the limits without reading them, so the common, small call
-- pays for no settings lookup.
CREATE FUNCTION sequencer.size_floor() RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 1024 $$;

-- Why a JSON value is too large, or NULL: its JSON text (as PostgreSQL writes it, `value::text`)
-- holds more than `max` bytes; `setting` names the settings row that sets the limit.
CREATE FUNCTION sequencer.size_problem(value jsonb, max integer, setting text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN octet_length(value::text) > max THEN
        format('must be at most %s bytes as JSON text (it has %s; the limit is sequencer.settings %s)',
               max, octet_length(value::text), setting) END
$$;

-- A subject's data after a merge, within the limit: data that would grow past the limit (`max`,
-- read from size_limits when NULL and needed) raises SQLSTATE 22023 naming the subject (the whole
-- call fails: nothing is written). Data already over the limit (written by plain SQL, or before
-- the limit was lowered) may still shrink.
CREATE FUNCTION sequencer.checked_data(subject text, old jsonb, data jsonb, max integer) RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    size integer := octet_length(data::text);
BEGIN
    IF size > sequencer.size_floor() THEN
        max := coalesce(max, (SELECT l.data FROM sequencer.size_limits l));
        IF size > max AND (old IS NULL OR size > octet_length(old::text)) THEN
            RAISE invalid_parameter_value USING MESSAGE = format(
                'data: subject "%s" would hold %s bytes of data (JSON text) after this change, more than the limit of %s (sequencer.settings subjectDataMaxBytes)',
                subject, size, max);
        END IF;
    END IF;
    RETURN data;
END
$$;

-- One subject's data patch.
CREATE TYPE sequencer.subject_patch AS (subject_id text, patch jsonb);

-- Merges patches into subjects (created when new), in order, locking each subject until the
-- transaction ends, in one statement (and one more only when a new subject's patch held nulls,
-- which are dropped). A change wakes the subject's active runners (trigger subject_data_changed).
-- Returns the subjects that were created.
CREATE FUNCTION sequencer.merge_patches(patches sequencer.subject_patch[]) RETURNS text[]
LANGUAGE plpgsql SET search_path = sequencer, pg_temp SET enable_seqscan = off SET work_mem = '64MB' AS $$
DECLARE
    created text[];
    stripping boolean;
    max integer := (SELECT l.data FROM sequencer.size_limits l);
BEGIN
    -- The patch goes in as the new row's data and, on a conflict, as EXCLUDED.data to merge.
    -- Data that would grow past the size limit raises 22023 (checked_data).
    WITH merged AS (
        SELECT p.subject_id, sequencer.patch_agg(p.patch ORDER BY p.n) AS patch
        FROM unnest(patches) WITH ORDINALITY AS p(subject_id, patch, n) GROUP BY p.subject_id
    ), written AS (
        INSERT INTO sequencer.subjects AS s (id, data)
        SELECT m.subject_id, sequencer.checked_data(m.subject_id, NULL, m.patch, max) FROM merged m ORDER BY m.subject_id
        ON CONFLICT (id) DO UPDATE SET data = sequencer.checked_data(s.id, s.data, sequencer.merge_data(s.data, EXCLUDED.data), max)
            WHERE s.data IS DISTINCT FROM sequencer.merge_data(s.data, EXCLUDED.data)
        RETURNING s.id, (s.xmax = 0) AS inserted, jsonb_strip_nulls(s.data) <> s.data AS nulls
    )
    SELECT coalesce(array_agg(w.id) FILTER (WHERE w.inserted), '{}'), coalesce(bool_or(w.inserted AND w.nulls), false)
    INTO created, stripping FROM written w;
    -- New subjects whose patch deleted keys (rare): drop the nulls.
    IF stripping THEN
        UPDATE sequencer.subjects s SET data = sequencer.merge_data('{}', s.data)
        FROM unnest(created) c(id)
        WHERE s.id = c.id AND EXISTS (SELECT 1 FROM jsonb_each(s.data) e WHERE jsonb_typeof(e.value) = 'null');
    END IF;
    RETURN created;
END
$$;

-- Enrols one subject into the latest version of a sequence, inside the caller's transaction:
-- {"enrolled": true, "runner": "<id>", "subject", "sequence", "version"} or
-- {"enrolled": false, "reason": "<the rule>", "subject", "sequence"}. `data` is merged into the
-- subject's data (created if new; a null deletes a key), also when re-entry refuses. A key used
-- within the idempotency window answers what its first use answered and does nothing. Invalid
-- input raises SQLSTATE 22023 "<field>: <reason>". The rules are enroll_batch's, item by item,
-- through the same functions (a single call's lean path: no arrays, four statements).
CREATE FUNCTION sequencer.enroll(sequence text, subject text, data jsonb DEFAULT '{}', event jsonb DEFAULT '{}',
                                 idempotency_key text DEFAULT NULL, cancellation_key text DEFAULT NULL,
                                 at timestamptz DEFAULT now()) RETURNS jsonb
LANGUAGE plpgsql SET search_path = sequencer, pg_temp SET enable_seqscan = off AS $$
DECLARE
    target record;
    earlier record;
    problem text;
    reason text;
    runner text;
    reply jsonb;
    owned boolean;
    patch jsonb;
    clean jsonb;
    limits sequencer.size_limits;
BEGIN
    -- The common, valid call passes a check of built-in operators only.
    IF enroll.sequence IS NULL OR length(enroll.sequence) NOT BETWEEN 1 AND 200
       OR enroll.subject IS NULL OR length(enroll.subject) NOT BETWEEN 1 AND 200
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
    SELECT q.version, q.entry_step, q.entry_goals, q.reentry, q.reentry_after_seconds INTO target
    FROM sequencer.sequences q WHERE q.name = enroll.sequence ORDER BY q.version DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE invalid_parameter_value USING MESSAGE = 'sequence: ' || sequencer.unknown_sequence(enroll.sequence);
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
    -- subject decide re-entry one after the other.
    -- A patch without nulls (the common case) merges with ||, with no function call.
    patch := coalesce(enroll.data, '{}');
    clean := CASE WHEN jsonb_strip_nulls(patch) = patch THEN patch ELSE sequencer.merge_data('{}', patch) END;
    -- Data that would grow past the size limit raises 22023 (checked_data).
    INSERT INTO sequencer.subjects AS s (id, data) VALUES (enroll.subject, clean)
    ON CONFLICT (id) DO UPDATE
        SET data = sequencer.checked_data(s.id, s.data, CASE WHEN patch = clean THEN s.data || patch ELSE sequencer.merge_data(s.data, patch) END,
                                          NULL)
        WHERE s.data IS DISTINCT FROM (CASE WHEN patch = clean THEN s.data || patch ELSE sequencer.merge_data(s.data, patch) END);
    IF target.reentry <> 'always' OR target.reentry_after_seconds > 0 THEN
        SELECT bool_or(r.status = 'active') AS active, max(r.enrolled_at) AS last INTO earlier
        FROM sequencer.runners r WHERE r.subject_id = enroll.subject AND r.sequence_name = enroll.sequence;
        reason := sequencer.reentry_refusal(target.reentry, target.reentry_after_seconds, enroll.subject, enroll.sequence,
                                            earlier.active, earlier.last, 1, enroll.at);
    END IF;
    IF reason IS NOT NULL THEN
        reply := sequencer.refused(reason, enroll.subject, enroll.sequence);
    ELSE
        -- A subject's first runner takes the subject's id; later ones a generated id.
        INSERT INTO sequencer.runners (id, subject_id, sequence_name, sequence_version, step, event, cancellation_key,
                                       step_entered_at, wake_at, goals_reached, enrolled_at)
        VALUES (enroll.subject, enroll.subject, enroll.sequence, target.version, target.entry_step, coalesce(enroll.event, '{}'),
                enroll.cancellation_key, enroll.at, '-infinity', target.entry_goals, enroll.at)
        ON CONFLICT (id) DO NOTHING RETURNING id INTO runner;
        IF runner IS NULL THEN
            runner := gen_random_uuid()::text;
            INSERT INTO sequencer.runners (id, subject_id, sequence_name, sequence_version, step, event, cancellation_key,
                                           step_entered_at, wake_at, goals_reached, enrolled_at)
            VALUES (runner, enroll.subject, enroll.sequence, target.version, target.entry_step, coalesce(enroll.event, '{}'),
                    enroll.cancellation_key, enroll.at, '-infinity', target.entry_goals, enroll.at);
        END IF;
        INSERT INTO sequencer.runner_history (runner_id, subject_id, sequence_name, sequence_version, from_step, to_step, action, at)
        VALUES (runner, enroll.subject, enroll.sequence, target.version, NULL, target.entry_step, 'enrolled', enroll.at);
        reply := sequencer.enrolled(runner, enroll.subject, enroll.sequence, target.version);
    END IF;
    IF enroll.idempotency_key IS NOT NULL THEN
        UPDATE sequencer.idempotency_keys k SET answer = reply WHERE k.key = enroll.idempotency_key;
    END IF;
    RETURN reply;
END
$$;

-- Whether a subject has an active runner in a sequence, and its latest enrolment there.
CREATE TYPE sequencer.earlier AS (active boolean, last timestamptz);

-- One enrolment item while enroll_batch decides it.
CREATE TYPE sequencer.enrollment AS (
    n                int,
    sequence_name    text,
    subject_id       text,
    data             jsonb,
    event            jsonb,
    idempotency_key  text,
    cancellation_key text,
    version          int,
    entry_step       text,
    entry_goals      text[],
    reentry          text,
    reentry_after    double precision,
    answer           jsonb
);

-- Enrols subjects into the latest version of sequences, in order — the set-based form of
-- `enroll`, with its rules and answers:
--   items: [{"sequence", "subject", "data"?, "event"?, "idempotencyKey"?, "cancellationKey"?}]
-- An invalid item answers {"error", "field"} and has no effect; the others still run.
CREATE FUNCTION sequencer.enroll_batch(items jsonb, at timestamptz DEFAULT now()) RETURNS SETOF jsonb
LANGUAGE plpgsql SET search_path = sequencer, pg_temp SET enable_seqscan = off SET work_mem = '64MB' AS $$
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
    work := sequencer.enrollment_admit(work, created, at);
    work := sequencer.enrollment_insert(work, at);
    IF EXISTS (SELECT 1 FROM unnest(work) w WHERE w.idempotency_key IS NOT NULL) THEN
        work := sequencer.enrollment_store_keys(work);
    END IF;
    RETURN QUERY SELECT w.answer FROM unnest(work) w ORDER BY w.n;
END
$$;

-- Items parsed, validated and joined to their sequence's latest version.
CREATE FUNCTION sequencer.enrollment_parse(items jsonb) RETURNS sequencer.enrollment[]
LANGUAGE plpgsql SET search_path = sequencer, pg_temp SET enable_seqscan = off SET work_mem = '64MB' AS $$
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

-- Takes the idempotency keys of undecided items: a key new (or expired) is this call's, answered
-- at the end; a key used within the window answers what it answered then.
CREATE FUNCTION sequencer.enrollment_claim_keys(work sequencer.enrollment[]) RETURNS sequencer.enrollment[]
LANGUAGE plpgsql SET search_path = sequencer, pg_temp SET enable_seqscan = off SET work_mem = '64MB' AS $$
DECLARE
    owned text[];
BEGIN
    -- Waits for another transaction inserting the same key, then sees its row.
    WITH claimed AS (
        INSERT INTO idempotency_keys AS k (key, answer, created_at)
        SELECT DISTINCT w.idempotency_key, 'null'::jsonb, now() FROM unnest(work) w
        WHERE w.answer IS NULL AND w.idempotency_key IS NOT NULL
        ON CONFLICT (key) DO UPDATE SET answer = 'null', created_at = now()
            WHERE k.created_at < now() - make_interval(secs => sequencer.idempotency_retention())
        RETURNING k.key
    )
    SELECT coalesce(array_agg(key), '{}') INTO owned FROM claimed;
    -- A new statement: sees the answers committed by the transactions waited for.
    RETURN ARRAY(
        SELECT ROW(w.n, w.sequence_name, w.subject_id, w.data, w.event, w.idempotency_key, w.cancellation_key, w.version,
                   w.entry_step, w.entry_goals, w.reentry, w.reentry_after,
                   CASE WHEN w.answer IS NULL AND w.idempotency_key IS NOT NULL AND NOT w.idempotency_key = ANY (owned)
                        THEN k.answer ELSE w.answer END)::sequencer.enrollment
        FROM unnest(work) w LEFT JOIN idempotency_keys k ON k.key = w.idempotency_key ORDER BY w.n);
END
$$;

-- Applies each sequence's re-entry policy to the undecided items (subjects locked by the merge);
-- intervals count on the engine clock `at`, as enrolment times are recorded. One pass over the
-- items, each looking its subject's runners in the sequence up by index — except subjects this
-- call `created`, which have none.
CREATE FUNCTION sequencer.enrollment_admit(work sequencer.enrollment[], created text[], at timestamptz) RETURNS sequencer.enrollment[]
LANGUAGE plpgsql SET search_path = sequencer, pg_temp SET enable_seqscan = off SET work_mem = '64MB' AS $$
DECLARE
    result sequencer.enrollment[];
BEGIN
    WITH ranked AS (
        SELECT u.*, row_number() OVER (PARTITION BY u.subject_id, u.sequence_name, u.answer IS NULL ORDER BY u.n) AS rank,
               u.answer IS NULL AND (u.reentry <> 'always' OR u.reentry_after > 0) AS checked
        FROM unnest(work) u
    ), looked AS (
        -- Only subjects that existed before this call can have runners in the sequence.
        SELECT w.*, CASE WHEN w.checked AND c.id IS NULL THEN
                        (SELECT ROW(bool_or(r.status = 'active'), max(r.enrolled_at))::sequencer.earlier FROM sequencer.runners r
                         WHERE r.subject_id = w.subject_id AND r.sequence_name = w.sequence_name) END AS earlier
        FROM ranked w LEFT JOIN unnest(created) c(id) ON c.id = w.subject_id
    )
    SELECT ARRAY(
        SELECT ROW(w.n, w.sequence_name, w.subject_id, w.data, w.event, w.idempotency_key, w.cancellation_key, w.version,
                   w.entry_step, w.entry_goals, w.reentry, w.reentry_after,
                   coalesce(w.answer, CASE WHEN d.reason IS NOT NULL
                                           THEN sequencer.refused(d.reason, w.subject_id, w.sequence_name) END))::sequencer.enrollment
        FROM looked w
        CROSS JOIN LATERAL (SELECT CASE WHEN w.checked THEN sequencer.reentry_refusal(
            w.reentry, w.reentry_after, w.subject_id, w.sequence_name, (w.earlier).active, (w.earlier).last, w.rank, at) END AS reason) d
        ORDER BY w.n) INTO result;
    RETURN result;
END
$$;

-- Inserts a runner (and its `enrolled` history line) for every item still undecided. A
-- subject's first runner takes the subject's id (as every runner did before subjects had
-- several); later ones get a generated id.
CREATE FUNCTION sequencer.enrollment_insert(work sequencer.enrollment[], at timestamptz) RETURNS sequencer.enrollment[]
LANGUAGE plpgsql SET search_path = sequencer, pg_temp SET enable_seqscan = off SET work_mem = '64MB' AS $$
DECLARE
    result sequencer.enrollment[];
BEGIN
    WITH items AS (
        SELECT w.*, CASE WHEN w.answer IS NOT NULL THEN NULL
                         WHEN w.rank = 1 AND NOT EXISTS (SELECT 1 FROM sequencer.runners r WHERE r.id = w.subject_id) THEN w.subject_id
                         ELSE gen_random_uuid()::text END AS runner_id
        FROM (SELECT u.*, row_number() OVER (PARTITION BY u.subject_id, u.answer IS NULL ORDER BY u.n) AS rank
              FROM unnest(work) u) w
    ), inserted AS (
        INSERT INTO sequencer.runners (id, subject_id, sequence_name, sequence_version, step, event, cancellation_key,
                                       step_entered_at, wake_at, goals_reached, enrolled_at)
        SELECT i.runner_id, i.subject_id, i.sequence_name, i.version, i.entry_step, i.event, i.cancellation_key,
               at, '-infinity', i.entry_goals, at
        FROM items i WHERE i.runner_id IS NOT NULL ORDER BY i.n
    ), history AS (
        INSERT INTO sequencer.runner_history (runner_id, subject_id, sequence_name, sequence_version, from_step, to_step, action, at)
        SELECT i.runner_id, i.subject_id, i.sequence_name, i.version, NULL, i.entry_step, 'enrolled', at
        FROM items i WHERE i.runner_id IS NOT NULL ORDER BY i.n
    )
    SELECT ARRAY(
        SELECT ROW(i.n, i.sequence_name, i.subject_id, i.data, i.event, i.idempotency_key, i.cancellation_key, i.version,
                   i.entry_step, i.entry_goals, i.reentry, i.reentry_after,
                   coalesce(i.answer, sequencer.enrolled(i.runner_id, i.subject_id, i.sequence_name, i.version)))::sequencer.enrollment
        FROM items i ORDER BY i.n) INTO result;
    RETURN result;
END
$$;

-- Records the answers of the keys this call took; an item repeating a key of an earlier item of
-- the same call answers what that item answered.
CREATE FUNCTION sequencer.enrollment_store_keys(work sequencer.enrollment[]) RETURNS sequencer.enrollment[]
LANGUAGE plpgsql SET search_path = sequencer, pg_temp SET enable_seqscan = off SET work_mem = '64MB' AS $$
BEGIN
    UPDATE idempotency_keys k SET answer = f.answer
    FROM (SELECT DISTINCT ON (w.idempotency_key) w.idempotency_key, w.answer FROM unnest(work) w
          WHERE w.idempotency_key IS NOT NULL AND NOT (w.answer ? 'error') ORDER BY w.idempotency_key, w.n) f
    WHERE k.key = f.idempotency_key AND k.answer = 'null';
    RETURN ARRAY(
        SELECT ROW(w.n, w.sequence_name, w.subject_id, w.data, w.event, w.idempotency_key, w.cancellation_key, w.version,
                   w.entry_step, w.entry_goals, w.reentry, w.reentry_after,
                   CASE WHEN w.idempotency_key IS NULL OR w.answer ? 'error' THEN w.answer ELSE k.answer END)::sequencer.enrollment
        FROM unnest(work) w LEFT JOIN idempotency_keys k ON k.key = w.idempotency_key ORDER BY w.n);
END
$$;

-- Merges data into subjects (created when new), in order: items [{"subject", "data"}]; a null
-- deletes a key. Answers {"updated": true, "subject", "created": bool} or {"error", "field"}.
-- A change wakes every active runner of the subject (Goals and exit conditions are checked).
CREATE FUNCTION sequencer.update_subjects(items jsonb) RETURNS SETOF jsonb
LANGUAGE plpgsql SET search_path = sequencer, pg_temp SET enable_seqscan = off SET work_mem = '64MB' AS $$
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
        SELECT sequencer.merge_patches(ARRAY(
            SELECT ROW(i.item ->> 'subject', i.item -> 'data')::sequencer.subject_patch FROM input i WHERE i.problem IS NULL ORDER BY i.n
        )) AS ids
    )
    SELECT coalesce(i.problem, jsonb_build_object('updated', true, 'subject', i.item ->> 'subject',
                                                  'created', (i.item ->> 'subject') = ANY (c.ids)))
    FROM input i CROSS JOIN created c ORDER BY i.n;
END
$$;

-- Merges data into one subject (see update_subjects); invalid input raises SQLSTATE 22023.
CREATE FUNCTION sequencer.update_subject(subject text, data jsonb) RETURNS jsonb
LANGUAGE plpgsql SET search_path = sequencer, pg_temp SET enable_seqscan = off AS $$
DECLARE
    answer jsonb;
BEGIN
    SELECT a INTO answer FROM sequencer.update_subjects(jsonb_build_array(
        jsonb_strip_nulls(jsonb_build_object('subject', subject)) || jsonb_build_object('data', data))) AS a;
    IF answer ? 'error' THEN
        RAISE invalid_parameter_value USING MESSAGE = (answer ->> 'field') || ': ' || (answer ->> 'error');
    END IF;
    RETURN answer;
END
$$;

-- Cancels active runners, in order: items [{"subject", "sequence"?} | {"cancellationKey"}].
-- Answers {"cancelled": <runners cancelled>, …the item} or {"error", "field"}. A cancelled
-- runner is never moved again; a tick holding it for a send or a call writes nothing for it.
CREATE FUNCTION sequencer.cancel_batch(items jsonb, at timestamptz DEFAULT now()) RETURNS SETOF jsonb
LANGUAGE plpgsql SET search_path = sequencer, pg_temp SET enable_seqscan = off SET work_mem = '64MB' AS $$
BEGIN
    IF jsonb_typeof(items) IS DISTINCT FROM 'array' THEN
        RAISE invalid_parameter_value USING MESSAGE = 'items: must be a JSON array of cancellations';
    END IF;
    RETURN QUERY
    WITH input AS (
        SELECT e.n, e.item, CASE
            WHEN jsonb_typeof(e.item) IS DISTINCT FROM 'object' THEN
                jsonb_build_object('error', 'must be a JSON object, not ' || coalesce(jsonb_typeof(e.item), 'null'), 'field', '')
            WHEN e.item ? 'cancellationKey' AND e.item ? 'subject' THEN
                jsonb_build_object('error', 'give subject (and sequence) or cancellationKey, not both', 'field', 'cancellationKey')
            WHEN e.item ? 'cancellationKey' THEN
                (SELECT jsonb_build_object('error', p, 'field', 'cancellationKey')
                 FROM sequencer.identifier_problem(e.item -> 'cancellationKey', true) AS p WHERE p IS NOT NULL)
            ELSE coalesce(
                (SELECT jsonb_build_object('error', p, 'field', 'subject')
                 FROM sequencer.identifier_problem(e.item -> 'subject', true) AS p WHERE p IS NOT NULL),
                (SELECT jsonb_build_object('error', p, 'field', 'sequence')
                 FROM sequencer.identifier_problem(e.item -> 'sequence', false) AS p WHERE p IS NOT NULL))
        END AS problem
        FROM jsonb_array_elements(items) WITH ORDINALITY AS e(item, n)
    ), targets AS (
        SELECT DISTINCT ON (r.id) r.id, r.subject_id, r.sequence_name, r.sequence_version, r.step, i.n
        FROM input i JOIN runners r ON i.problem IS NULL AND r.status = 'active' AND (
            (i.item ? 'cancellationKey' AND r.cancellation_key = i.item ->> 'cancellationKey')
            OR (NOT i.item ? 'cancellationKey' AND r.subject_id = i.item ->> 'subject'
                AND (i.item ->> 'sequence' IS NULL OR r.sequence_name = i.item ->> 'sequence')))
        ORDER BY r.id, i.n
    ), cancelled AS (
        UPDATE runners r SET status = 'cancelled', wake_at = 'infinity', lease_owner = NULL, lease_until = NULL,
                             ended_at = at, updated_at = now()
        FROM targets t WHERE r.id = t.id AND r.status = 'active'
        RETURNING r.id
    ), history AS (
        INSERT INTO runner_history (runner_id, subject_id, sequence_name, sequence_version, from_step, to_step, action, at)
        SELECT t.id, t.subject_id, t.sequence_name, t.sequence_version, t.step, NULL, 'cancelled', at
        FROM targets t WHERE t.id IN (SELECT id FROM cancelled) ORDER BY t.n, t.id
    )
    SELECT coalesce(i.problem, i.item || jsonb_build_object('cancelled',
        (SELECT count(*) FROM targets t WHERE t.n = i.n AND t.id IN (SELECT id FROM cancelled))))
    FROM input i ORDER BY i.n;
END
$$;

-- Cancels a subject's active runners (in every sequence, or in `sequence`); returns how many.
CREATE FUNCTION sequencer.cancel(subject text, sequence text DEFAULT NULL, at timestamptz DEFAULT now()) RETURNS integer
LANGUAGE plpgsql SET search_path = sequencer, pg_temp SET enable_seqscan = off AS $$
DECLARE
    answer jsonb;
BEGIN
    SELECT a INTO answer FROM sequencer.cancel_batch(jsonb_build_array(jsonb_strip_nulls(
        jsonb_build_object('subject', subject, 'sequence', sequence))), at) AS a;
    IF answer ? 'error' THEN
        RAISE invalid_parameter_value USING MESSAGE = (answer ->> 'field') || ': ' || (answer ->> 'error');
    END IF;
    RETURN (answer ->> 'cancelled')::integer;
END
$$;

-- Cancels the active runners enrolled with `cancellation_key`; returns how many.
CREATE FUNCTION sequencer.cancel_by_key(cancellation_key text, at timestamptz DEFAULT now()) RETURNS integer
LANGUAGE plpgsql SET search_path = sequencer, pg_temp SET enable_seqscan = off AS $$
DECLARE
    answer jsonb;
BEGIN
    SELECT a INTO answer FROM sequencer.cancel_batch(jsonb_build_array(jsonb_strip_nulls(
        jsonb_build_object('cancellationKey', cancellation_key))), at) AS a;
    IF answer ? 'error' THEN
        RAISE invalid_parameter_value USING MESSAGE = (answer ->> 'field') || ': ' || (answer ->> 'error');
    END IF;
    RETURN (answer ->> 'cancelled')::integer;
END
$$;
