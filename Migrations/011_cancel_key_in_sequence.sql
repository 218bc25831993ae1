-- Sequencer schema, version 11: a cancellation by key honours `sequence` (issue 13's cancel).
--
-- `{"cancellationKey": "k", "sequence": "s"}` (the api, `sequencer cancel --key k --sequence s`,
-- a `cancel --file` line) cancelled the key's runners in every sequence and did not check that
-- the sequence exists, while echoing "sequence" in its answer as if it had. Now the sequence
-- narrows a key as it narrows a subject, and an unknown one is refused naming the field, with
-- either form. Nothing else changes.
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

-- Migration 007 replaced cancel_batch without SECURITY DEFINER (005 had set it), so a role with
-- only EXECUTE on it — the application role of `sequencer grants` — could not cancel through it
-- (sequencer.cancel and cancel_by_key, which call it as the owner, could). It is set again above.

-- update_subjects answers "created": true for the item that created the subject, not for every
-- later item of the same subject in the call.
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
    ), creators AS (
        -- The first valid item of each subject the call created: the one that created it.
        SELECT min(i.n) AS n FROM input i JOIN created c ON c.id = i.item ->> 'subject' WHERE i.problem IS NULL GROUP BY c.id
    )
    SELECT coalesce(i.problem, jsonb_build_object('updated', true, 'subject', i.item ->> 'subject', 'created', f.n IS NOT NULL))
    FROM input i LEFT JOIN creators f ON i.problem IS NULL AND f.n = i.n ORDER BY i.n;
END
$$;
