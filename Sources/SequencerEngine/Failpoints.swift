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
/// variable `SEQUENCER_FAILPOINT=<name>` makes the process SIGKILL itself at that point (the
/// real-kill tests); tests of the engine inject a closure that throws instead.
public struct Failpoints: Sendable {
    let action: @Sendable (Failpoint) throws -> Void

    /// Runs `action` at every failpoint (it decides which to act on).
    public init(_ action: @escaping @Sendable (Failpoint) throws -> Void) {
        self.action = action
    }

    /// None: the default for ticks that are not asked to crash.
    public static let none = Failpoints { _ in }

    /// From `SEQUENCER_FAILPOINT`: the named point kills the process with SIGKILL (standard output
    /// and error flushed first); an unknown name is ignored, no variable means none.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Failpoints {
        guard let name = environment["SEQUENCER_FAILPOINT"], let target = Failpoint(rawValue: name) else { return .none }
        return Failpoints { point in
            guard point == target else { return }
            fflush(nil)  // every output stream
            kill(getpid(), SIGKILL)
        }
    }

    /// Passes `point`.
    /// - Throws: what an injected action throws (tests); the process-killing one never returns.
    func hit(_ point: Failpoint) throws {
        try action(point)
    }
}
