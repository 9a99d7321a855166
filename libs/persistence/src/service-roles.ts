import type { ServiceSchema } from './data-source';

/**
 * Database roles (issue 7: an audit trail that holds against a database administrator). One
 * NOLOGIN role owns every schema and table; each service runs its queries as its own role, which
 * owns nothing and may only read and write its own schema's rows. compliance's role may only
 * INSERT and SELECT its audit log: PostgreSQL itself refuses it UPDATE, DELETE and TRUNCATE, so a
 * compromised compliance process cannot rewrite history (the trigger is a second line, the owner's).
 */
export const OWNER_ROLE = 'revcycle_owner';

export const serviceRole = (schema: ServiceSchema): string => `revcycle_${schema}`;

/** Tables a service role may only append to and read (never UPDATE, DELETE or TRUNCATE). */
const APPEND_ONLY: Partial<Record<ServiceSchema, string[]>> = { compliance: ['audit_log'] };

/** The migrations table is the owner's: services only read it (to refuse to run on an old schema). */
const READ_ONLY = ['migrations'];

// Roles are cluster-wide: services (and parallel test databases) create them at the same time, so a
// concurrent CREATE ROLE that loses (duplicate_object, or unique_violation on pg_authid) is fine.
const createRole = (role: string) => `DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN
    CREATE ROLE ${role} NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$`;

/**
 * Before the migrations: the roles exist, and the schema exists owned by the owner role. Run by the
 * migrating login (a superuser, or one that may create roles and is a member of revcycle_owner).
 */
export function rolesAndSchemaStatements(schema: ServiceSchema): string[] {
  return [
    createRole(OWNER_ROLE),
    createRole(serviceRole(schema)),
    `CREATE SCHEMA IF NOT EXISTS "${schema}" AUTHORIZATION ${OWNER_ROLE}`,
    `ALTER SCHEMA "${schema}" OWNER TO ${OWNER_ROLE}`,
  ];
}

/**
 * After the migrations: everything in the schema (also what older releases created as the login
 * user) belongs to the owner role, and the service role gets exactly its privileges. Idempotent.
 */
export function ownershipAndGrantStatements(schema: ServiceSchema): string[] {
  const role = serviceRole(schema);
  const appendOnly = APPEND_ONLY[schema] ?? [];
  const restricted = [...appendOnly, ...READ_ONLY];
  return [
    // Tables first: ALTER TABLE … OWNER moves their serial/identity sequences along with them.
    `DO $$ DECLARE r record; BEGIN
      FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
          WHERE c.relnamespace = '"${schema}"'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
            AND c.relowner <> '${OWNER_ROLE}'::regrole LOOP
        EXECUTE format('ALTER %s %s OWNER TO ${OWNER_ROLE}',
          CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                         WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.name);
      END LOOP;
      FOR r IN SELECT c.oid::regclass AS name FROM pg_class c
          WHERE c.relnamespace = '"${schema}"'::regnamespace AND c.relkind = 'S'
            AND c.relowner <> '${OWNER_ROLE}'::regrole LOOP
        EXECUTE format('ALTER SEQUENCE %s OWNER TO ${OWNER_ROLE}', r.name);
      END LOOP;
      FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p
          WHERE p.pronamespace = '"${schema}"'::regnamespace AND p.proowner <> '${OWNER_ROLE}'::regrole LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO ${OWNER_ROLE}', r.name);
      END LOOP;
    END $$`,
    `REVOKE ALL ON SCHEMA "${schema}" FROM PUBLIC`,
    `GRANT USAGE ON SCHEMA "${schema}" TO ${role}`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA "${schema}" FROM ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "${schema}" TO ${role}`,
    ...restricted.map((t) => `REVOKE ALL ON TABLE "${schema}"."${t}" FROM ${role}`),
    ...appendOnly.map((t) => `GRANT SELECT, INSERT ON TABLE "${schema}"."${t}" TO ${role}`),
    ...READ_ONLY.map((t) => `GRANT SELECT ON TABLE "${schema}"."${t}" TO ${role}`),
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "${schema}" TO ${role}`,
  ];
}

/** Whether the current login may create the roles and migrate: a superuser, or a member of the owner role. */
export const MAY_MIGRATE = `SELECT rolsuper OR CASE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = '${OWNER_ROLE}')
  THEN pg_has_role(current_user, '${OWNER_ROLE}', 'USAGE') ELSE false END AS may
  FROM pg_roles WHERE rolname = current_user`;

/** libpq startup options that make every connection of a pool act as `role` from its first query. */
export const actAsRole = (role: string): string => `-c role=${role}`;
