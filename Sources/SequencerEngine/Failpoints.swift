import Foundation

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
    /// default) kills the process with SIGKILL, output streams flushed first; an unknown name is
    /// ignored, no variable means none.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Failpoints {
        guard let setting = environment["SEQUENCER_FAILPOINT"] else { return .none }
        let parts = setting.split(separator: ":", maxSplits: 1)
        guard let name = parts.first, let target = Failpoint(rawValue: String(name)) else { return .none }
        let countdown = Countdown(parts.count == 2 ? max(1, Int(parts[1]) ?? 1) : 1)
        return Failpoints { point in
            guard point == target, countdown.reachedZero() else { return }
            fflush(nil)  // every output stream
            kill(getpid(), SIGKILL)
        }
    }

    /// Counts passings of a point down to the one that acts.
    private final class Countdown: @unchecked Sendable {
        // `left` is read and written under `lock`.
        private let lock = NSLock()
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
