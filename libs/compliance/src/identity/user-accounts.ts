import { AuditEntry, AuditTrail } from '@revcycle/runtime';
import {
  LockoutPolicy,
  PortalRole,
  USER_NAME,
  afterFailure,
  hashPassword,
  isLocked,
  needsSecondFactor,
  oneTimePassword,
  passwordMatches,
  passwordProblem,
} from '@revcycle/identity';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { ExpiredSession, SessionPolicy } from './portal-sessions';

/** One account as sign-in reads it. */
export interface UserAccount {
  id: string;
  userName: string;
  role: PortalRole;
  passwordHash: string;
  mustChangePassword: boolean;
  failedAttempts: number;
  lockedUntil: Date | null;
  totpSecret: string | null;
  totpPendingSecret: string | null;
  totpLastStep: number | null;
}

/** Where a signed-in person stands: only `active` sessions reach the API. */
export type SessionStage = 'active' | 'password-change' | 'second-factor' | 'second-factor-enrollment';

/** Where the request came from, for the audit entry (never the password or the user name typed). */
export interface SignInSource {
  ip?: string;
  requestId?: string;
  operation: string;
}

export class AccountProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const COLUMNS = `id, user_name, role, password_hash, must_change_password, failed_attempts, locked_until,
  totp_secret, totp_pending_secret, totp_last_step`;

interface AccountRow {
  id: string;
  user_name: string;
  role: PortalRole;
  password_hash: string;
  must_change_password: boolean;
  failed_attempts: number;
  locked_until: Date | null;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: string | null;
}

const accountOf = (r: AccountRow): UserAccount => ({
  id: r.id,
  userName: r.user_name,
  role: r.role,
  passwordHash: r.password_hash,
  mustChangePassword: r.must_change_password,
  failedAttempts: r.failed_attempts,
  lockedUntil: r.locked_until,
  totpSecret: r.totp_secret,
  totpPendingSecret: r.totp_pending_secret,
  totpLastStep: r.totp_last_step === null ? null : Number(r.totp_last_step),
});

/** The stage a session starts in or moves to once a step is done: second factor, then a new password. */
export function nextStage(
  account: Pick<UserAccount, 'role' | 'mustChangePassword' | 'totpSecret'>,
  secondFactorDone: boolean,
): SessionStage {
  if (needsSecondFactor(account.role) && !secondFactorDone)
    return account.totpSecret ? 'second-factor' : 'second-factor-enrollment';
  return account.mustChangePassword ? 'password-change' : 'active';
}

/** Sign-in outcomes the portal tells apart (a wrong name and a wrong password look the same). */
export type SignInResult =
  | { ok: true; account: UserAccount; stage: SessionStage }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; lockedUntil: Date };

/**
 * The accounts table and the sign-in decision (compliance schema). Everything that authenticates a
 * person is audited through compliance's own outbox, in the transaction that decides it.
 */
export class UserAccounts {
  /** A real hash to verify against when the user name is unknown: both answers take as long. */
  private decoy?: Promise<string>;

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditTrail,
    readonly lockout: LockoutPolicy,
  ) {}

  async findByName(
    userName: string,
    manager: EntityManager = this.db.manager,
  ): Promise<UserAccount | undefined> {
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM compliance.user_account WHERE lower(user_name) = lower($1)`,
      [userName],
    )) as AccountRow[];
    return rows[0] ? accountOf(rows[0]) : undefined;
  }

  async findById(id: string, manager: EntityManager = this.db.manager): Promise<UserAccount | undefined> {
    const rows = (await manager.query(`SELECT ${COLUMNS} FROM compliance.user_account WHERE id = $1`, [
      id,
    ])) as AccountRow[];
    return rows[0] ? accountOf(rows[0]) : undefined;
  }

  /**
   * A new account. Without a password it gets a one-time one, returned once, which must be changed
   * at first sign-in; a given password is checked against the policy and kept.
   */
  async create(
    userName: string,
    role: PortalRole,
    by: { id: string; role: 'admin' | 'system' },
    password?: string,
  ): Promise<{ id: string; oneTimePassword?: string }> {
    if (!USER_NAME.test(userName))
      throw new AccountProblem(
        'user',
        'must be 2 to 64 letters, digits or . _ @ - (starting with a letter or digit)',
      );
    const chosen = password ?? oneTimePassword();
    const problem = passwordProblem(chosen, userName);
    if (problem) throw new AccountProblem('password', problem);
    const id = randomUUID();
    const hash = await hashPassword(chosen);
    await this.db.transaction(async (m) => {
      const inserted = (await m.query(
        `INSERT INTO compliance.user_account (id, user_name, role, password_hash, must_change_password)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
        [id, userName, role, hash, password === undefined],
      )) as unknown[];
      if (inserted.length === 0) throw new AccountProblem('user', `a user named ${userName} exists already`);
      await this.audit.record(
        by,
        [{ action: 'create', resourceType: 'UserAccount', resourceId: id, outcome: 'success' }],
        m,
      );
    });
    return { id, ...(password === undefined ? { oneTimePassword: chosen } : {}) };
  }

  /**
   * The first administrator, when there is no account at all: a one-time password to print once.
   * Undefined when any account exists (every later start, and a second instance racing this one).
   */
  async createFirstAdmin(): Promise<string | undefined> {
    const password = oneTimePassword();
    const hash = await hashPassword(password);
    const id = randomUUID();
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('compliance.user_account:first-admin'))`);
      const inserted = (await m.query(
        `INSERT INTO compliance.user_account (id, user_name, role, password_hash, must_change_password)
         SELECT $1, 'admin', 'admin', $2, true WHERE NOT EXISTS (SELECT 1 FROM compliance.user_account)
         RETURNING id`,
        [id, hash],
      )) as unknown[];
      if (inserted.length === 0) return undefined;
      await this.audit.record(
        { id: 'revcycle', role: 'system' },
        [{ action: 'create', resourceType: 'UserAccount', resourceId: id, outcome: 'success' }],
        m,
      );
      return password;
    });
  }

  /**
   * Checks a password under the account's row lock, so parallel guesses each count: a failure adds
   * to the count and may lock the account; a success clears it. Each outcome is audited.
   */
  async signIn(
    userName: string,
    password: string,
    source: SignInSource,
    now = new Date(),
  ): Promise<SignInResult> {
    return this.db.transaction(async (m) => {
      const rows = (await m.query(
        `SELECT ${COLUMNS} FROM compliance.user_account WHERE lower(user_name) = lower($1) FOR UPDATE`,
        [userName],
      )) as AccountRow[];
      const account = rows[0] ? accountOf(rows[0]) : undefined;
      const entry = (
        outcome: AuditEntry['outcome'],
        action: AuditEntry['action'] = 'sign-in',
      ): AuditEntry => ({
        action,
        resourceType: 'Session',
        resourceId: account?.id,
        outcome,
        operation: source.operation,
        requestId: source.requestId,
        sourceIp: source.ip,
      });
      if (!account) {
        await passwordMatches(await this.decoyHash(), password);
        await this.audit.record({ id: 'anonymous', role: 'system' }, [entry('failure')], m);
        return { ok: false, reason: 'invalid' };
      }
      const actor = { id: account.userName, role: account.role };
      if (account.lockedUntil && isLocked(account, now)) {
        // As long as a password check: a quick answer would tell a guesser the name is a real account.
        await passwordMatches(await this.decoyHash(), password);
        await this.audit.record(actor, [entry('refused')], m);
        return { ok: false, reason: 'locked', lockedUntil: account.lockedUntil };
      }
      if (!(await passwordMatches(account.passwordHash, password))) {
        const after = afterFailure(account, this.lockout, now);
        await m.query(
          `UPDATE compliance.user_account SET failed_attempts = $2, locked_until = $3 WHERE id = $1`,
          [account.id, after.failedAttempts, after.lockedUntil],
        );
        await this.audit.record(
          actor,
          after.lockedNow ? [entry('failure'), entry('success', 'lockout')] : [entry('failure')],
          m,
        );
        return after.lockedNow && after.lockedUntil
          ? { ok: false, reason: 'locked', lockedUntil: after.lockedUntil }
          : { ok: false, reason: 'invalid' };
      }
      await m.query(
        `UPDATE compliance.user_account SET failed_attempts = 0, locked_until = NULL WHERE id = $1`,
        [account.id],
      );
      await this.audit.record(actor, [entry('success')], m);
      return { ok: true, account, stage: nextStage(account, false) };
    });
  }

  /** A second-factor failure counts like a wrong password (RFC 6238 §5.2: throttle guessing). */
  async recordSecondFactorFailure(
    account: UserAccount,
    source: SignInSource,
    now = new Date(),
  ): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const rows = (await m.query(`SELECT ${COLUMNS} FROM compliance.user_account WHERE id = $1 FOR UPDATE`, [
        account.id,
      ])) as AccountRow[];
      const current = accountOf(rows[0]);
      const after = afterFailure(current, this.lockout, now);
      await m.query(
        `UPDATE compliance.user_account SET failed_attempts = $2, locked_until = $3 WHERE id = $1`,
        [account.id, after.failedAttempts, after.lockedUntil],
      );
      const base = {
        resourceType: 'Session',
        resourceId: account.id,
        operation: source.operation,
        requestId: source.requestId,
        sourceIp: source.ip,
      };
      await this.audit.record(
        { id: account.userName, role: account.role },
        [
          { ...base, action: 'sign-in', outcome: 'failure' },
          ...(after.lockedNow ? [{ ...base, action: 'lockout' as const, outcome: 'success' as const }] : []),
        ],
        m,
      );
      return after.lockedNow;
    });
  }

  async changePassword(
    account: UserAccount,
    current: string,
    next: string,
    source: SignInSource,
  ): Promise<void> {
    if (!(await passwordMatches(account.passwordHash, current)))
      throw new AccountProblem('currentPassword', 'is not the current password');
    if (current === next) throw new AccountProblem('newPassword', 'must differ from the current password');
    const problem = passwordProblem(next, account.userName);
    if (problem) throw new AccountProblem('newPassword', problem);
    const hash = await hashPassword(next);
    await this.db.transaction(async (m) => {
      await m.query(
        `UPDATE compliance.user_account SET password_hash = $2, must_change_password = false, password_changed_at = now()
         WHERE id = $1`,
        [account.id, hash],
      );
      await this.audit.record(
        { id: account.userName, role: account.role },
        [
          {
            action: 'update',
            resourceType: 'UserPassword',
            resourceId: account.id,
            outcome: 'success',
            operation: source.operation,
            requestId: source.requestId,
            sourceIp: source.ip,
          },
        ],
        m,
      );
    });
  }

  private decoyHash(): Promise<string> {
    return (this.decoy ??= hashPassword(oneTimePassword()));
  }

  async auditSecondFactor(account: UserAccount, source: SignInSource): Promise<void> {
    await this.audit.record({ id: account.userName, role: account.role }, [
      this.sessionEntry(account.id, 'sign-in', source),
    ]);
  }

  async auditSignOut(
    session: { accountId: string; userName: string; role: PortalRole },
    source: SignInSource,
  ): Promise<void> {
    await this.audit.record({ id: session.userName, role: session.role }, [
      this.sessionEntry(session.accountId, 'sign-out', source),
    ]);
  }

  /**
   * HIPAA §164.312(a)(2)(iii) automatic logoff: each session the sweep ended, as its person's
   * sign-out, in the sweep's transaction (ended and audited together, or neither).
   */
  async auditAutomaticLogoff(
    sessions: ExpiredSession[],
    policy: SessionPolicy,
    m: EntityManager,
  ): Promise<void> {
    const operation = (s: ExpiredSession) =>
      s.reason === 'idle'
        ? `automatic logoff: idle ${policy.idleMinutes} minutes`
        : `automatic logoff: session older than ${policy.maxHours} hours`;
    await this.audit.recordAll(
      sessions.map((s) => ({
        actor: { id: s.userName, role: s.role },
        entry: this.sessionEntry(s.accountId, 'sign-out', { operation: operation(s) }),
      })),
      m,
    );
  }

  private sessionEntry(accountId: string, action: 'sign-in' | 'sign-out', source: SignInSource): AuditEntry {
    return {
      action,
      resourceType: 'Session',
      resourceId: accountId,
      outcome: 'success',
      operation: source.operation,
      requestId: source.requestId,
      sourceIp: source.ip,
    };
  }
}
