import Foundation
import SequencerCore

/// The shared state behind ``InMemoryRunnerStore``s: runners with their leases and row locks,
/// history, the delivery ledger and definitions, guarded by one lock.
public final class InMemoryDatabase: @unchecked Sendable {
    // @unchecked: every field is read and written under `lock`.
    struct Row {
        var state: RunnerState
        var leaseOwner: String?
        var leaseUntil: Date?
    }

    /// What to restore when a transaction rolls back.
    enum Undo {
        case row(String, Row)
        case history(Int)
        case delivery(String)
        case ledgerRow(String, DeliveryRecord)
    }

    private let lock = NSLock()
    private var rows: [String: Row] = [:]
    /// Subject id → its data, shared by its runners.
    private var subjects: [String: JSONValue] = [:]
    private var lockedBy: [String: UUID] = [:]
    private var historyLines: [(id: Int, entry: HistoryEntry)] = []
    private var nextHistoryID = 1
    private var ledger: [String: DeliveryRecord] = [:]
    /// Ledger key → when its row was taken (engine clock), as `deliveries.attempted_at`.
    private var attemptedAt: [String: Date] = [:]
    private var definitions: [SequenceVersion: SequenceDefinition] = [:]
    /// Subjects whose stored data a test declared unreadable, with the reason.
    private var poisoned: [String: String] = [:]

    public init() {}

    /// Makes a subject's stored data unreadable, as data the JSON parser refuses would be.
    public func poison(_ subject: String, reason: String) {
        lock.withLock { poisoned[subject] = reason }
    }

    /// The runners among `runners` whose subject's data is unreadable, with the reason.
    func unreadable(among runners: [RunnerState]) -> [String: String] {
        lock.withLock {
            Dictionary(runners.compactMap { runner in poisoned[runner.subject].map { (runner.id, $0) } },
                       uniquingKeysWith: { first, _ in first })
        }
    }

    /// Makes a runner's lease end at `until` (a test standing in for time passing).
    public func expireLease(of id: String, at until: Date) {
        lock.withLock { rows[id]?.leaseUntil = until }
    }

    // MARK: What tests set up and read

    /// Stores `definition` as the next version of its sequence.
    /// - Returns: the version.
    @discardableResult
    public func apply(_ definition: SequenceDefinition) -> Int {
        lock.withLock {
            let version = (definitions.keys.filter { $0.name == definition.name }.map(\.version).max() ?? 0) + 1
            definitions[SequenceVersion(name: definition.name, version: version)] = definition
            return version
        }
    }

    /// Enrols subjects at the latest version of `sequence` (``RunnerMachine/enroll(_:data:in:version:now:)``),
    /// merging `data` into each subject's data. A subject's first runner has the subject's id; a
    /// later one `<subject>#<n>`.
    /// - Parameter event: each runner's enrolment payload.
    public func enroll(_ ids: [String], data: JSONValue = [:], event: JSONValue = [:], in sequence: String, now: Date) throws {
        try lock.withLock {
            guard let key = definitions.keys.filter({ $0.name == sequence }).max(by: { $0.version < $1.version }),
                  let definition = definitions[key] else { throw InMemoryStoreError(reason: "no sequence \(sequence)") }
            for subject in ids {
                mergeSubject(subject, data.objectValue ?? [:])
                let count = rows.values.filter { $0.state.subject == subject }.count
                let id = count == 0 ? subject : "\(subject)#\(count + 1)"
                var outcome = RunnerMachine(retry: RetryPolicy()).enroll(id, data: subjects[subject] ?? [:], in: definition,
                                                                         version: key.version, now: now)
                outcome.state.subject = subject
                outcome.state.event = event
                rows[id] = Row(state: outcome.state)
                appendHistory(outcome.history)
            }
        }
    }

    /// Merges `patch` into a subject's data; a change makes its active runners due at once.
    public func update(_ subject: String, merging patch: [String: JSONValue]) {
        lock.withLock { mergeSubject(subject, patch) }
    }

    /// `patch` over the subject's data (a JSON null deletes a key); on a change every active
    /// runner of the subject is due at once with its revision bumped.
    private func mergeSubject(_ subject: String, _ patch: [String: JSONValue]) {
        var data = subjects[subject]?.objectValue ?? [:]
        for (key, value) in patch { data[key] = value == .null ? nil : value }
        let merged = JSONValue.object(data)
        guard merged != subjects[subject] else { return }
        subjects[subject] = merged
        for (id, var row) in rows where row.state.subject == subject {
            row.state.data = merged
            if row.state.status == .active {
                row.state.dataRevision += 1
                row.state.wakeAt = .distantPast
            }
            rows[id] = row
        }
    }

    /// Cancels a runner as the application would (``RunnerMachine/cancel(_:now:)``), its lease released.
    public func cancel(_ id: String, now: Date) {
        lock.withLock {
            guard let row = rows[id], let outcome = RunnerMachine(retry: RetryPolicy()).cancel(row.state, now: now) else { return }
            rows[id] = Row(state: outcome.state)
            appendHistory(outcome.history)
        }
    }

    /// A runner's current state.
    public func runner(_ id: String) -> RunnerState? { lock.withLock { rows[id]?.state } }

    /// A runner's lease owner, if it holds one.
    public func leaseOwner(of id: String) -> String? { lock.withLock { rows[id]?.leaseOwner } }

    /// Every runner's state, by id.
    public var runners: [RunnerState] { lock.withLock { rows.values.map(\.state).sorted { $0.id < $1.id } } }

    /// A runner's history, oldest first.
    public func history(_ id: String) -> [HistoryEntry] {
        lock.withLock { historyLines.map(\.entry).filter { $0.runnerID == id } }
    }

    /// Every history line, oldest first.
    public var allHistory: [HistoryEntry] { lock.withLock { historyLines.map(\.entry) } }

    /// The delivery ledger's rows.
    public var deliveries: [DeliveryRecord] {
        lock.withLock { ledger.values.sorted { ($0.runnerID, $0.step, $0.visit) < ($1.runnerID, $1.step, $1.visit) } }
    }

    func definition(_ version: SequenceVersion) -> SequenceDefinition? { lock.withLock { definitions[version] } }

    // MARK: The store's operations

    func lockDue(now: Date, limit: Int, by owner: UUID, inTransaction: Bool) -> [RunnerState] {
        lock.withLock {
            let due = rows.values.filter { row in
                row.state.status == .active && row.state.wakeAt <= now && (row.leaseUntil.map { $0 < now } ?? true)
                    && lockedBy[row.state.id] == nil
            }.sorted { ($0.state.wakeAt, $0.state.id) < ($1.state.wakeAt, $1.state.id) }.prefix(limit)
            if inTransaction { for row in due { lockedBy[row.state.id] = owner } }
            return due.map(\.state)
        }
    }

    func unlockAll(held owner: UUID) {
        lock.withLock { lockedBy = lockedBy.filter { $0.value != owner } }
    }

    func write(_ batch: BatchWrite, claim: BatchClaim, lockedBy owner: UUID) -> (Set<String>, [Undo]) {
        lock.withLock {
            var written = Set<String>()
            var undo: [Undo] = []
            for new in batch.runners {
                guard let row = rows[new.id], row.state.status == .active else { continue }
                switch claim {
                case .locked: guard lockedBy[new.id] == owner else { continue }
                case .leased(let leaseOwner): guard row.leaseOwner == leaseOwner else { continue }
                }
                undo.append(.row(new.id, row))
                rows[new.id] = Self.written(new, over: row, lease: batch.lease)
                written.insert(new.id)
            }
            undo += appendHistory(batch.history.filter { written.contains($0.runnerID) })
            for delivery in batch.deliveries where written.contains(delivery.runnerID) {
                let key = Self.key(delivery)
                guard ledger[key] == nil else { continue }
                ledger[key] = delivery
                attemptedAt[key] = batch.at
                undo.append(.delivery(key))
            }
            return (written, undo)
        }
    }

    /// A row as the batch write leaves it: the decided state over the stored data, a fresher
    /// wake-up kept when the data changed meanwhile, the lease given or released.
    private static func written(_ new: RunnerState, over row: Row, lease: BatchLease?) -> Row {
        var state = new
        state.data = row.state.data
        state.event = row.state.event
        state.dataRevision = row.state.dataRevision
        if row.state.dataRevision != new.dataRevision, new.status == .active { state.wakeAt = .distantPast }
        let leased = lease.map { $0.runnerIDs.contains(new.id) } ?? false
        return Row(state: state, leaseOwner: leased ? lease?.owner : nil, leaseUntil: leased ? lease?.until : nil)
    }

    func undo(_ steps: [Undo]) {
        lock.withLock {
            for step in steps.reversed() {
                switch step {
                case .row(let id, let row): rows[id] = row
                case .history(let id): historyLines.removeAll { $0.id == id }
                case .delivery(let key): ledger[key] = nil
                case .ledgerRow(let key, let record): ledger[key] = record
                }
            }
        }
    }

    func renewLeases(_ ids: [String], lease: LeaseClaim) -> Set<String> {
        lock.withLock { renewHeld(ids, lease: lease) }
    }

    private func renewHeld(_ ids: [String], lease: LeaseClaim) -> Set<String> {
        var held = Set<String>()
        for id in ids {
            guard var row = rows[id], row.state.status == .active, row.leaseOwner == lease.owner,
                  let until = row.leaseUntil, until >= lease.now else { continue }
            row.leaseUntil = lease.until
            rows[id] = row
            held.insert(id)
        }
        return held
    }

    func claimDelivery(_ record: DeliveryRecord, lease: LeaseClaim, caps: FrequencyCaps) -> LedgerClaim {
        lock.withLock {
            guard renewHeld([record.runnerID], lease: lease) == [record.runnerID] else { return .leaseLost }
            let key = Self.key(record)
            guard let existing = ledger[key], existing.status != .failed else {
                if case .over(let cap, let until) = capVerdict(record, caps: caps, now: lease.now) {
                    return .overCap(cap, until: until)
                }
                var pending = record
                pending.status = .pending
                pending.error = nil
                ledger[key] = pending
                attemptedAt[key] = lease.now
                return .claimed
            }
            if existing.status == .pending {
                ledger[key]?.status = .uncertain
                ledger[key]?.error = "an earlier tick stopped around the call; it may have been sent"
            }
            return .earlier(existing.status)
        }
    }

    /// The caps' verdict over the subject's rows of the channel that may have reached it (the
    /// lock held by the caller makes the count and the insert one step, as the subject's row lock
    /// does in PostgreSQL).
    private func capVerdict(_ record: DeliveryRecord, caps: FrequencyCaps, now: Date) -> CapVerdict {
        let channel = record.message.channel
        guard caps.window(for: channel) != nil else { return .allowed }
        let earlier = ledger.compactMap { key, row -> Date? in
            guard row.subject == record.subject, row.message.channel == channel, row.status != .failed else { return nil }
            return attemptedAt[key]
        }
        return caps.verdict(channel: channel, earlier: earlier, now: now)
    }

    func recordOutcome(_ record: DeliveryRecord) -> [Undo] {
        lock.withLock {
            let key = Self.key(record)
            guard let existing = ledger[key], existing.status == .pending else { return [] }
            ledger[key] = record
            return [.ledgerRow(key, existing)]
        }
    }

    @discardableResult
    private func appendHistory(_ entries: [HistoryEntry]) -> [Undo] {
        entries.map { entry in
            historyLines.append((nextHistoryID, entry))
            nextHistoryID += 1
            return .history(nextHistoryID - 1)
        }
    }

    private static func key(_ delivery: DeliveryRecord) -> String {
        "\(delivery.runnerID)\u{0}\(delivery.step)\u{0}\(delivery.visit)"
    }
}
