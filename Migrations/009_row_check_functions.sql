-- Sequencer schema, version 9: the row rules of subjects and runners as one function call each
-- (issue 13; bench/entry.sh, figures in bench/results.md). Nothing a caller sees changes: the same
-- rules, and a write that breaks one still fails with check_violation (23514) naming
-- <table>_row_check.
--
-- PostgreSQL reads a CHECK constraint's stored expression tree, plans it and compiles it again at
-- the start of every statement that writes the table. For the expressions of migration 008 that
-- was about 18 µs per statement, paid on every call of the per-row entry point
-- (sequencer.enroll writes subjects and runners once per subject): a quarter of its time. A call
-- of a PL/pgSQL function is a much smaller tree; PL/pgSQL keeps the compiled body for the session,
-- and evaluating it costs about 1 µs per row written.

-- The rule for a subject: an id of 1–200 characters, data a JSON object.
CREATE FUNCTION sequencer.subject_row_ok(id text, data jsonb) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN id <> '' AND length(id) <= 200 AND jsonb_typeof(data) = 'object';
END
$$;

-- The rule for a runner: an id of 1–200 characters, a known status, an event that is a JSON object,
-- and no cancellation key or one of 1–200 characters.
CREATE FUNCTION sequencer.runner_row_ok(id text, status text, event jsonb, cancellation_key text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN id <> '' AND length(id) <= 200
        AND status IN ('active', 'completed', 'failed', 'cancelled', 'exited')
        AND jsonb_typeof(event) = 'object'
        AND (cancellation_key IS NULL OR (cancellation_key <> '' AND length(cancellation_key) <= 200));
END
$$;

ALTER TABLE sequencer.subjects
    DROP CONSTRAINT subjects_row_check,
    ADD CONSTRAINT subjects_row_check CHECK (sequencer.subject_row_ok(id, data));
ALTER TABLE sequencer.runners
    DROP CONSTRAINT runners_row_check,
    ADD CONSTRAINT runners_row_check CHECK (sequencer.runner_row_ok(id, status, event, cancellation_key));

-- PostgreSQL calls a CHECK constraint's function with the rights of the role that writes the row,
-- so the functions are not executable by PUBLIC (migration 005's rule) but by each role already
-- allowed to insert into or update the table (the runtime role of `sequencer grants` updates
-- runners): a database migrated under running Lambda functions keeps working.
REVOKE EXECUTE ON FUNCTION sequencer.subject_row_ok(text, jsonb) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION sequencer.runner_row_ok(text, text, jsonb, text) FROM PUBLIC;
DO $$
DECLARE
    writer record;
BEGIN
    FOR writer IN
        SELECT DISTINCT CASE WHEN c.relname = 'subjects' THEN 'sequencer.subject_row_ok(text, jsonb)'
                             ELSE 'sequencer.runner_row_ok(text, text, jsonb, text)' END AS function,
               CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END AS grantee
        FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee
        WHERE c.oid IN ('sequencer.subjects'::regclass, 'sequencer.runners'::regclass)
          AND a.privilege_type IN ('INSERT', 'UPDATE') AND a.grantee <> c.relowner
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %s', writer.function, writer.grantee);
    END LOOP;
END
$$;
