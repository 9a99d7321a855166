import { PortalRole, newSessionSecret, sessionDigest } from '@revcycle/identity';
import { DataSource, EntityManager } from 'typeorm';
import { SessionStage } from './user-accounts';

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

/** A live session as the guard and the sign-in steps see it. */
export interface LiveSession {
  digest: string;
  accountId: string;
  userName: string;
  role: PortalRole;
  stage: SessionStage;
  csrfDigest: string;
  lastSeenAt: Date;
}

/** A session the automatic logoff ended: idle too long, or past its longest life. */
export interface ExpiredSession {
  accountId: string;
  userName: string;
  role: PortalRole;
  reason: 'idle' | 'expired';
}

/** What the browser is handed once: the session cookie and the CSRF token (only their digests are kept). */
export interface OpenedSession {
  secret: string;
  csrfToken: string;
}

/**
 * Sessions of the compliance schema. Looking one up is also its activity: one UPDATE finds it only
 * while it is neither ended, idle past the automatic-logoff limit (HIPAA §164.312(a)(2)(iii)) nor
 * older than its longest life, and moves its last-seen time, in one round trip.
 */
export class PortalSessions {
  constructor(
    private readonly db: DataSource,
    private readonly policy: SessionPolicy,
  ) {}

  async open(accountId: string, stage: SessionStage): Promise<OpenedSession> {
    const secret = newSessionSecret();
    const csrfToken = newSessionSecret();
    await this.db.query(
      `INSERT INTO compliance.user_session (id_digest, user_id, stage, csrf_digest) VALUES ($1, $2, $3, $4)`,
      [sessionDigest(secret), accountId, stage, sessionDigest(csrfToken)],
    );
    return { secret, csrfToken };
  }

  async touch(secret: string): Promise<LiveSession | undefined> {
    const rows = (await this.db.query(
      `UPDATE compliance.user_session s SET last_seen_at = now()
         FROM compliance.user_account a
        WHERE s.id_digest = $1 AND a.id = s.user_id AND s.ended_at IS NULL
          AND s.last_seen_at > now() - make_interval(mins => $2)
          AND s.created_at > now() - make_interval(hours => $3)
       RETURNING s.id_digest, a.id AS account_id, a.user_name, a.role, s.stage, s.csrf_digest, s.last_seen_at`,
      [sessionDigest(secret), this.policy.idleMinutes, this.policy.maxHours],
    )) as [Array<Record<string, unknown>>, number];
    // TypeORM's query() answers an UPDATE … RETURNING with [rows, affected].
    const row = rows[0]?.[0];
    if (!row) return undefined;
    return {
      digest: row['id_digest'] as string,
      accountId: row['account_id'] as string,
      userName: row['user_name'] as string,
      role: row['role'] as PortalRole,
      stage: row['stage'] as SessionStage,
      csrfDigest: row['csrf_digest'] as string,
      lastSeenAt: row['last_seen_at'] as Date,
    };
  }

  async advance(session: LiveSession, stage: SessionStage): Promise<void> {
    await this.db.query(`UPDATE compliance.user_session SET stage = $2 WHERE id_digest = $1`, [
      session.digest,
      stage,
    ]);
  }

  async end(session: LiveSession, reason: 'signed-out' | 'locked'): Promise<void> {
    await this.db.query(
      `UPDATE compliance.user_session SET ended_at = now(), end_reason = $2 WHERE id_digest = $1 AND ended_at IS NULL`,
      [session.digest, reason],
    );
  }

  /** The session a browser still carries when it signs in again: replaced, never reused (session fixation). */
  async replace(secret: string): Promise<void> {
    await this.db.query(
      `UPDATE compliance.user_session SET ended_at = now(), end_reason = 'replaced' WHERE id_digest = $1 AND ended_at IS NULL`,
      [sessionDigest(secret)],
    );
  }

  /**
   * Ends every session past the automatic-logoff limit or its longest life, once (a second sweep,
   * or another compliance instance, finds it ended): the sessions a browser simply left, which no
   * request will ever end. Returns them, for the audit.
   */
  async expire(m: EntityManager): Promise<ExpiredSession[]> {
    const [rows] = (await m.query(
      `UPDATE compliance.user_session s
          SET ended_at = now(),
              end_reason = CASE WHEN s.created_at <= now() - make_interval(hours => $2) THEN 'expired' ELSE 'idle' END
         FROM compliance.user_account a
        WHERE a.id = s.user_id AND s.ended_at IS NULL
          AND (s.last_seen_at <= now() - make_interval(mins => $1) OR s.created_at <= now() - make_interval(hours => $2))
       RETURNING a.id AS account_id, a.user_name, a.role, s.end_reason`,
      [this.policy.idleMinutes, this.policy.maxHours],
    )) as [Array<Record<string, string>>, number];
    return rows.map((r) => ({
      accountId: r['account_id'],
      userName: r['user_name'],
      role: r['role'] as PortalRole,
      reason: r['end_reason'] as ExpiredSession['reason'],
    }));
  }

  /** Every open session of an account (after a lockout or a password change elsewhere). */
  async endAllOf(accountId: string, reason: 'locked' | 'password-changed', except?: string): Promise<void> {
    await this.db.query(
      `UPDATE compliance.user_session SET ended_at = now(), end_reason = $2
        WHERE user_id = $1 AND ended_at IS NULL AND id_digest <> coalesce($3, '')`,
      [accountId, reason, except ?? null],
    );
  }
}
