#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SequencerCore

/// A named point of the tick where a crash is provoked to prove the delivery and state
/// guarantees (`docs/reliability.md`, "Fault matrix").
public enum Failpoint: String, Sendable, CaseIterable {
    /// A batch is locked (its transaction open), nothing decided or written.
    case afterClaim = "after-claim"
    /// A message's `pending` ledger row is committed; the provider not called.
    case afterPendingCommit = "after-pending-commit"
    /// The provider returned success; nothing recorded yet.
    case afterProviderAccepted = "after-provider-accepted"
    /// The ledger's `sent` is written but not committed.
    case beforeSentCommit = "before-sent-commit"
    /// A custom task runner answered; its decisions not written.
    case afterInvoke = "after-invoke"
    /// A batch's write statement ran; its transaction not committed.
    case midWrite = "mid-write"
}

/// Where the tick crashes on purpose. Always compiled in and inert unless set: the environment
/// variable `SEQUENCER_FAILPOINT=<name>` (or `<name>:<n>`, the n-th time the point is passed)
/// makes the process SIGKILL itself there (the real-kill tests); tests of the engine inject a
/// closure that throws instead.
public struct Failpoints: Sendable {
    let action: @Sendable (Failpoint) throws -> Void

    /// Runs `action` at every failpoint (it decides which to act on).
    public init(_ action: @escaping @Sendable (Failpoint) throws -> Void) {
        self.action = action
    }

    /// None: the default for ticks that are not asked to crash.
    public static let none = Failpoints { _ in }

    /// From `SEQUENCER_FAILPOINT`: the named point (its n-th passing with `:n`, the first by
    /// default) kills the process with SIGKILL, output streams flushed first; no variable means
    /// none. A value that names no failpoint ends the process with status 2 and a line on
    /// standard error: running without the crash that was asked for would prove nothing.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Failpoints {
        guard let setting = environment["SEQUENCER_FAILPOINT"] else { return .none }
        do {
            let (target, count) = try parse(setting)
            return killing(at: target, passing: count)
        } catch {
            let text = "SEQUENCER_FAILPOINT: \(error)\n"
            _ = text.withCString { write(2, $0, strlen($0)) }
            exit(2)
        }
    }

    /// Reads `<name>` or `<name>:<n>` (n ≥ 1).
    /// - Throws: ``FailpointSettingError`` naming the known points.
    package static func parse(_ setting: String) throws(FailpointSettingError) -> (Failpoint, Int) {
        let parts = setting.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let target = Failpoint(rawValue: String(parts[0])) else {
            throw FailpointSettingError(reason: "\"\(parts[0])\" is not a failpoint (known: \(Failpoint.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard parts.count == 2 else { return (target, 1) }
        guard let count = Int(parts[1]), count >= 1 else {
            throw FailpointSettingError(reason: "\"\(parts[1])\" after the colon must be a whole number of passings, 1 or more")
        }
        return (target, count)
    }

    private static func killing(at target: Failpoint, passing count: Int) -> Failpoints {
        let countdown = Countdown(count)
        return Failpoints { point in
            guard point == target, countdown.reachedZero() else { return }
            fflush(nil)  // every output stream
            kill(getpid(), SIGKILL)
        }
    }

    /// Counts passings of a point down to the one that acts.
    private final class Countdown: @unchecked Sendable {
        // `left` is read and written under `lock`.
        private let lock = Lock()
        private var left: Int

        init(_ count: Int) {
            left = count
        }

        /// Counts one passing; `true` on the one that reaches zero.
        func reachedZero() -> Bool {
            lock.withLock {
                left -= 1
                return left == 0
            }
        }
    }

    /// Passes `point`.
    /// - Throws: what an injected action throws (tests); the process-killing one never returns.
    func hit(_ point: Failpoint) throws {
        try action(point)
    }
}

/// A `SEQUENCER_FAILPOINT` value that names no failpoint.
public struct FailpointSettingError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
