import Foundation
import SequencerCore

/// The tick's store in memory, for the engine's tests: the same claim, write and ledger rules as
/// the PostgreSQL store (`docs/schema.md`), without a database. Several stores over one
/// ``InMemoryDatabase`` behave as several connections: row locks, leases and transactions apply
/// across them.
public final class InMemoryRunnerStore: RunnerStore, @unchecked Sendable {
    // @unchecked: each store is used by one worker at a time; the shared state is in `database`,
    // which locks itself.
    public let database: InMemoryDatabase
    private var transactionUndo: [InMemoryDatabase.Undo]?
    private let identity = UUID()

    public init(database: InMemoryDatabase = InMemoryDatabase()) {
        self.database = database
    }

    public func transaction<T>(_ body: () throws -> T) throws -> T {
        transactionUndo = []
        defer {
            database.unlockAll(held: identity)
            transactionUndo = nil
        }
        do {
            let value = try body()
            return value
        } catch {
            database.undo(transactionUndo ?? [])
            throw error
        }
    }

    public func lockDue(now: Date, limit: Int) throws -> ClaimedBatch {
        let runners = database.lockDue(now: now, limit: limit, by: identity, inTransaction: transactionUndo != nil)
        return ClaimedBatch(runners: runners, unreadable: database.unreadable(among: runners))
    }

    public func write(_ batch: BatchWrite, claim: BatchClaim) throws -> Set<String> {
        let (written, undo) = database.write(batch, claim: claim, lockedBy: identity)
        transactionUndo?.append(contentsOf: undo)
        return written
    }

    public func claimDelivery(_ record: DeliveryRecord, lease: LeaseClaim, caps: FrequencyCaps) throws -> LedgerClaim {
        database.claimDelivery(record, lease: lease, caps: caps)
    }

    public func recordOutcome(_ record: DeliveryRecord, beforeCommit: () throws -> Void) throws {
        let undo = database.recordOutcome(record)
        do {
            try beforeCommit()
        } catch {
            database.undo(undo)
            throw error
        }
    }

    public func renewLeases(_ ids: [String], lease: LeaseClaim) throws -> Set<String> {
        database.renewLeases(ids, lease: lease)
    }

    public func definition(of version: SequenceVersion) throws -> SequenceDefinition {
        guard let definition = database.definition(version) else {
            throw InMemoryStoreError(reason: "no sequence \(version)")
        }
        return definition
    }
}

/// A failure of the in-memory store (an unknown sequence or runner).
public struct InMemoryStoreError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
