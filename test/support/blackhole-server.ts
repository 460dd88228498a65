/**
 * A TCP server on 127.0.0.1 that accepts connections and never answers (docs/reliability.md §4 fault 2,
 * "accept, never answer"). It records what arrived so tests can assert a request was (or was not)
 * sent. For deadline tests (R3).
 */
import net from 'node:net';

/** A running black-hole server. */
export interface BlackholeServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** Number of accepted connections. */
  connections(): number;
  /** Everything received so far, all connections concatenated (latin1). */
  received(): string;
  /** Closes the server and destroys every open socket. */
  close(): Promise<void>;
}

/** Starts a black-hole server on 127.0.0.1, port 0. */
export async function startBlackholeServer(): Promise<BlackholeServer> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  let data = '';
  const server = net.createServer((socket) => {
    count += 1;
    sockets.add(socket);
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections: () => count,
    received: () => data,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A port on 127.0.0.1 that nothing listens on: bound, then closed (docs/reliability.md §4 fault 1).
 * A connection to it is refused (ECONNREFUSED).
 */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
