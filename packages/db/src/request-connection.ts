import { type ConnectionProvider, type DatabaseConnection, Kysely } from 'kysely';
import type { Database } from './schema';

type Db = Kysely<Database>;

/** Stands in for the driver and dialect of a request handle: everything that needs them goes to the pool's handle. */
const unavailable = new Proxy(
  {},
  {
    get(_, key) {
      // Inspection (symbols, `then`) finds nothing; any use says where to go.
      if (typeof key === 'symbol' || key === 'then') return undefined;
      throw new Error('Not available on a request handle: use the pool handle.');
    },
  },
);

/**
 * Lends the statements of one request a single pooled connection, taken at the first statement. A
 * statement that finds it idle runs on it; one that finds it busy (statements run in parallel, a
 * stream being read) takes a connection of its own from the pool, as without this. The connection
 * goes back to the pool as soon as it is idle when the event loop next checks (`setImmediate`): statements
 * separated only by computation share it, while a request waiting on anything else (a body, a hash,
 * a file, another connection) does not hold it. `release` ends the lending: later statements use the
 * pool.
 */
class LentConnection implements ConnectionProvider {
  readonly #base: Db;
  #connection: DatabaseConnection | undefined;
  /** Resolving it gives the connection back to the pool. */
  #giveBack: (() => void) | undefined;
  #taking: Promise<DatabaseConnection> | undefined;
  #busy = false;
  #closed = false;
  #check: NodeJS.Immediate | undefined;

  constructor(base: Db) {
    this.#base = base;
  }

  async provideConnection<T>(consumer: (connection: DatabaseConnection) => Promise<T>): Promise<T> {
    if (this.#closed || this.#busy) return this.#base.getExecutor().provideConnection(consumer);
    this.#busy = true;
    let connection: DatabaseConnection;
    try {
      connection = this.#connection ?? (await (this.#taking ??= this.#take()));
    } catch (err) {
      this.#busy = false;
      throw err;
    }
    try {
      return await consumer(connection);
    } finally {
      this.#busy = false;
      this.#check ??= setImmediate(() => {
        this.#check = undefined;
        if (!this.#busy) this.#giveBackNow();
      });
    }
  }

  /** Takes a connection the way the pool handle does (same checkout and release), and keeps it until given back. */
  #take(): Promise<DatabaseConnection> {
    return new Promise((resolve, reject) => {
      this.#base
        .getExecutor()
        .provideConnection(
          (connection) =>
            new Promise<void>((done) => {
              this.#connection = connection;
              this.#giveBack = done;
              resolve(connection);
            }),
        )
        .catch((err) => {
          this.#taking = undefined;
          reject(err);
        });
    });
  }

  #giveBackNow() {
    const giveBack = this.#giveBack;
    this.#connection = undefined;
    this.#giveBack = undefined;
    this.#taking = undefined;
    giveBack?.();
  }

  /** No more lending; an idle connection goes back now, a busy one when its statement ends. */
  release() {
    this.#closed = true;
    if (!this.#busy) this.#giveBackNow();
  }

  get holding() {
    return this.#connection !== undefined;
  }
}

/** Queries go through the lent connection; transactions and pinned connections keep their own, from the pool. */
class RequestDb extends Kysely<Database> {
  readonly #base: Db;

  constructor(base: Db, lent: LentConnection) {
    super({
      config: {} as never,
      driver: unavailable as never,
      dialect: unavailable as never,
      executor: base.getExecutor().withConnectionProvider(lent),
    });
    this.#base = base;
  }
  override transaction() {
    return this.#base.transaction();
  }
  override startTransaction() {
    return this.#base.startTransaction();
  }
  override connection() {
    return this.#base.connection();
  }
  override withPlugin(...args: Parameters<Db['withPlugin']>) {
    return this.#base.withPlugin(...args);
  }
  override withoutPlugins() {
    return this.#base.withoutPlugins();
  }
  override withSchema(schema: string) {
    return this.#base.withSchema(schema);
  }
  override async destroy() {
    throw new Error('A request handle is not destroyed: the pool handle is.');
  }
}

export interface RequestConnection {
  /** Use it like the pool handle for the request's statements. */
  db: Db;
  /** Call once the request is over (success, error or abort). */
  release(): void;
  /** Whether a connection is lent right now (tests). */
  readonly holding: boolean;
}

/**
 * One connection for a request's consecutive statements (a session lookup and the query after it),
 * instead of a pool checkout per statement. Only for a pool: the embedded database has one connection,
 * which a request must never keep from the others.
 */
export function requestConnection(base: Db): RequestConnection {
  const lent = new LentConnection(base);
  return {
    db: new RequestDb(base, lent),
    release: () => lent.release(),
    get holding() {
      return lent.holding;
    },
  };
}
