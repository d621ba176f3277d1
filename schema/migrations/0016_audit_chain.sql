-- A tamper-evident audit trail (issue 13 item 4). The database itself keeps
-- complaint_events and personal_data_views append-only and hash-chains their rows per
-- complaint, so a change made by going around the hub (a console, a script, SQL
-- injection) is refused, and one made by the table owner with the triggers switched off is
-- found by `npm run hub -- audit verify`.
--
-- Per complaint, for both tables: the timeline and the "who saw this citizen's data" list
-- are read per complaint, retention can only ever be per complaint (a whole chain goes, no
-- other chain breaks), and two complaints never wait for each other. A global chain would
-- make every staff view in the country queue behind one lock.
--
-- seq numbers a chain 1, 2, 3…: the bigserial id is taken before the trigger runs, so under
-- concurrency id order and chain order can differ; a missing seq is a deleted row.
ALTER TABLE "complaint_events" ADD COLUMN "seq" integer;--> statement-breakpoint
ALTER TABLE "complaint_events" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "complaint_events" ADD COLUMN "hash" text;--> statement-breakpoint
ALTER TABLE "personal_data_views" ADD COLUMN "seq" integer;--> statement-breakpoint
ALTER TABLE "personal_data_views" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "personal_data_views" ADD COLUMN "hash" text;--> statement-breakpoint
-- The canonical text of a row: a JSON array (jsonb's text form is deterministic: keys
-- sorted, one spelling per number), times in UTC microseconds so the session's TimeZone
-- never changes a hash. Immutable inputs only; the verifier calls the same functions.
CREATE FUNCTION audit_event_text(id bigint, complaint_id uuid, seq integer, actor_kind text, actor_id uuid, type text,
  from_status text, to_status text, data jsonb, visible_to_citizen boolean, at timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_array('complaint_events', id, complaint_id, seq, actor_kind, actor_id, type, from_status, to_status, data,
    visible_to_citizen, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text
$$;--> statement-breakpoint
CREATE FUNCTION audit_view_text(id bigint, complaint_id uuid, seq integer, staff_id uuid, fields text[], at timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_array('personal_data_views', id, complaint_id, seq, staff_id, to_jsonb(fields),
    to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text
$$;--> statement-breakpoint
-- hash = sha256(previous hash (empty for the first row) || newline || canonical text), hex.
CREATE FUNCTION audit_link(prev text, body text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(coalesce(prev, '') || E'\n' || body, 'UTF8')), 'hex')
$$;--> statement-breakpoint
-- Existing rows: chained in the order they were written (id).
WITH c AS (
  SELECT id, row_number() OVER (PARTITION BY complaint_id ORDER BY id)::int AS seq FROM complaint_events
)
UPDATE complaint_events e SET seq = c.seq FROM c WHERE c.id = e.id;--> statement-breakpoint
WITH c AS (
  SELECT id, row_number() OVER (PARTITION BY complaint_id ORDER BY id)::int AS seq FROM personal_data_views
)
UPDATE personal_data_views v SET seq = c.seq FROM c WHERE c.id = v.id;--> statement-breakpoint
-- Each hash needs the one before it, so the backfill walks every chain row by row.
DO $$
DECLARE r record; prev text; last_complaint uuid;
BEGIN
  FOR r IN SELECT * FROM complaint_events ORDER BY complaint_id, seq LOOP
    IF last_complaint IS DISTINCT FROM r.complaint_id THEN prev := NULL; last_complaint := r.complaint_id; END IF;
    UPDATE complaint_events SET prev_hash = prev,
      hash = audit_link(prev, audit_event_text(r.id, r.complaint_id, r.seq, r.actor_kind, r.actor_id, r.type, r.from_status,
        r.to_status, r.data, r.visible_to_citizen, r.at))
    WHERE id = r.id RETURNING hash INTO prev;
  END LOOP;
  last_complaint := NULL;
  FOR r IN SELECT * FROM personal_data_views ORDER BY complaint_id, seq LOOP
    IF last_complaint IS DISTINCT FROM r.complaint_id THEN prev := NULL; last_complaint := r.complaint_id; END IF;
    UPDATE personal_data_views SET prev_hash = prev,
      hash = audit_link(prev, audit_view_text(r.id, r.complaint_id, r.seq, r.staff_id, r.fields, r.at))
    WHERE id = r.id RETURNING hash INTO prev;
  END LOOP;
END $$;--> statement-breakpoint
-- The defaults only let writers leave the columns out: the trigger always replaces them.
ALTER TABLE "complaint_events" ALTER COLUMN "seq" SET DEFAULT 0;--> statement-breakpoint
ALTER TABLE "complaint_events" ALTER COLUMN "seq" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "complaint_events" ALTER COLUMN "hash" SET DEFAULT '';--> statement-breakpoint
ALTER TABLE "complaint_events" ALTER COLUMN "hash" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "personal_data_views" ALTER COLUMN "seq" SET DEFAULT 0;--> statement-breakpoint
ALTER TABLE "personal_data_views" ALTER COLUMN "seq" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "personal_data_views" ALTER COLUMN "hash" SET DEFAULT '';--> statement-breakpoint
ALTER TABLE "personal_data_views" ALTER COLUMN "hash" SET NOT NULL;--> statement-breakpoint
-- The backstop: should two writers ever read the same chain end, one fails instead of
-- the chain forking.
CREATE UNIQUE INDEX "complaint_events_chain_idx" ON "complaint_events" USING btree ("complaint_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "personal_data_views_chain_idx" ON "personal_data_views" USING btree ("complaint_id","seq");--> statement-breakpoint
-- BEFORE INSERT, per row, so any insert shape chains: one row, a CTE, insert … select over
-- jsonb_to_recordset (rows are handled in the statement's order, and each sees the rows
-- already inserted before it). Whatever the writer put in seq/prev_hash/hash is replaced.
--
-- Serialising writers of one chain: an event insert takes the complaint row's
-- FOR NO KEY UPDATE lock, the lock every complaint UPDATE already takes, so writers that
-- update the complaint first (transitions, the SLA sweep) gain no new lock and no new lock
-- order; a writer that waited then reads the chain end with a fresh snapshot (READ
-- COMMITTED), and under REPEATABLE READ the lock fails with a serialization error rather
-- than forking. The intake CTE inserts the complaint in the same statement: the row is
-- then visible to the trigger and locked by its own transaction.
CREATE FUNCTION complaint_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE last record;
BEGIN
  PERFORM 1 FROM complaints WHERE id = NEW.complaint_id FOR NO KEY UPDATE;
  SELECT e.seq, e.hash INTO last FROM complaint_events e WHERE e.complaint_id = NEW.complaint_id ORDER BY e.seq DESC LIMIT 1;
  NEW.seq := coalesce(last.seq, 0) + 1;
  NEW.prev_hash := last.hash;
  NEW.hash := audit_link(last.hash, audit_event_text(NEW.id, NEW.complaint_id, NEW.seq, NEW.actor_kind, NEW.actor_id, NEW.type,
    NEW.from_status, NEW.to_status, NEW.data, NEW.visible_to_citizen, NEW.at));
  RETURN NEW;
END $$;--> statement-breakpoint
-- Views are written while reading a complaint, by transactions that do not otherwise lock
-- it: a transaction-scoped advisory lock on the chain serialises them without blocking
-- (or being blocked by) the complaint's own updates.
CREATE FUNCTION personal_data_views_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE last record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('personal_data_views:' || NEW.complaint_id::text, 0));
  SELECT v.seq, v.hash INTO last FROM personal_data_views v WHERE v.complaint_id = NEW.complaint_id ORDER BY v.seq DESC LIMIT 1;
  NEW.seq := coalesce(last.seq, 0) + 1;
  NEW.prev_hash := last.hash;
  NEW.hash := audit_link(last.hash, audit_view_text(NEW.id, NEW.complaint_id, NEW.seq, NEW.staff_id, NEW.fields, NEW.at));
  RETURN NEW;
END $$;--> statement-breakpoint
-- No application code updates or deletes either table (retention covers sessions, codes
-- and rate-limit windows only). Removing rows is a deliberate, separately privileged act:
-- the table owner disables this trigger inside a maintenance transaction (README, "Audit
-- trail"), and `audit verify` shows what went.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER complaint_events_chain BEFORE INSERT ON complaint_events FOR EACH ROW EXECUTE FUNCTION complaint_events_chain();--> statement-breakpoint
CREATE TRIGGER personal_data_views_chain BEFORE INSERT ON personal_data_views FOR EACH ROW EXECUTE FUNCTION personal_data_views_chain();--> statement-breakpoint
CREATE TRIGGER complaint_events_append_only BEFORE UPDATE OR DELETE ON complaint_events FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();--> statement-breakpoint
CREATE TRIGGER personal_data_views_append_only BEFORE UPDATE OR DELETE ON personal_data_views FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
