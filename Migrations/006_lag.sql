-- Sequencer schema, version 6: a runner woken by a change of its subject's data is due from the
-- moment of the change. The tick's Lag metric (docs/operations.md, "Metrics") counts a runner due
-- at once (wake_at = -infinity) from its updated_at; the wake-up now sets it.

CREATE OR REPLACE FUNCTION sequencer.subject_data_changed() RETURNS trigger
LANGUAGE plpgsql SET search_path = sequencer, pg_temp SET enable_seqscan = off AS $$
BEGIN
    IF NEW.data IS DISTINCT FROM OLD.data THEN
        NEW.data_revision := OLD.data_revision + 1;
        NEW.updated_at := now();
        UPDATE sequencer.runners SET wake_at = '-infinity', data_revision = data_revision + 1, updated_at = now()
        WHERE subject_id = NEW.id AND status = 'active';
    END IF;
    RETURN NEW;
END
$$;
