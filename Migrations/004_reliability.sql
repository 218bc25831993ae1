-- Sequencer schema, version 4: what the delivery guarantee needs to be precise
-- (docs/reliability.md): an `uncertain` ledger status for messages that may have been sent, an
-- id per ledger row for operators (`sequencer outbox resend ID`), and when a waiting runner was
-- last looked at (`checked_at`, for `sequencer explain`).

ALTER TABLE sequencer.deliveries
    DROP CONSTRAINT deliveries_status_check,
    ADD CONSTRAINT deliveries_status_check CHECK (status IN ('pending', 'sent', 'failed', 'uncertain')),
    ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY,
    ADD COLUMN resent_at timestamptz;
ALTER TABLE sequencer.deliveries ADD CONSTRAINT deliveries_id_key UNIQUE (id);

-- Deliveries an operator looks at: maybe sent, failed, or in flight.
CREATE INDEX deliveries_open ON sequencer.deliveries (status, created_at) WHERE status <> 'sent';

-- When the tick last looked at the runner (engine clock): a wait that keeps answering "not yet"
-- shows when it was last checked.
ALTER TABLE sequencer.runners ADD COLUMN checked_at timestamptz;
