import { matchingTotpStep, newTotpSecret, otpauthUri } from '@revcycle/identity';
import { phiColumnContext, phiKeyring } from '@revcycle/security';
import { DataSource } from 'typeorm';
import { UserAccount } from './user-accounts';

const TABLE = 'compliance.user_account';
/** The shared secret is sealed like a PHI column: a copy of the table does not give away codes. */
const seal = (secret: string, column: string, accountId: string) =>
  phiKeyring().encrypt(secret, phiColumnContext(TABLE, column, accountId));
const open = (stored: string, column: string, accountId: string) =>
  phiKeyring().decrypt(stored, phiColumnContext(TABLE, column, accountId));

/** TOTP (RFC 6238) for the roles that must have it: enrollment, then a code at each sign-in. */
export class SecondFactor {
  constructor(
    private readonly db: DataSource,
    private readonly issuer: string,
  ) {}

  /** A new secret, pending until a code from it is confirmed (a typo in the app never locks anyone out). */
  async beginEnrollment(account: UserAccount): Promise<{ secret: string; otpauthUri: string }> {
    const secret = newTotpSecret();
    await this.db.query(`UPDATE ${TABLE} SET totp_pending_secret = $2 WHERE id = $1`, [
      account.id,
      seal(secret, 'totp_pending_secret', account.id),
    ]);
    return { secret, otpauthUri: otpauthUri(this.issuer, account.userName, secret) };
  }

  async confirmEnrollment(account: UserAccount, code: string, now = Date.now()): Promise<boolean> {
    if (!account.totpPendingSecret) return false;
    const secret = open(account.totpPendingSecret, 'totp_pending_secret', account.id);
    const step = matchingTotpStep(secret, code, now);
    if (step === undefined) return false;
    await this.db.query(
      `UPDATE ${TABLE} SET totp_secret = $2, totp_pending_secret = NULL, totp_last_step = $3 WHERE id = $1`,
      [account.id, seal(secret, 'totp_secret', account.id), step],
    );
    return true;
  }

  /** A code is good once: RFC 6238 §5.2 — a step at or before the last accepted one is refused. */
  async verify(account: UserAccount, code: string, now = Date.now()): Promise<boolean> {
    if (!account.totpSecret) return false;
    const step = matchingTotpStep(open(account.totpSecret, 'totp_secret', account.id), code, now);
    if (step === undefined) return false;
    const rows = (await this.db.query(
      `UPDATE ${TABLE} SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)
       RETURNING id`,
      [account.id, step],
    )) as [unknown[], number];
    return rows[0].length === 1;
  }
}
