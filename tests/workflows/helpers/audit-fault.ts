// A SqlDb that behaves like the real one, except that inside a transaction the statement appending
// an audit record first calls `onAudit` (which may throw, or kill the process). Used to prove that a
// workflow change and its audit record commit together or not at all.
import type { Param, Row, SqlDb, SqlQuery } from "@/lib/db/sql";

export function beforeAuditAppend(sql: SqlDb, onAudit: (q: SqlQuery) => Promise<void>): SqlDb {
  const wrap = (q: SqlQuery): SqlQuery => ({
    // The audit append may insert with RETURNING (all) or without (run): both are intercepted.
    all: async <T = Row>(s: string, p?: Param[]) => {
      if (s.includes(`INSERT INTO "AuditEvent"`)) await onAudit(q);
      return q.all<T>(s, p);
    },
    run: async (s: string, p?: Param[]) => {
      if (s.includes(`INSERT INTO "AuditEvent"`)) await onAudit(q);
      return q.run(s, p);
    },
  });
  return {
    dialect: sql.dialect,
    all: <T = Row>(s: string, p?: Param[]) => sql.all<T>(s, p),
    run: (s: string, p?: Param[]) => sql.run(s, p),
    tx: <T>(fn: (q: SqlQuery) => Promise<T>) => sql.tx((q) => fn(wrap(q))),
    now: () => sql.now(),
    close: () => sql.close(),
  };
}
