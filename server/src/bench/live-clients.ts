// The socket.io clients of `npm run bench:live`, in a process of their own (forked by
// live.bench.ts) so the server's figures are the server's: connects one client per token, then
// for each round reports when every client got its `ranking.updated`, on the shared wall clock.
import { io, type Socket } from 'socket.io-client';

interface Start {
  url: string;
  plan: string;
  tokens: string[];
}

const now = () => performance.timeOrigin + performance.now();
const sockets: Socket[] = [];
let arrivals: number[] = [];
let expected = 0;
let timeout: NodeJS.Timeout | undefined;
let cpuAtArm: NodeJS.CpuUsage | undefined;

process.on('message', (message: { type: string } & Partial<Start> & { round?: number }) => {
  if (message.type === 'start') {
    const { url, plan, tokens } = message as Start;
    let ready = 0;
    tokens.forEach((token, i) => {
      const socket = io(`${url}/live`, { auth: { token, plan }, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      socket.once('snapshot', () => {
        if (++ready === tokens.length) process.send!({ type: 'ready' });
      });
      socket.once('connect_error', (error) => process.send!({ type: 'error', error: error.message }));
      socket.on('ranking.updated', () => {
        if (arrivals[i] !== undefined) return;
        arrivals[i] = now();
        if (--expected === 0) {
          clearTimeout(timeout);
          const cpu = process.cpuUsage(cpuAtArm);
          process.send!({ type: 'arrived', arrivals, cpuMs: (cpu.user + cpu.system) / 1000 });
        }
      });
    });
  } else if (message.type === 'round') {
    arrivals = new Array(sockets.length);
    expected = sockets.length;
    cpuAtArm = process.cpuUsage();
    // a round nobody's ranking moved in would wait for ever: say so instead
    timeout = setTimeout(
      () => process.send!({ type: 'error', error: `${expected} of ${sockets.length} clients got no ranking.updated` }),
      10_000,
    );
    process.send!({ type: 'armed' });
  } else if (message.type === 'stop') {
    for (const s of sockets) s.disconnect();
    process.exit(0);
  }
});
