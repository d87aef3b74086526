import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * observation's references (assignment_id → assignment, run_id → connector_run) checked once per
 * statement instead of once per row. A foreign key runs one lookup-and-lock query per inserted row
 * and per key: for a 10,000-value batch that was about half of PostgreSQL's time storing it
 * (EXPLAIN ANALYZE: 56–199 ms for assignment_id, 6–30 ms for a null run_id, as much again when
 * it is set, against 95–343 ms for the insert itself). The checks below keep what the foreign
 * keys guaranteed, with the same SQLSTATE (23503 foreign_key_violation):
 * - a statement that inserts observations locks the distinct referenced rows FOR KEY SHARE (as
 *   the foreign key does, so they cannot be deleted or their id changed before it commits) and
 *   fails if one is missing;
 * - an update that changes an observation's references checks the new ones the same way (the
 *   application never does; a correction only sets superseded_at, which this does not fire on);
 * - deleting, renumbering or truncating a referenced assignment or run fails while observations
 *   point at it (the foreign keys' NO ACTION; assignment is also guarded by the other tables'
 *   foreign keys).
 */
export class ObservationReferenceChecks1764310000000 implements MigrationInterface {
  name = 'ObservationReferenceChecks1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE observation DROP CONSTRAINT observation_assignment_id_fkey,
                              DROP CONSTRAINT observation_run_id_fkey;

      CREATE FUNCTION observation_references_missing(assignments integer[], runs bigint[]) RETURNS void
        LANGUAGE plpgsql AS $$
      DECLARE
        locked integer;
        missing text;
      BEGIN
        -- locked in id order, as the rows of one table are locked everywhere else
        SELECT count(*) INTO locked FROM (
          SELECT 1 FROM assignment WHERE id = ANY(assignments) ORDER BY id FOR KEY SHARE) l;
        IF locked < cardinality(assignments) THEN
          SELECT min(x)::text INTO missing FROM unnest(assignments) x
           WHERE NOT EXISTS (SELECT 1 FROM assignment a WHERE a.id = x);
          RAISE foreign_key_violation USING
            MESSAGE = 'insert or update on table "observation" violates foreign key constraint "observation_assignment_id_fkey"',
            DETAIL = format('Key (assignment_id)=(%s) is not present in table "assignment".', missing),
            TABLE = 'observation', CONSTRAINT = 'observation_assignment_id_fkey';
        END IF;
        IF cardinality(runs) > 0 THEN
          SELECT count(*) INTO locked FROM (
            SELECT 1 FROM connector_run WHERE id = ANY(runs) ORDER BY id FOR KEY SHARE) l;
          IF locked < cardinality(runs) THEN
            SELECT min(x)::text INTO missing FROM unnest(runs) x
             WHERE NOT EXISTS (SELECT 1 FROM connector_run r WHERE r.id = x);
            RAISE foreign_key_violation USING
              MESSAGE = 'insert or update on table "observation" violates foreign key constraint "observation_run_id_fkey"',
              DETAIL = format('Key (run_id)=(%s) is not present in table "connector_run".', missing),
              TABLE = 'observation', CONSTRAINT = 'observation_run_id_fkey';
          END IF;
        END IF;
      END $$;

      CREATE FUNCTION observation_references_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM observation_references_missing(
          ARRAY(SELECT DISTINCT assignment_id FROM added),
          ARRAY(SELECT DISTINCT run_id FROM added WHERE run_id IS NOT NULL));
        RETURN NULL;
      END $$;

      CREATE FUNCTION observation_references_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM observation_references_missing(
          ARRAY[NEW.assignment_id], ARRAY(SELECT NEW.run_id WHERE NEW.run_id IS NOT NULL));
        RETURN NULL;
      END $$;

      CREATE TRIGGER observation_references_insert AFTER INSERT ON observation
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION observation_references_added();
      CREATE TRIGGER observation_references_update AFTER UPDATE OF assignment_id, run_id ON observation
        FOR EACH ROW WHEN (OLD.assignment_id IS DISTINCT FROM NEW.assignment_id OR OLD.run_id IS DISTINCT FROM NEW.run_id)
        EXECUTE FUNCTION observation_references_changed();

      -- the referenced side: a fresh snapshot per statement sees the observations committed by a
      -- writer whose lock this deletion waited for. Only ids that are gone are looked up, so the
      -- updates of assignments and runs (retiring one, finishing a run) cost nothing.
      CREATE FUNCTION observation_referenced_gone(tbl text, ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        kept bigint;
      BEGIN
        IF cardinality(ids) = 0 THEN
          RETURN;
        END IF;
        IF tbl = 'assignment' THEN
          SELECT assignment_id INTO kept FROM observation WHERE assignment_id = ANY(ids::integer[]) LIMIT 1;
        ELSE
          SELECT run_id INTO kept FROM observation WHERE run_id = ANY(ids) LIMIT 1;
        END IF;
        IF FOUND THEN
          RAISE foreign_key_violation USING
            MESSAGE = format('update or delete on table "%s" violates foreign key constraint "%s" on table "observation"',
                             tbl, CASE tbl WHEN 'assignment' THEN 'observation_assignment_id_fkey' ELSE 'observation_run_id_fkey' END),
            DETAIL = format('Key (id)=(%s) is still referenced from table "observation".', kept),
            TABLE = tbl;
        END IF;
      END $$;

      CREATE FUNCTION observation_referenced_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM observation_referenced_gone(TG_TABLE_NAME::text, ARRAY(SELECT id::bigint FROM gone));
        RETURN NULL;
      END $$;

      CREATE FUNCTION observation_referenced_renumbered() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM observation_referenced_gone(TG_TABLE_NAME::text, ARRAY[OLD.id::bigint]);
        RETURN NULL;
      END $$;

      CREATE FUNCTION observation_referenced_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM observation) THEN
          RAISE feature_not_supported USING
            MESSAGE = format('cannot truncate table "%s" while observations reference it', TG_TABLE_NAME);
        END IF;
        RETURN NULL;
      END $$;

      CREATE TRIGGER observation_referenced_delete AFTER DELETE ON assignment
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION observation_referenced_deleted();
      CREATE TRIGGER observation_referenced_update AFTER UPDATE OF id ON assignment
        FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION observation_referenced_renumbered();
      CREATE TRIGGER observation_referenced_truncate BEFORE TRUNCATE ON assignment
        FOR EACH STATEMENT EXECUTE FUNCTION observation_referenced_truncate();
      CREATE TRIGGER observation_referenced_delete AFTER DELETE ON connector_run
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION observation_referenced_deleted();
      CREATE TRIGGER observation_referenced_update AFTER UPDATE OF id ON connector_run
        FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION observation_referenced_renumbered();
      CREATE TRIGGER observation_referenced_truncate BEFORE TRUNCATE ON connector_run
        FOR EACH STATEMENT EXECUTE FUNCTION observation_referenced_truncate();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER observation_referenced_truncate ON connector_run;
      DROP TRIGGER observation_referenced_update ON connector_run;
      DROP TRIGGER observation_referenced_delete ON connector_run;
      DROP TRIGGER observation_referenced_truncate ON assignment;
      DROP TRIGGER observation_referenced_update ON assignment;
      DROP TRIGGER observation_referenced_delete ON assignment;
      DROP TRIGGER observation_references_update ON observation;
      DROP TRIGGER observation_references_insert ON observation;
      DROP FUNCTION observation_referenced_truncate(), observation_referenced_renumbered(),
        observation_referenced_deleted(), observation_referenced_gone(text, bigint[]), observation_references_changed(),
        observation_references_added(), observation_references_missing(integer[], bigint[]);
      ALTER TABLE observation
        ADD CONSTRAINT observation_assignment_id_fkey FOREIGN KEY (assignment_id) REFERENCES assignment(id),
        ADD CONSTRAINT observation_run_id_fkey FOREIGN KEY (run_id) REFERENCES connector_run(id);
    `);
  }
}
