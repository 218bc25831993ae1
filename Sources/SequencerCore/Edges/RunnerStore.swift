import Foundation

/// Where the tick claims due runners and writes back what it decided: the PostgreSQL store in
/// production (`SequencerStore`), an in-memory one in the engine's tests (`SequencerTestSupport`).
///
/// The store persists what the core decided; it makes no decision of its own beyond the claim
/// conditions documented on each method.
public protocol RunnerStore {
    /// Runs `body` in one database transaction: commits when it returns, rolls back when it throws.
    /// Row locks taken by ``lockDue(now:limit:)`` last until it ends.
    /// - Throws: the store's error or `body`'s.
    func transaction<T>(_ body: () throws -> T) throws -> T

    /// Locks up to `limit` active runners due at `now` (`wake_at <= now`, no live lease), oldest
    /// wake-up first, for the rest of the current transaction. Runners locked or leased by another
    /// tick are skipped, never waited for (PostgreSQL's `FOR UPDATE SKIP LOCKED`).
    /// - Throws: the store's error.
    func lockDue(now: Date, limit: Int) throws -> [RunnerState]

    /// Writes a batch in one statement: the runners' new states, their history and their
    /// deliveries. With ``BatchClaim/locked`` the rows are the current transaction's locked ones;
    /// with ``BatchClaim/leased(owner:)`` only rows still leased by `owner` and active are written.
    /// Runners in `batch.lease` get (or keep) a lease; every other written runner's lease is released.
    /// A runner whose data changed since it was read keeps its fresher wake-up (due at once).
    /// - Returns: the ids written; others lost their lease or were cancelled meanwhile.
    /// - Throws: the store's error; nothing is written then.
    func write(_ batch: BatchWrite, claim: BatchClaim) throws -> Set<String>

    /// Commits a `pending` ledger row for each delivery about to be sent (a row that failed
    /// before is taken again). Rows from an earlier attempt that are `pending` or `sent` are left
    /// as they are and returned, so the caller does not send those again.
    /// - Returns: runner id → status of the row an earlier attempt left.
    func recordPending(_ deliveries: [DeliveryRecord]) throws -> [String: DeliveryStatus]

    /// Commits the outcome (`sent` with the provider's id, or `failed` with its error) of deliveries.
    func recordOutcomes(_ deliveries: [DeliveryRecord]) throws

    /// The definition of one sequence version (definitions never change once stored).
    /// - Throws: the store's error, or when it does not exist.
    func definition(of version: SequenceVersion) throws -> SequenceDefinition
}

/// How the runners of a batch are held while a tick works on them.
public enum BatchClaim: Sendable, Hashable {
    /// Row locks of the current transaction (``RunnerStore/lockDue(now:limit:)``): nothing else
    /// can change them before the write.
    case locked
    /// A lease (`lease_owner`, `lease_until`) committed earlier, for work outside a transaction
    /// (provider sends, custom task runners); the application may change or cancel them meanwhile.
    case leased(owner: String)
}

/// A lease handed to some runners of a batch: they stay claimed by `owner` until `until`
/// (engine clock, UTC) while the tick does their I/O outside the transaction.
public struct BatchLease: Sendable, Hashable {
    /// The tick holding the lease, written to `lease_owner`.
    public var owner: String
    /// When other ticks may take the runners again (engine clock, UTC), written to `lease_until`.
    public var until: Date
    /// The runners of the batch that get the lease; the others are released.
    public var runnerIDs: Set<String>

    public init(owner: String, until: Date, runnerIDs: Set<String>) {
        self.owner = owner
        self.until = until
        self.runnerIDs = runnerIDs
    }
}

/// Everything one batch of a tick changes.
public struct BatchWrite: Sendable {
    public var runners: [RunnerState]
    public var history: [HistoryEntry]
    /// Ledger rows written with the move (the outbox's messages).
    public var deliveries: [DeliveryRecord]
    /// Runners written with a lease instead of released; `nil`: all are released.
    public var lease: BatchLease?
    /// The engine time of the write (UTC): when runners that leave their sequence ended.
    public var at: Date

    /// A batch to write; every part may be empty.
    public init(runners: [RunnerState] = [], history: [HistoryEntry] = [], deliveries: [DeliveryRecord] = [],
                lease: BatchLease? = nil, at: Date = Date(timeIntervalSince1970: 0)) {
        self.at = at
        self.runners = runners
        self.history = history
        self.deliveries = deliveries
        self.lease = lease
    }
}
