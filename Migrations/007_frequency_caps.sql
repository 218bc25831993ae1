-- Sequencer schema, version 7. Documented in docs/schema.md and docs/entry-points.md.
--
-- 1. Frequency caps (docs/sequences.md, "Frequency caps") count a subject's messages by the
--    instant their ledger row was taken, on the engine clock (a simulated `--now` counts like the
--    real one): `attempted_at`. Existing rows keep `created_at` as theirs.
ALTER TABLE sequencer.deliveries ADD COLUMN attempted_at timestamptz;
UPDATE sequencer.deliveries SET attempted_at = created_at;
ALTER TABLE sequencer.deliveries ALTER COLUMN attempted_at SET DEFAULT now(),
                                 ALTER COLUMN attempted_at SET NOT NULL;
CREATE INDEX deliveries_subject_attempted ON sequencer.deliveries (subject_id, channel, attempted_at);
DROP INDEX sequencer.deliveries_subject;

-- 2. An idempotency key repeated within one enroll_batch call: the first undecided item with the
--    key is the enrolment, the later ones answer what it answered (before, each was enrolled).
--    They are marked decided here ({"repeatOf": n}) so that nothing inserts them, and
--    enrollment_store_keys gives them the first one's answer.
CREATE OR REPLACE FUNCTION sequencer.enrollment_claim_keys(work sequencer.enrollment[]) RETURNS sequencer.enrollment[]
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
                   CASE WHEN w.answer IS NOT NULL OR w.idempotency_key IS NULL THEN w.answer
                        WHEN NOT w.idempotency_key = ANY (owned) THEN k.answer
                        WHEN w.first_n <> w.n THEN jsonb_build_object('repeatOf', w.first_n)
                   END)::sequencer.enrollment
        FROM (SELECT u.*, min(u.n) FILTER (WHERE u.answer IS NULL) OVER (PARTITION BY u.idempotency_key) AS first_n
              FROM unnest(work) u) w
        LEFT JOIN idempotency_keys k ON k.key = w.idempotency_key ORDER BY w.n);
END
$$;

-- 3. Cancelling in a sequence that does not exist is refused, naming the field, as enrolling in
--    one is (before, it answered "cancelled": 0 and a typo went unnoticed).
CREATE OR REPLACE FUNCTION sequencer.cancel_batch(items jsonb, at timestamptz DEFAULT now()) RETURNS SETOF jsonb
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
                 FROM sequencer.identifier_problem(e.item -> 'sequence', false) AS p WHERE p IS NOT NULL),
                (SELECT jsonb_build_object('error', sequencer.unknown_sequence(e.item ->> 'sequence'), 'field', 'sequence')
                 WHERE e.item ->> 'sequence' IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM sequences s WHERE s.name = e.item ->> 'sequence')))
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
