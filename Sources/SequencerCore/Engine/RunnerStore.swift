import Foundation

/// Where the tick claims due runners and writes back what it decided (the role the
/// PostgreSQL store plays; tests may use another).
public protocol RunnerStore {
    /// Leases up to `limit` active runners due at `now` (`wake_at <= now`, no live lease), oldest
    /// wake-up first, for `leaseSeconds`. Runners leased by another owner are skipped, never waited for.
    /// - Throws: the store's error.
    func claimDue(now: Date, limit: Int, leaseOwner: String, leaseSeconds: TimeInterval) throws -> [RunnerState]

    /// Writes a batch in one transaction: the runners' new states (only those still leased by
    /// `leaseOwner` and active), their history and their deliveries; releases their leases.
    /// - Returns: the ids written; others lost their lease or were cancelled meanwhile.
    /// - Throws: the store's error; nothing is written then.
    func write(_ batch: BatchWrite, leaseOwner: String) throws -> Set<String>

    /// Commits a `pending` ledger row for each delivery about to be sent (a row that failed
    /// before is taken again). Rows from an earlier attempt that are `pending` or `sent` are left
    /// as they are and returned, so the caller does not send those again.
    /// - Returns: runner id → status of the row an earlier attempt left.
    func recordPending(_ deliveries: [DeliveryRecord]) throws -> [String: DeliveryRecord.Status]

    /// Commits the outcome (`sent` with the provider's id, or `failed` with its error) of deliveries.
    func recordOutcomes(_ deliveries: [DeliveryRecord]) throws

    /// The definition of `name` at `version`.
    /// - Throws: the store's error, or when it does not exist.
    func definition(name: String, version: Int) throws -> SequenceDefinition
}

/// Everything one batch of a tick changes.
public struct BatchWrite: Sendable {
    public var runners: [RunnerState]
    public var history: [HistoryEntry]
    public var deliveries: [DeliveryRecord]

    public init(runners: [RunnerState] = [], history: [HistoryEntry] = [], deliveries: [DeliveryRecord] = []) {
        self.runners = runners
        self.history = history
        self.deliveries = deliveries
    }
}

/// A row of the delivery ledger (`deliveries`).
public struct DeliveryRecord: Sendable, Hashable {
    public enum Status: String, Sendable { case pending, sent, failed }

    public var runnerID: String
    /// The runner's sequence (stored with the row for reports).
    public var sequence: String
    public var step: String
    /// With `runnerID` and `step`, names one visit (a loop back is a new visit).
    public var visit: Int
    public var message: OutgoingMessage
    /// `outbox`, `ses`, `sns`.
    public var provider: String
    public var status: Status
    public var providerMessageID: String?
    public var error: String?

    public init(runnerID: String, sequence: String = "", step: String, visit: Int, message: OutgoingMessage, provider: String,
                status: Status, providerMessageID: String? = nil, error: String? = nil) {
        self.runnerID = runnerID
        self.sequence = sequence
        self.step = step
        self.visit = visit
        self.message = message
        self.provider = provider
        self.status = status
        self.providerMessageID = providerMessageID
        self.error = error
    }
}
