import { setTimeout as sleep } from 'node:timers/promises';

/** TCP sockets still open in this process, after giving closed ones a moment to be released. */
export async function openTcpSockets(): Promise<number> {
  let count = Infinity;
  for (let i = 0; i < 20 && count > 0; i++) {
    count = process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    if (count > 0) await sleep(25);
  }
  return count;
}
