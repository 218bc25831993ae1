#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where the tick claims due runners and writes back what it decided: the PostgreSQL store in
/// production (`SequencerStore`), an in-memory one in the engine's tests (`SequencerTestSupport`).
///
/// The store persists what the core decided; it makes no decision of its own beyond the claim
/// conditions documented on each method.
public protocol RunnerStore: SendableMetatype {
    /// Runs `body` in one database transaction: commits when it returns, rolls back when it throws.
    /// Row locks taken by ``lockDue(now:limit:)`` last until it ends.
    /// - Throws: the store's error or `body`'s.
    func transaction<T>(_ body: () throws -> T) throws -> T

    /// Locks up to `limit` active runners due at `now` (`wake_at <= now`, no live lease), oldest
    /// wake-up first, for the rest of the current transaction. Runners locked or leased by another
    /// tick are skipped, never waited for (PostgreSQL's `FOR UPDATE SKIP LOCKED`). A runner whose
    /// stored row cannot be read (its subject's data is not JSON Sequencer accepts) is returned in
    /// ``ClaimedBatch/unreadable`` with the reason, so the rest of the batch still moves.
    /// - Throws: the store's error.
    func lockDue(now: Date, limit: Int) throws -> ClaimedBatch

    /// Writes a batch in one statement: the runners' new states, their history and their
    /// deliveries. With ``BatchClaim/locked`` the rows are the current transaction's locked ones;
    /// with ``BatchClaim/leased(owner:)`` only rows still leased by `owner` and active are written.
    /// Runners in `batch.lease` get (or keep) a lease; every other written runner's lease is released.
    /// A runner whose data changed since it was read keeps its fresher wake-up (due at once).
    /// - Returns: the ids written; others lost their lease or were cancelled meanwhile.
    /// - Throws: the store's error; nothing is written then.
    func write(_ batch: BatchWrite, claim: BatchClaim) throws -> Set<String>

    /// Takes one message's ledger row for this tick, in a transaction of its own, before the
    /// message is sent: first confirms (and renews) the runner's lease — a runner no longer
    /// leased by `lease.owner`, or whose lease ended before `lease.now`, gets no row — then
    /// inserts the `pending` row, or takes back one that `failed` before. Exactly one caller can
    /// take a row, whatever the interleaving (an insert waits for a concurrent insert of the same
    /// visit; the take-back re-reads the latest row). A row an earlier attempt left `pending`
    /// (it died around the call) becomes `uncertain`. The row records `lease.now` as the instant
    /// it was taken (`attempted_at`).
    ///
    /// When `caps` has caps for the message's channel, and the visit has no earlier row, the
    /// subject is locked first (so two ticks sending to one subject take turns), its rows of the
    /// channel taken within the longest window (`pending`, `sent`, `uncertain`) are read and
    /// ``FrequencyCaps/verdict(channel:earlier:now:)`` decides; over a cap, no row is taken.
    /// - Returns: whether this call owns the row, found an earlier attempt's, lost the lease, or
    ///   is over a cap.
    /// - Throws: the store's error; nothing is committed then.
    func claimDelivery(_ record: DeliveryRecord, lease: LeaseClaim, caps: FrequencyCaps) throws -> LedgerClaim

    /// Commits one message's outcome on its `pending` row: `sent` (with the provider's id),
    /// `failed` (refused, or not sent: a later visit may try again) or `uncertain` (maybe sent:
    /// never again automatically). `beforeCommit` runs after the update, before the commit.
    /// - Throws: the store's error or `beforeCommit`'s; nothing is committed then.
    func recordOutcome(_ record: DeliveryRecord, beforeCommit: () throws -> Void) throws

    /// Confirms and renews the leases of runners about to get an effect (a custom-runner call).
    /// - Returns: the ids still leased by `lease.owner` (and not ended before `lease.now`), now
    ///   until `lease.until`; the others are not touched.
    func renewLeases(_ ids: [String], lease: LeaseClaim) throws -> Set<String>

    /// The definition of one sequence version (definitions never change once stored).
    /// - Throws: the store's error, or when it does not exist.
    func definition(of version: SequenceVersion) throws -> SequenceDefinition
}

/// A claimed batch: the runners read, and those whose row could not be read.
public struct ClaimedBatch: Sendable {
    /// The runners, oldest wake-up first; an unreadable one is here too, with empty data.
    public var runners: [RunnerState]
    /// Runner id → why its row could not be read (e.g. its subject's data holds a number JSON
    /// cannot carry); the planner marks these failed, naming the problem.
    public var unreadable: [String: String]

    public init(runners: [RunnerState], unreadable: [String: String] = [:]) {
        self.runners = runners
        self.unreadable = unreadable
    }
}

/// A lease a tick confirms before an effect: still held by `owner`, not ended before `now`
/// (engine clock), and renewed until `until`.
public struct LeaseClaim: Sendable, Hashable {
    public var owner: String
    public var now: Date
    public var until: Date

    public init(owner: String, now: Date, until: Date) {
        self.owner = owner
        self.now = now
        self.until = until
    }
}

/// What taking a message's ledger row found.
public enum LedgerClaim: Sendable, Hashable {
    /// This call owns the `pending` row: it may send.
    case claimed
    /// An earlier attempt left a row: `sent`, `uncertain` (maybe sent), or `pending` (it died
    /// around the call; the row is now `uncertain`). Never sent again automatically.
    case earlier(DeliveryStatus)
    /// The runner is no longer leased by this tick: no effect for it.
    case leaseLost
    /// A frequency cap of the message's channel is reached (``CapVerdict/over(_:until:)``): no
    /// row was taken, nothing may be sent now.
    case overCap(FrequencyCap, until: Date)
}

extension RunnerStore {
    /// ``claimDelivery(_:lease:caps:)`` with no frequency caps.
    public func claimDelivery(_ record: DeliveryRecord, lease: LeaseClaim) throws -> LedgerClaim {
        try claimDelivery(record, lease: lease, caps: FrequencyCaps())
    }
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
