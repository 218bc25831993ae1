-- The SQL entry points: enrol, update a subject's data, cancel — inside the application's own
-- transaction (as graphile-worker's add_job). The CLI and the `api` Lambda handler call the same
-- functions, so every entry point validates and answers alike. Documented in docs/entry-points.md.
--
-- Batch functions answer one JSON object per item, in order, and never raise for a bad item:
--   {"error": "<reason>", "field": "<field>"}         the item is invalid and had no effect
-- The single-item functions raise SQLSTATE 22023 (invalid_parameter_value) instead, with the
-- message "<field>: <reason>".
-- Times: `at` is the engine clock (UTC) recorded in the runner and its history; the
-- idempotency window is wall-clock time (now()).

-- `old` with `patch`'s top-level keys set; a JSON null in the patch deletes the key.
CREATE FUNCTION sequencer.merge_data(old jsonb, patch jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (old || patch) - ARRAY(SELECT key FROM jsonb_each(patch) WHERE jsonb_typeof(value) = 'null')
$$;

-- Patches applied one after another, as one patch (a later key wins, nulls kept as deletions).
CREATE AGGREGATE sequencer.patch_agg(jsonb) (SFUNC = jsonb_concat, STYPE = jsonb, INITCOND = '{}');

-- Why an identifier field is unusable, or NULL: required strings of 1–200 characters.
CREATE FUNCTION sequencer.identifier_problem(value jsonb, required boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN value IS NULL OR jsonb_typeof(value) = 'null' THEN CASE WHEN required THEN 'is required' END
        WHEN jsonb_typeof(value) <> 'string' THEN 'must be a string, not ' || jsonb_typeof(value)
        WHEN value #>> '{}' = '' THEN 'must not be empty'
        WHEN length(value #>> '{}') > 200 THEN 'must be at most 200 characters (it has ' || length(value #>> '{}') || ')'
    END
$$;

-- Why an object field is unusable, or NULL: absent, null or an object.
CREATE FUNCTION sequencer.object_problem(value jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value IS NOT NULL AND jsonb_typeof(value) NOT IN ('object', 'null')
                THEN 'must be a JSON object, not ' || jsonb_typeof(value) END
$$;

-- The first problem of one enrolment item as {"error", "field"}, or NULL.
CREATE FUNCTION sequencer.enrollment_problem(item jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN jsonb_typeof(item) IS DISTINCT FROM 'object' THEN
            jsonb_build_object('error', 'must be a JSON object, not ' || coalesce(jsonb_typeof(item), 'null'), 'field', '')
        ELSE (SELECT jsonb_build_object('error', p.problem, 'field', p.field)
              FROM (VALUES (1, 'sequence', sequencer.identifier_problem(item -> 'sequence', true)),
                           (2, 'subject', sequencer.identifier_problem(item -> 'subject', true)),
                           (3, 'data', sequencer.object_problem(item -> 'data')),
                           (4, 'event', sequencer.object_problem(item -> 'event')),
                           (5, 'idempotencyKey', sequencer.identifier_problem(item -> 'idempotencyKey', false)),
                           (6, 'cancellationKey', sequencer.identifier_problem(item -> 'cancellationKey', false))
                   ) AS p(position, field, problem)
              WHERE p.problem IS NOT NULL ORDER BY p.position LIMIT 1)
    END
$$;

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

-- Enrols subjects into the latest version of sequences, in order:
--   items: [{"sequence", "subject", "data"?, "event"?, "idempotencyKey"?, "cancellationKey"?}]
-- Each answer is {"enrolled": true, "runner": "<id>", "subject", "sequence", "version"},
-- {"enrolled": false, "reason": "<why, naming the sequence and the rule>", "subject", "sequence"}
-- (re-entry refused), or {"error", "field"}. `data` is merged into the subject's data (a null
-- deletes a key; the subject is created if new) even when re-entry is refused. An item whose
-- idempotency key was used within the retention window answers what the first use answered
-- and does nothing.
CREATE FUNCTION sequencer.enroll_batch(items jsonb, at timestamptz DEFAULT now()) RETURNS SETOF jsonb
LANGUAGE plpgsql SET search_path = sequencer, pg_temp AS $$
DECLARE
    work sequencer.enrollment[];
BEGIN
    IF jsonb_typeof(items) IS DISTINCT FROM 'array' THEN
        RAISE invalid_parameter_value USING MESSAGE = 'items: must be a JSON array of enrolments';
    END IF;
    work := sequencer.enrollment_parse(items);
    IF EXISTS (SELECT 1 FROM unnest(work) w WHERE w.answer IS NULL AND w.idempotency_key IS NOT NULL) THEN
        work := sequencer.enrollment_claim_keys(work);
    END IF;
    PERFORM sequencer.enrollment_merge_subjects(work);
    work := sequencer.enrollment_admit(work, at);
    work := sequencer.enrollment_insert(work, at);
    IF EXISTS (SELECT 1 FROM unnest(work) w WHERE w.idempotency_key IS NOT NULL) THEN
        work := sequencer.enrollment_store_keys(work);
    END IF;
    RETURN QUERY SELECT w.answer FROM unnest(work) w ORDER BY w.n;
END
$$;

-- Items parsed, validated and joined to their sequence's latest version.
CREATE FUNCTION sequencer.enrollment_parse(items jsonb) RETURNS sequencer.enrollment[]
LANGUAGE sql STABLE SET search_path = sequencer, pg_temp AS $$
    SELECT coalesce(array_agg(ROW(
        e.n, e.item ->> 'sequence', e.item ->> 'subject', coalesce(nullif(e.item -> 'data', 'null'), '{}'),
        coalesce(nullif(e.item -> 'event', 'null'), '{}'), e.item ->> 'idempotencyKey', e.item ->> 'cancellationKey',
        s.version, s.entry_step, s.entry_goals, s.reentry, s.reentry_after_seconds,
        coalesce(p.problem, CASE WHEN s.version IS NULL THEN jsonb_build_object(
            'error', format('no sequence named "%s" (apply it first: sequencer sequences apply FILE)', e.item ->> 'sequence'),
            'field', 'sequence') END)
    )::sequencer.enrollment ORDER BY e.n), '{}')
    FROM jsonb_array_elements(items) WITH ORDINALITY AS e(item, n)
    CROSS JOIN LATERAL (SELECT sequencer.enrollment_problem(e.item) AS problem) p
    LEFT JOIN LATERAL (SELECT q.version, q.entry_step, q.entry_goals, q.reentry, q.reentry_after_seconds
                       FROM sequencer.sequences q
                       WHERE p.problem IS NULL AND q.name = e.item ->> 'sequence'
                       ORDER BY q.version DESC LIMIT 1) s ON true
$$;

-- Takes the idempotency keys of undecided items: a key new (or expired) is this call's, answered
-- at the end; a key used within the window answers what it answered then.
CREATE FUNCTION sequencer.enrollment_claim_keys(work sequencer.enrollment[]) RETURNS sequencer.enrollment[]
LANGUAGE plpgsql SET search_path = sequencer, pg_temp AS $$
DECLARE
    retention double precision := coalesce(
        (SELECT (value #>> '{}')::double precision FROM settings WHERE name = 'idempotencyRetentionSeconds'), 86400);
    owned text[];
BEGIN
    -- Waits for another transaction inserting the same key, then sees its row.
    WITH claimed AS (
        INSERT INTO idempotency_keys AS k (key, answer, created_at)
        SELECT DISTINCT w.idempotency_key, 'null'::jsonb, now() FROM unnest(work) w
        WHERE w.answer IS NULL AND w.idempotency_key IS NOT NULL
        ON CONFLICT (key) DO UPDATE SET answer = 'null', created_at = now()
            WHERE k.created_at < now() - make_interval(secs => retention)
        RETURNING k.key
    )
    SELECT coalesce(array_agg(key), '{}') INTO owned FROM claimed;
    -- A new statement: sees the answers committed by the transactions waited for.
    RETURN ARRAY(
        SELECT ROW(w.n, w.sequence_name, w.subject_id, w.data, w.event, w.idempotency_key, w.cancellation_key, w.version,
                   w.entry_step, w.entry_goals, w.reentry, w.reentry_after,
                   CASE WHEN w.answer IS NULL AND w.idempotency_key IS NOT NULL AND NOT w.idempotency_key = ANY (owned)
                        THEN (SELECT k.answer FROM idempotency_keys k WHERE k.key = w.idempotency_key)
                        ELSE w.answer END)::sequencer.enrollment
        FROM unnest(work) w ORDER BY w.n);
END
$$;

-- Merges the undecided items' data into their subjects (created when new), in item order, and
-- locks every subject involved until the transaction ends, so two enrolments of one subject
-- decide re-entry one after the other.
CREATE FUNCTION sequencer.enrollment_merge_subjects(work sequencer.enrollment[]) RETURNS void
LANGUAGE sql SET search_path = sequencer, pg_temp AS $$
    WITH patches AS (
        SELECT w.subject_id, sequencer.patch_agg(w.data ORDER BY w.n) AS patch
        FROM unnest(work) w WHERE w.answer IS NULL GROUP BY w.subject_id
    )
    INSERT INTO sequencer.subjects AS s (id, data)
    SELECT p.subject_id, sequencer.merge_data('{}', p.patch) FROM patches p ORDER BY p.subject_id
    ON CONFLICT (id) DO UPDATE
        SET data = sequencer.merge_data(s.data, (SELECT p.patch FROM patches p WHERE p.subject_id = s.id))
        WHERE s.data IS DISTINCT FROM sequencer.merge_data(s.data, (SELECT p.patch FROM patches p WHERE p.subject_id = s.id))
$$;

-- Applies each sequence's re-entry policy to the undecided items (subjects locked by the merge);
-- intervals count on the engine clock `at`, as enrolment times are recorded.
CREATE FUNCTION sequencer.enrollment_admit(work sequencer.enrollment[], at timestamptz) RETURNS sequencer.enrollment[]
LANGUAGE sql STABLE SET search_path = sequencer, pg_temp AS $$
    WITH pending AS (
        SELECT w.*, row_number() OVER (PARTITION BY w.subject_id, w.sequence_name ORDER BY w.n) AS rank
        FROM unnest(work) w WHERE w.answer IS NULL
    ), earlier AS (
        SELECT r.subject_id, r.sequence_name, bool_or(r.status = 'active') AS active, max(r.enrolled_at) AS last
        FROM sequencer.runners r
        WHERE (r.subject_id, r.sequence_name) IN (SELECT p.subject_id, p.sequence_name FROM pending p)
        GROUP BY r.subject_id, r.sequence_name
    ), decided AS (
        SELECT p.n, CASE
            WHEN p.reentry = 'never' AND (e.last IS NOT NULL OR p.rank > 1) THEN
                format('re-entry refused: subject "%s" has already entered sequence "%s" (reentry: never)', p.subject_id, p.sequence_name)
            WHEN p.reentry = 'afterExit' AND (coalesce(e.active, false) OR p.rank > 1) THEN
                format('re-entry refused: subject "%s" is still in sequence "%s" (reentry: afterExit)', p.subject_id, p.sequence_name)
            WHEN p.reentry_after > 0 AND (p.rank > 1 OR e.last > at - make_interval(secs => p.reentry_after)) THEN
                format('re-entry refused: subject "%s" entered sequence "%s" less than %s seconds ago (reentryAfterSeconds)',
                       p.subject_id, p.sequence_name, p.reentry_after)
        END AS reason
        FROM pending p LEFT JOIN earlier e ON e.subject_id = p.subject_id AND e.sequence_name = p.sequence_name
    )
    SELECT ARRAY(
        SELECT ROW(w.n, w.sequence_name, w.subject_id, w.data, w.event, w.idempotency_key, w.cancellation_key, w.version,
                   w.entry_step, w.entry_goals, w.reentry, w.reentry_after,
                   CASE WHEN d.reason IS NOT NULL THEN jsonb_build_object(
                       'enrolled', false, 'reason', d.reason, 'subject', w.subject_id, 'sequence', w.sequence_name)
                        ELSE w.answer END)::sequencer.enrollment
        FROM unnest(work) w LEFT JOIN decided d ON d.n = w.n ORDER BY w.n)
$$;

-- Inserts a runner (and its `enrolled` history line) for every item still undecided.
CREATE FUNCTION sequencer.enrollment_insert(work sequencer.enrollment[], at timestamptz) RETURNS sequencer.enrollment[]
LANGUAGE sql SET search_path = sequencer, pg_temp AS $$
    WITH pending AS (
        SELECT w.*, row_number() OVER (PARTITION BY w.subject_id ORDER BY w.n) AS rank FROM unnest(work) w WHERE w.answer IS NULL
    ), chosen AS (
        -- A subject's first runner takes the subject's id (as every runner did before subjects
        -- had several); later ones get a generated id.
        SELECT p.*, CASE WHEN p.rank = 1 AND NOT EXISTS (SELECT 1 FROM sequencer.runners r WHERE r.id = p.subject_id)
                         THEN p.subject_id ELSE gen_random_uuid()::text END AS runner_id
        FROM pending p
    ), inserted AS (
        INSERT INTO sequencer.runners (id, subject_id, sequence_name, sequence_version, step, event, cancellation_key,
                                       step_entered_at, wake_at, goals_reached, enrolled_at)
        SELECT c.runner_id, c.subject_id, c.sequence_name, c.version, c.entry_step, c.event, c.cancellation_key,
               at, '-infinity', c.entry_goals, at
        FROM chosen c ORDER BY c.n
    ), history AS (
        INSERT INTO sequencer.runner_history (runner_id, subject_id, sequence_name, sequence_version, from_step, to_step, action, at)
        SELECT c.runner_id, c.subject_id, c.sequence_name, c.version, NULL, c.entry_step, 'enrolled', at FROM chosen c ORDER BY c.n
    )
    SELECT ARRAY(
        SELECT ROW(w.n, w.sequence_name, w.subject_id, w.data, w.event, w.idempotency_key, w.cancellation_key, w.version,
                   w.entry_step, w.entry_goals, w.reentry, w.reentry_after,
                   coalesce(w.answer, jsonb_build_object('enrolled', true, 'runner', c.runner_id, 'subject', w.subject_id,
                                                         'sequence', w.sequence_name, 'version', w.version)))::sequencer.enrollment
        FROM unnest(work) w LEFT JOIN chosen c ON c.n = w.n ORDER BY w.n)
$$;

-- Records the answers of the keys this call took; an item repeating a key of an earlier item of
-- the same call answers what that item answered.
CREATE FUNCTION sequencer.enrollment_store_keys(work sequencer.enrollment[]) RETURNS sequencer.enrollment[]
LANGUAGE plpgsql SET search_path = sequencer, pg_temp AS $$
BEGIN
    UPDATE idempotency_keys k SET answer = f.answer
    FROM (SELECT DISTINCT ON (w.idempotency_key) w.idempotency_key, w.answer FROM unnest(work) w
          WHERE w.idempotency_key IS NOT NULL AND NOT (w.answer ? 'error') ORDER BY w.idempotency_key, w.n) f
    WHERE k.key = f.idempotency_key AND k.answer = 'null';
    RETURN ARRAY(
        SELECT ROW(w.n, w.sequence_name, w.subject_id, w.data, w.event, w.idempotency_key, w.cancellation_key, w.version,
                   w.entry_step, w.entry_goals, w.reentry, w.reentry_after,
                   CASE WHEN w.idempotency_key IS NULL OR w.answer ? 'error' THEN w.answer
                        ELSE (SELECT k.answer FROM idempotency_keys k WHERE k.key = w.idempotency_key) END)::sequencer.enrollment
        FROM unnest(work) w ORDER BY w.n);
END
$$;

-- Enrols one subject (see enroll_batch) and answers {"enrolled": true, "runner": "<id>", …} or
-- {"enrolled": false, "reason": "…"}; invalid input raises SQLSTATE 22023 naming the field.
CREATE FUNCTION sequencer.enroll(sequence text, subject text, data jsonb DEFAULT '{}', event jsonb DEFAULT '{}',
                                 idempotency_key text DEFAULT NULL, cancellation_key text DEFAULT NULL,
                                 at timestamptz DEFAULT now()) RETURNS jsonb
LANGUAGE plpgsql SET search_path = sequencer, pg_temp AS $$
DECLARE
    answer jsonb;
BEGIN
    SELECT a INTO answer FROM sequencer.enroll_batch(jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
        'sequence', sequence, 'subject', subject, 'idempotencyKey', idempotency_key, 'cancellationKey', cancellation_key))
        || jsonb_build_object('data', data, 'event', event)), at) AS a;
    IF answer ? 'error' THEN
        RAISE invalid_parameter_value USING MESSAGE = (answer ->> 'field') || ': ' || (answer ->> 'error');
    END IF;
    RETURN answer;
END
$$;

-- Merges data into subjects (created when new), in order: items [{"subject", "data"}]; a null
-- deletes a key. Answers {"updated": true, "subject", "created": bool} or {"error", "field"}.
-- A change wakes every active runner of the subject (Goals and exit conditions are checked).
CREATE FUNCTION sequencer.update_subjects(items jsonb) RETURNS SETOF jsonb
LANGUAGE plpgsql SET search_path = sequencer, pg_temp AS $$
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
        END AS problem
        FROM jsonb_array_elements(items) WITH ORDINALITY AS e(item, n)
    ), patches AS (
        SELECT i.item ->> 'subject' AS subject_id, sequencer.patch_agg(i.item -> 'data' ORDER BY i.n) AS patch
        FROM input i WHERE i.problem IS NULL GROUP BY 1
    ), existing AS (
        SELECT s.id FROM subjects s WHERE s.id IN (SELECT p.subject_id FROM patches p)
    ), written AS (
        INSERT INTO subjects AS s (id, data)
        SELECT p.subject_id, sequencer.merge_data('{}', p.patch) FROM patches p ORDER BY p.subject_id
        ON CONFLICT (id) DO UPDATE
            SET data = sequencer.merge_data(s.data, (SELECT p.patch FROM patches p WHERE p.subject_id = s.id))
            WHERE s.data IS DISTINCT FROM sequencer.merge_data(s.data, (SELECT p.patch FROM patches p WHERE p.subject_id = s.id))
    )
    SELECT coalesce(i.problem, jsonb_build_object('updated', true, 'subject', i.item ->> 'subject',
                                                  'created', (i.item ->> 'subject') NOT IN (SELECT id FROM existing)))
    FROM input i ORDER BY i.n;
END
$$;

-- Merges data into one subject (see update_subjects); invalid input raises SQLSTATE 22023.
CREATE FUNCTION sequencer.update_subject(subject text, data jsonb) RETURNS jsonb
LANGUAGE plpgsql SET search_path = sequencer, pg_temp AS $$
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
LANGUAGE plpgsql SET search_path = sequencer, pg_temp AS $$
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
LANGUAGE plpgsql SET search_path = sequencer, pg_temp AS $$
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
LANGUAGE plpgsql SET search_path = sequencer, pg_temp AS $$
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
