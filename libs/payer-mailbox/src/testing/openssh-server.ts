import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const SSHD = '/usr/sbin/sshd';
const PRIVILEGE_SEPARATION_DIR = '/run/sshd';
const START_TIMEOUT_MS = 10_000;

/** A real OpenSSH server on 127.0.0.1 standing in for a payer's SFTP mailbox, for integration tests. */
export interface OpenSshServer {
  host: string;
  port: number;
  /** The OS user the tests log in as (the current user). */
  username: string;
  /** The private key whose public half is the server's only authorized key (OpenSSH format). */
  privateKeyPem: string;
  /** `SHA256:<base64>` of the server's host key, as `ssh-keygen -l -E sha256` prints it. */
  hostKeySha256: string;
  /** Absolute folder the tests put the mailbox's folders under (the SFTP session starts there). */
  root: string;
  /**
   * The payer's mailbox goes down: sshd and its open sessions are killed (transfers in flight break),
   * the port stops answering; keys and files stay.
   */
  takeDown(): Promise<void>;
  /** Back up on the same port with the same keys (after `takeDown`). */
  bringUp(): Promise<void>;
  /** Kills sshd and removes its temp dir: keys, config and the default `root` (a given `root` stays). */
  stop(): Promise<void>;
}

export interface OpenSshServerOptions {
  /** Folder to serve; default a fresh folder inside the server's temp dir. */
  root?: string;
  /** Port to listen on; default a free one. */
  port?: number;
}

/**
 * Starts `/usr/sbin/sshd -D -e` with its own host key, one authorized user key and internal-sftp,
 * listening on 127.0.0.1 only. Everything lives in a 0700 temp dir that `stop()` removes.
 */
export async function startOpenSshServer(options: OpenSshServerOptions = {}): Promise<OpenSshServer> {
  if (!fs.existsSync(SSHD)) {
    throw new Error(
      `${SSHD} not found: the payer mailbox integration tests need OpenSSH's server ` +
        '(apt-get install openssh-server)',
    );
  }
  ensurePrivilegeSeparationDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-sshd-'));
  fs.chmodSync(dir, 0o700);
  const root = options.root ?? path.join(dir, 'mailbox');
  fs.mkdirSync(root, { recursive: true });
  if (/\s/.test(root)) throw new Error(`sshd test root must not contain spaces: ${root}`);

  const hostKey = generateKey(dir, 'host_ed25519');
  const userKey = generateKey(dir, 'user_ed25519');
  const authorizedKeys = path.join(dir, 'authorized_keys');
  fs.writeFileSync(authorizedKeys, fs.readFileSync(`${userKey}.pub`), { mode: 0o600 });
  const port = options.port ?? (await freeLocalPort());
  const username = os.userInfo().username;
  const configFile = path.join(dir, 'sshd_config');
  fs.writeFileSync(configFile, sshdConfig({ dir, port, hostKey, authorizedKeys, username, root }), {
    mode: 0o600,
  });

  let sshd: ChildProcess | undefined;
  const killOnExit = () => sshd?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const bringUp = async () => {
    if (sshd) return;
    sshd = await runSshd(configFile, port);
  };
  const takeDown = async () => {
    const running = sshd;
    sshd = undefined;
    if (running) await kill(running);
  };
  await bringUp();

  return {
    host: '127.0.0.1',
    port,
    username,
    privateKeyPem: fs.readFileSync(userKey, 'utf8'),
    hostKeySha256: fingerprint(`${hostKey}.pub`),
    root,
    takeDown,
    bringUp,
    stop: async () => {
      await takeDown();
      process.removeListener('exit', killOnExit);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh ed25519 key pair in OpenSSH format, for a "wrong key" client. */
export function generateUserKeyPem(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-ssh-key-'));
  try {
    return fs.readFileSync(generateKey(dir, 'other_ed25519'), 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function sshdConfig(c: {
  dir: string;
  port: number;
  hostKey: string;
  authorizedKeys: string;
  username: string;
  root: string;
}): string {
  return [
    `Port ${c.port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${c.hostKey}`,
    `PidFile ${path.join(c.dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${c.authorizedKeys}`,
    `AllowUsers ${c.username}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // The keys sit in a temp dir whose owner and modes sshd's StrictModes would question.
    'StrictModes no',
    'UseDNS no',
    'PrintMotd no',
    'AllowTcpForwarding no',
    'X11Forwarding no',
    'MaxStartups 100',
    `Subsystem sftp internal-sftp -d ${c.root}`,
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}

function ensurePrivilegeSeparationDir(): void {
  // sshd refuses to start without its (empty, root-owned) privilege separation directory.
  if (!fs.existsSync(PRIVILEGE_SEPARATION_DIR)) {
    fs.mkdirSync(PRIVILEGE_SEPARATION_DIR, { recursive: true, mode: 0o755 });
  }
}

function generateKey(dir: string, name: string): string {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file], { stdio: 'pipe' });
  return file;
}

function fingerprint(publicKeyFile: string): string {
  const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKeyFile], { encoding: 'utf8' });
  const match = /SHA256:[A-Za-z0-9+/]+/.exec(out);
  if (!match) throw new Error(`ssh-keygen printed no SHA256 fingerprint: ${out}`);
  return match[0];
}

function freeLocalPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function runSshd(configFile: string, port: number): Promise<ChildProcess> {
  const child = spawn(SSHD, ['-D', '-e', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    log = (log + chunk).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`sshd exited (${signal ?? code}) before accepting on port ${port}:\n${log}`)),
    );
  });
  exited.catch(() => undefined);
  try {
    await Promise.race([waitForBanner(port), exited]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return child;
}

/** Resolves once something on the port speaks SSH (its identification line). */
async function waitForBanner(port: number): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (await speaksSsh(port)) return;
    if (Date.now() > deadline) throw new Error(`sshd did not answer on 127.0.0.1:${port} in time`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function speaksSsh(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (chunk) => done(chunk.toString('latin1').startsWith('SSH-')));
  });
}

/** Kills the listening sshd, then the session processes it forked (they run in their own sessions). */
async function kill(child: ChildProcess): Promise<void> {
  const sessions = child.pid === undefined ? [] : descendantsOf(child.pid);
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
  for (const pid of sessions) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone with its parent
    }
  }
}

function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid …; comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}
