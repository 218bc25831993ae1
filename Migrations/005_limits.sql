-- Limits and least privilege. Documented in docs/schema.md and docs/security.md.
--
-- 1. The size limits the entry points enforce (003's view size_limits reads them; the values here
--    are its defaults, as rows so that they can be changed with an UPDATE): bytes of JSON text.
--    Each is a whole number of bytes from 1,024 (size_floor(): smaller values pass without a
--    look at the limits) to 1 GiB (jsonb's own limit is lower).
INSERT INTO sequencer.settings (name, value) VALUES
    ('subjectDataMaxBytes', '262144'),
    ('eventMaxBytes', '65536')
ON CONFLICT (name) DO NOTHING;
ALTER TABLE sequencer.settings ADD CONSTRAINT settings_size_limits CHECK (
    name NOT IN ('subjectDataMaxBytes', 'eventMaxBytes')
    OR (jsonb_typeof(value) = 'number' AND (value::text)::numeric = trunc((value::text)::numeric)
        AND (value::text)::numeric BETWEEN 1024 AND 1073741824));

-- 2. The entry points run with their owner's rights (the role that ran the migrations), so an
--    application's role needs EXECUTE on them and no privilege on the tables they write: it
--    cannot write a runner, a subject or a history line except through their validation. Their
--    search_path is pinned (SET search_path = sequencer, pg_temp) and they build no SQL from
--    values, as SECURITY DEFINER functions must.
ALTER FUNCTION sequencer.enroll(text, text, jsonb, jsonb, text, text, timestamptz) SECURITY DEFINER;
ALTER FUNCTION sequencer.enroll_batch(jsonb, timestamptz) SECURITY DEFINER;
ALTER FUNCTION sequencer.update_subject(text, jsonb) SECURITY DEFINER;
ALTER FUNCTION sequencer.update_subjects(jsonb) SECURITY DEFINER;
ALTER FUNCTION sequencer.cancel(text, text, timestamptz) SECURITY DEFINER;
ALTER FUNCTION sequencer.cancel_by_key(text, timestamptz) SECURITY DEFINER;
ALTER FUNCTION sequencer.cancel_batch(jsonb, timestamptz) SECURITY DEFINER;

-- 3. No function of the schema is executable by every role (PostgreSQL's default for new
--    functions): `sequencer grants` gives EXECUTE to the roles that need it. A later migration
--    that creates a function revokes it from PUBLIC the same way (a test checks; default
--    privileges cannot do it per schema).
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA sequencer FROM PUBLIC;
