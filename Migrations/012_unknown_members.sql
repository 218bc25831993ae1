-- Sequencer schema, version 12: the SQL batch functions refuse members they do not know, as the
-- api and the CLI do (issue 13: one behaviour at every entry point); and two small savings in
-- sequencer.enroll.
--
-- enroll_batch, update_subjects and cancel_batch read the members they know and ignored any other,
-- so a misspelt "idempotencykey" sent straight to SQL enrolled without a key, silently. Now an
-- item with an unknown member is refused like any other bad item — its answer is
-- {"error": "unknown field (allowed: …)", "field": "<the first unknown member>"}, in the words of
-- the api's JSONFieldReader.onlyKnown — and the other items go on. "command" is allowed in every
-- item (and ignored), so the api's command objects go to SQL as they are. The common item pays
-- one jsonb operation (`item - allowed`, about 0.2 µs).
--
-- sequencer.enroll: the subject's INSERT no longer joins the sequence lookup (the lookup is made
-- once, for the runner), and a patch whose JSON text holds no "null" skips the jsonpath test for
-- null members: about 2 % of a call's instructions (callgrind; bench/results.md). A JSON null
-- `data` or `event` reads as {} (it failed the tables' row rules with 23514), as in enroll_batch.
--
-- Cancellation: an item with neither subject nor cancellationKey answers "is required (or give
-- cancellationKey)" at subject, the CLI's and the api's words; cancel_by_key(NULL) names
-- cancellationKey. A sequence name that breaks the identifier rule is refused by that rule on every
-- path (unknown_sequence).

-- The problem of an item with a member outside `allowed`: {"error", "field"} naming the first
-- unknown member in code-point order. Called only for such an item (the callers test
-- `item - allowed <> '{}'` first), so the sub-query that keeps it from being inlined costs nothing
-- on the common path.
CREATE FUNCTION sequencer.unknown_member(item jsonb, allowed text[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT jsonb_build_object(
        'error', 'unknown field (allowed: ' || (SELECT string_agg(a, ', ' ORDER BY a COLLATE "C") FROM unnest(allowed) a) || ')',
        'field', (SELECT min(k COLLATE "C") FROM jsonb_object_keys(item - allowed) k))
$$;
REVOKE EXECUTE ON FUNCTION sequencer.unknown_member(jsonb, text[]) FROM PUBLIC;

-- The members an item of each batch function may hold, in one place each ("command" in all: the
-- api's command objects pass as they are). Constant SQL functions: PostgreSQL inlines them and
-- folds them into a constant when it plans the caller.
CREATE FUNCTION sequencer.enrollment_members() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT '{sequence,subject,data,event,idempotencyKey,cancellationKey,command}'::text[]
$$;
CREATE FUNCTION sequencer.update_members() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT '{subject,data,command}'::text[] $$;
CREATE FUNCTION sequencer.cancellation_members() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT '{subject,sequence,cancellationKey,command}'::text[] $$;
REVOKE EXECUTE ON FUNCTION sequencer.enrollment_members() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION sequencer.update_members() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION sequencer.cancellation_members() FROM PUBLIC;

-- 003's first problem of an enrolment item, with unknown members (STABLE, as 008 set it).
CREATE OR REPLACE FUNCTION sequencer.enrollment_problem(item jsonb) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN jsonb_typeof(item) IS DISTINCT FROM 'object' THEN
            jsonb_build_object('error', 'must be a JSON object, not ' || coalesce(jsonb_typeof(item), 'null'), 'field', '')
        WHEN item - sequencer.enrollment_members() <> '{}' THEN
            sequencer.unknown_member(item, sequencer.enrollment_members())
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

-- 008's parse, whose quick check of a valid item now includes its members.
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
                         AND e.item - sequencer.enrollment_members() = '{}'
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

-- 011's cancel_batch and update_subjects, with unknown members refused.
CREATE OR REPLACE FUNCTION sequencer.cancel_batch(items jsonb, at timestamptz DEFAULT now()) RETURNS SETOF jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = sequencer, pg_temp SET enable_seqscan = off SET work_mem = '64MB' SET jit = off AS $$
BEGIN
    IF jsonb_typeof(items) IS DISTINCT FROM 'array' THEN
        RAISE invalid_parameter_value USING MESSAGE = 'items: must be a JSON array of cancellations';
    END IF;
    RETURN QUERY
    WITH input AS (
        SELECT e.n, e.item, CASE
            WHEN jsonb_typeof(e.item) IS DISTINCT FROM 'object' THEN
                jsonb_build_object('error', 'must be a JSON object, not ' || coalesce(jsonb_typeof(e.item), 'null'), 'field', '')
            WHEN e.item - sequencer.cancellation_members() <> '{}' THEN
                sequencer.unknown_member(e.item, sequencer.cancellation_members())
            WHEN NOT e.item ? 'cancellationKey' AND NOT e.item ? 'subject' THEN
                jsonb_build_object('error', 'is required (or give cancellationKey)', 'field', 'subject')
            WHEN e.item ? 'cancellationKey' AND e.item ? 'subject' THEN
                jsonb_build_object('error', 'give subject (and sequence) or cancellationKey, not both', 'field', 'cancellationKey')
            ELSE coalesce(
                CASE WHEN e.item ? 'cancellationKey' THEN
                    (SELECT jsonb_build_object('error', p, 'field', 'cancellationKey')
                     FROM sequencer.identifier_problem(e.item -> 'cancellationKey', true) AS p WHERE p IS NOT NULL)
                ELSE
                    (SELECT jsonb_build_object('error', p, 'field', 'subject')
                     FROM sequencer.identifier_problem(e.item -> 'subject', true) AS p WHERE p IS NOT NULL)
                END,
                (SELECT jsonb_build_object('error', p, 'field', 'sequence')
                 FROM sequencer.identifier_problem(e.item -> 'sequence', false) AS p WHERE p IS NOT NULL),
                (SELECT jsonb_build_object('error', sequencer.unknown_sequence(e.item ->> 'sequence'), 'field', 'sequence')
                 WHERE e.item ->> 'sequence' IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM sequences s WHERE s.name = e.item ->> 'sequence')))
        END AS problem
        FROM jsonb_array_elements(items) WITH ORDINALITY AS e(item, n)
    ), targets AS (
        SELECT DISTINCT ON (r.id) r.id, r.subject_id, r.sequence_name, r.sequence_version, r.step, i.n
        FROM input i JOIN runners r ON i.problem IS NULL AND r.status = 'active'
            AND (i.item ->> 'sequence' IS NULL OR r.sequence_name = i.item ->> 'sequence') AND (
                (i.item ? 'cancellationKey' AND r.cancellation_key = i.item ->> 'cancellationKey')
                OR (NOT i.item ? 'cancellationKey' AND r.subject_id = i.item ->> 'subject'))
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
            WHEN e.item - sequencer.update_members() <> '{}' THEN
                sequencer.unknown_member(e.item, sequencer.update_members())
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
    ), creators AS (
        -- The first valid item of each subject the call created: the one that created it.
        SELECT min(i.n) AS n FROM input i JOIN created c ON c.id = i.item ->> 'subject' WHERE i.problem IS NULL GROUP BY c.id
    )
    SELECT coalesce(i.problem, jsonb_build_object('updated', true, 'subject', i.item ->> 'subject', 'created', f.n IS NOT NULL))
    FROM input i LEFT JOIN creators f ON i.problem IS NULL AND f.n = i.n ORDER BY i.n;
END
$$;

-- 010's enroll, with the two savings above.
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
    data_text text;
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
    data_text := enroll.data::text;
    IF octet_length(data_text) > sequencer.size_floor() OR octet_length(enroll.event::text) > sequencer.size_floor() THEN
        SELECT l.data, l.event INTO limits FROM sequencer.size_limits l;
        problem := coalesce('data: ' || sequencer.size_problem(enroll.data, limits.data, 'subjectDataMaxBytes'),
                            'event: ' || sequencer.size_problem(enroll.event, limits.event, 'eventMaxBytes'));
        IF problem IS NOT NULL THEN
            RAISE invalid_parameter_value USING MESSAGE = problem;
        END IF;
    END IF;
    -- SQL NULL and JSON null read as {}, as enroll_batch reads a null member.
    patch := coalesce(nullif(enroll.data, 'null'), '{}');
    -- A JSON text without "null" has no null member to delete: merge_data (and its jsonpath test)
    -- is skipped.
    clean := CASE WHEN strpos(data_text, 'null') > 0 THEN sequencer.merge_data('{}', patch) ELSE patch END;
    IF enroll.idempotency_key IS NULL THEN
        -- The common call, a new subject, takes one statement: it inserts the subject and, with
        -- the sequence's latest version, its first runner (the subject's id) and the history
        -- line, which returns the runner. A new subject has no earlier runner to apply re-entry
        -- to, and its data is within the size limit checked above. For a subject that exists it
        -- inserts nothing, and the path below decides; for an unknown sequence it inserts only
        -- the subject, and the path below raises 22023, which undoes it with the rest of the call.
        WITH target AS (
            SELECT q.version, q.entry_step, q.entry_goals
            FROM sequencer.sequences q WHERE q.name = enroll.sequence ORDER BY q.version DESC LIMIT 1
        ), created AS (
            INSERT INTO sequencer.subjects (id, data) VALUES (enroll.subject, clean)
            ON CONFLICT (id) DO NOTHING RETURNING id
        ), inserted AS (
            INSERT INTO sequencer.runners (id, subject_id, sequence_name, sequence_version, step, event, cancellation_key,
                                           step_entered_at, wake_at, goals_reached, enrolled_at)
            SELECT c.id, c.id, enroll.sequence, t.version, t.entry_step, coalesce(nullif(enroll.event, 'null'), '{}'), enroll.cancellation_key,
                   enroll.at, '-infinity', t.entry_goals, enroll.at
            FROM created c CROSS JOIN target t
            ON CONFLICT (id) DO NOTHING RETURNING id, sequence_version, step
        )
        INSERT INTO sequencer.runner_history (runner_id, subject_id, sequence_name, sequence_version, from_step, to_step, action, at)
        SELECT i.id, i.id, enroll.sequence, i.sequence_version, NULL, i.step, 'enrolled', enroll.at FROM inserted i
        RETURNING runner_id, sequence_version INTO runner, version;
        IF runner IS NOT NULL THEN
            RETURN sequencer.enrolled(runner, enroll.subject, enroll.sequence, version);
        END IF;
    END IF;
    SELECT q.version, q.entry_step, q.entry_goals, q.reentry, q.reentry_after_seconds
    INTO version, entry_step, entry_goals, reentry, reentry_after
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
    -- subject decide re-entry one after the other. Data that would grow past the size limit
    -- raises 22023 (checked_data).
    INSERT INTO sequencer.subjects AS s (id, data) VALUES (enroll.subject, clean)
    ON CONFLICT (id) DO UPDATE
        SET data = sequencer.checked_data(s.id, s.data, sequencer.merge_data(s.data, patch), NULL)
        WHERE s.data IS DISTINCT FROM sequencer.merge_data(s.data, patch)
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
                VALUES (runner, enroll.subject, enroll.sequence, version, entry_step, coalesce(nullif(enroll.event, 'null'), '{}'),
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

-- cancel and cancel_by_key: one cancellation through cancel_batch, its refusal raised as 22023
-- naming the field (003 repeated this body in each).
CREATE FUNCTION sequencer.cancel_one(item jsonb, at timestamptz) RETURNS integer
LANGUAGE plpgsql SET search_path = sequencer, pg_temp AS $$
DECLARE
    answer jsonb;
BEGIN
    SELECT a INTO answer FROM sequencer.cancel_batch(jsonb_build_array(item), at) AS a;
    IF answer ? 'error' THEN
        RAISE invalid_parameter_value USING MESSAGE = (answer ->> 'field') || ': ' || (answer ->> 'error');
    END IF;
    RETURN (answer ->> 'cancelled')::integer;
END
$$;
REVOKE EXECUTE ON FUNCTION sequencer.cancel_one(jsonb, timestamptz) FROM PUBLIC;

-- 003's cancel_by_key named "subject" for a NULL key (it stripped the null member, leaving an
-- empty item); now "cancellationKey: is required". cancel(NULL) keeps its "subject: is required"
-- (its item keeps the null subject, so it is not the item with neither member).
CREATE OR REPLACE FUNCTION sequencer.cancel(subject text, sequence text DEFAULT NULL, at timestamptz DEFAULT now()) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = sequencer, pg_temp SET enable_seqscan = off AS $$
BEGIN
    RETURN sequencer.cancel_one(jsonb_strip_nulls(jsonb_build_object('sequence', cancel.sequence))
                                || jsonb_build_object('subject', cancel.subject), cancel.at);
END
$$;

CREATE OR REPLACE FUNCTION sequencer.cancel_by_key(cancellation_key text, at timestamptz DEFAULT now()) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = sequencer, pg_temp SET enable_seqscan = off AS $$
BEGIN
    RETURN sequencer.cancel_one(jsonb_build_object('cancellationKey', cancel_by_key.cancellation_key), cancel_by_key.at);
END
$$;

-- The error of an enrolment naming a sequence that does not exist — or, for a name that breaks
-- the identifier rule, that rule (003's text named the missing sequence only, so `" trial"` got
-- "no sequence named" on the common path and "must not start or end with white space" on the
-- path with an idempotency key). Called only when no sequence was found, so the rule costs the
-- common call nothing.
CREATE OR REPLACE FUNCTION sequencer.unknown_sequence(sequence text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(sequencer.text_problem(sequence, true),
                    format('no sequence named "%s" (apply it first: sequencer sequences apply FILE)', sequence))
$$;
