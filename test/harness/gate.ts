/**
 * A plain TCP forwarder on 127.0.0.1 in front of another loopback port, whose listener can be shut
 * and reopened on the same port: fault #1 of docs/reliability.md §4, "connection refused (port bound,
 * then closed)". While shut, connects get ECONNREFUSED and every open connection is destroyed.
 */
import net from 'node:net';

/** A running gate. */
export interface Gate {
  readonly url: string;
  readonly port: number;
  /** Closes the listener and destroys every connection: new connects are refused. */
  refuse(): Promise<void>;
  /** Listens again on the same port. */
  open(): Promise<void>;
  isOpen(): boolean;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** Starts a gate on 127.0.0.1:0 forwarding to 127.0.0.1:`targetPort`. */
export async function startGate(targetPort: number): Promise<Gate> {
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket): net.Socket => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    return s;
  };
  let accepted = 0;
  const server = net.createServer((client) => {
    accepted += 1;
    track(client);
    const up = track(net.connect({ host: '127.0.0.1', port: targetPort }));
    client.pipe(up);
    up.pipe(client);
    client.on('close', () => up.destroy());
    up.on('close', () => client.destroy());
  });
  let port = 0;
  let listening = false;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        listening = true;
        port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const shut = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!listening) {
        resolve();
        return;
      }
      listening = false;
      server.close(() => resolve());
    });
  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    refuse: shut,
    open: async () => {
      if (!listening) await listen();
    },
    isOpen: () => listening,
    connections: () => accepted,
    close: shut,
  };
}
