-- Sequencer schema, version 10: the entry points' speed when every subject is new (issue 13;
-- bench/entry.sh, figures in bench/results.md). Nothing a caller sees changes: the same rules,
-- answers and errors.
--
-- 1. sequencer.enroll's one statement for a new subject ends with the history INSERT and takes
--    the runner and version from its RETURNING: no outer SELECT, sub-plan or second scan of the
--    sequence's row per call (about 1.7 µs of its ~35). The other paths read the sequence as before.
-- 2. merge_patches writes a new subject's only patch as it is: each patch was checked against
--    the size limit by its caller (enrollment_parse, update_subjects), so only a subject merging
--    several patches, or an existing one, goes through checked_data. merge_data merges a patch
--    that deletes no key (has_nulls) with || alone, for every caller.
-- 3. enroll_batch knows, from the subjects merge_patches created, whether every undecided item
--    is a different, new subject (the common bulk enrolment). Then no re-entry rule can refuse
--    one, so the re-entry pass and the test for it are skipped, and enrollment_insert numbers the
--    items of a subject without sorting them by subject (a window over 100,000 items). Whether
--    a runner already has the subject's id is looked up per item with the primary key: as an
--    EXISTS test PostgreSQL may plan it as a hash of the whole runners table, built per call.

-- 1.
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
    clean := CASE WHEN sequencer.has_nulls(patch) THEN sequencer.merge_data('{}', patch) ELSE patch END;
    IF enroll.idempotency_key IS NULL THEN
        -- The common call, a new subject, takes one statement: it reads the sequence's latest
        -- version and inserts the subject, its first runner (the subject's id) and the history
        -- line, which returns the runner. A new subject has no earlier runner to apply re-entry
        -- to, and its data is within the size limit checked above. For a subject that exists (or
        -- an unknown sequence) it inserts nothing, and the path below decides.
        WITH target AS (
            SELECT q.version, q.entry_step, q.entry_goals
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

-- 2. Callers check each patch against the size limit (settings.subjectDataMaxBytes) before they
--    call; a subject merging several patches, or an existing one, is checked after the merge.
--    Whether a patch deletes keys (a member that is JSON null) is one jsonpath test, and
--    merge_data merges a patch that deletes none with || alone: it listed the patch's members in
--    a sub-query per row (10,000 updates of existing subjects: 345 -> 285 ms).

-- Whether a JSON object has a member that is JSON null (one that a patch deletes). Strict mode:
-- a null inside an array member does not count.
CREATE FUNCTION sequencer.has_nulls(value jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT value @? 'strict $.* ? (@ == null)'
$$;
REVOKE EXECUTE ON FUNCTION sequencer.has_nulls(jsonb) FROM PUBLIC;

-- merge_data of a patch that deletes keys: 003's body. Its sub-query keeps PostgreSQL from
-- inlining it, so it is a function call of its own, made only for such a patch.
CREATE FUNCTION sequencer.merge_with_deletions(old jsonb, patch jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (old || patch) - ARRAY(SELECT key FROM jsonb_each(patch) WHERE jsonb_typeof(value) = 'null')
$$;
REVOKE EXECUTE ON FUNCTION sequencer.merge_with_deletions(jsonb, jsonb) FROM PUBLIC;

-- Top-level keys of `patch` replace those of `old`; a member that is JSON null deletes the key.
-- Without a sub-query PostgreSQL inlines it: a patch that deletes nothing costs one `||`.
CREATE OR REPLACE FUNCTION sequencer.merge_data(old jsonb, patch jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN sequencer.has_nulls(patch) THEN sequencer.merge_with_deletions(old, patch) ELSE old || patch END
$$;

CREATE OR REPLACE FUNCTION sequencer.merge_patches(patches sequencer.subject_patch[]) RETURNS text[]
LANGUAGE plpgsql SET search_path = sequencer, pg_temp SET enable_seqscan = off SET work_mem = '64MB' SET jit = off AS $$
DECLARE
    created text[];
    stripping boolean;
    max integer := (SELECT l.data FROM sequencer.size_limits l);
BEGIN
    -- The patch goes in as the new row's data and, on a conflict, as EXCLUDED.data to merge.
    -- Data that would grow past the size limit raises 22023 (checked_data).
    WITH merged AS (
        SELECT p.subject_id, sequencer.patch_agg(p.patch ORDER BY p.n) AS patch, count(*) AS parts
        FROM unnest(patches) WITH ORDINALITY AS p(subject_id, patch, n) GROUP BY p.subject_id
    ), written AS (
        INSERT INTO sequencer.subjects AS s (id, data)
        SELECT m.subject_id, CASE WHEN m.parts = 1 THEN m.patch ELSE sequencer.checked_data(m.subject_id, NULL, m.patch, max) END
        FROM merged m ORDER BY m.subject_id
        ON CONFLICT (id) DO UPDATE SET data = sequencer.checked_data(s.id, s.data, sequencer.merge_data(s.data, EXCLUDED.data), max)
            WHERE s.data IS DISTINCT FROM sequencer.merge_data(s.data, EXCLUDED.data)
        RETURNING s.id, (s.xmax = 0) AS inserted, s.xmax = 0 AND sequencer.has_nulls(s.data) AS nulls
    )
    SELECT coalesce(array_agg(w.id) FILTER (WHERE w.inserted), '{}'), coalesce(bool_or(w.inserted AND w.nulls), false)
    INTO created, stripping FROM written w;
    -- New subjects whose patch deleted keys (rare): drop the nulls.
    IF stripping THEN
        UPDATE sequencer.subjects s SET data = sequencer.merge_data('{}', s.data)
        FROM unnest(created) c(id)
        WHERE s.id = c.id AND sequencer.has_nulls(s.data);
    END IF;
    RETURN created;
END
$$;

-- 3. enrollment_insert learns whether every undecided item is a different subject.
DROP FUNCTION sequencer.enrollment_insert(sequencer.enrollment[], timestamptz);

-- Inserts a runner (and its `enrolled` history line) for every item still undecided. A
-- subject's first runner takes the subject's id (as every runner did before subjects had
-- several); later ones get a generated id. `distinct_subjects`: no two undecided items share a
-- subject, so each is its subject's first item of the call (no numbering by subject needed).
CREATE FUNCTION sequencer.enrollment_insert(work sequencer.enrollment[], at timestamptz, distinct_subjects boolean)
RETURNS sequencer.enrollment[]
LANGUAGE plpgsql SET search_path = sequencer, pg_temp SET enable_seqscan = off SET work_mem = '64MB' SET jit = off AS $$
DECLARE
    result sequencer.enrollment[];
BEGIN
    WITH items AS (
        SELECT w.*, CASE WHEN w.answer IS NOT NULL THEN NULL
                         -- A scalar sub-query, which PostgreSQL cannot turn into a hash of every runner.
                         WHEN w.rank = 1 AND (SELECT true FROM sequencer.runners r WHERE r.id = w.subject_id) IS NULL THEN w.subject_id
                         ELSE gen_random_uuid()::text END AS runner_id
        FROM (SELECT u.*, 1::bigint AS rank FROM unnest(work) u WHERE distinct_subjects
              UNION ALL
              SELECT u.*, row_number() OVER (PARTITION BY u.subject_id, u.answer IS NULL ORDER BY u.n)
              FROM unnest(work) u WHERE NOT distinct_subjects) w
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
REVOKE EXECUTE ON FUNCTION sequencer.enrollment_insert(sequencer.enrollment[], timestamptz, boolean) FROM PUBLIC;

CREATE OR REPLACE FUNCTION sequencer.enroll_batch(items jsonb, at timestamptz DEFAULT now()) RETURNS SETOF jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = sequencer, pg_temp SET enable_seqscan = off SET work_mem = '64MB' SET jit = off AS $$
DECLARE
    work sequencer.enrollment[];
    patches sequencer.subject_patch[];
    created text[];
    all_new boolean;
BEGIN
    IF jsonb_typeof(items) IS DISTINCT FROM 'array' THEN
        RAISE invalid_parameter_value USING MESSAGE = 'items: must be a JSON array of enrolments';
    END IF;
    work := sequencer.enrollment_parse(items);
    IF EXISTS (SELECT 1 FROM unnest(work) w WHERE w.answer IS NULL AND w.idempotency_key IS NOT NULL) THEN
        work := sequencer.enrollment_claim_keys(work);
    END IF;
    patches := ARRAY(SELECT ROW(w.subject_id, w.data)::sequencer.subject_patch FROM unnest(work) w WHERE w.answer IS NULL ORDER BY w.n);
    created := sequencer.merge_patches(patches);
    -- As many subjects created as undecided items: each item is a different, new subject, with
    -- no runner a re-entry rule could refuse it for.
    all_new := cardinality(created) = cardinality(patches);
    IF NOT all_new AND EXISTS (
        SELECT FROM unnest(work) w LEFT JOIN unnest(created) c(id) ON c.id = w.subject_id
        WHERE w.answer IS NULL AND (w.reentry <> 'always' OR w.reentry_after > 0)
        GROUP BY w.subject_id, w.sequence_name HAVING count(*) > 1 OR bool_or(c.id IS NULL)
    ) THEN
        work := sequencer.enrollment_admit(work, created, at);
    END IF;
    work := sequencer.enrollment_insert(work, at, all_new);
    IF EXISTS (SELECT 1 FROM unnest(work) w WHERE w.idempotency_key IS NOT NULL) THEN
        work := sequencer.enrollment_store_keys(work);
    END IF;
    RETURN QUERY SELECT w.answer FROM unnest(work) w ORDER BY w.n;
END
$$;
