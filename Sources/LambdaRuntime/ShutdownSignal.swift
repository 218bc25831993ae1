import Dispatch
import Synchronization
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM, as Lambda sends it when it shuts an execution environment down: the runtime exits
/// with status 0 — at once while it waits for the next event, or after the invocation in
/// progress has been answered.
final class ShutdownSignal: @unchecked Sendable {
    // Whether an invocation is in progress and whether SIGTERM came; the source is kept alive.
    private let state = Mutex((busy: false, requested: false))
    private var source: (any DispatchSourceSignal)?

    /// Installs the handler (and ignores SIGPIPE: a closed log pipe is not a reason to die).
    init() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
        source.setEventHandler { [self] in
            let idle = state.withLock { state -> Bool in
                state.requested = true
                return !state.busy
            }
            if idle { _exit(0) }
        }
        source.resume()
        self.source = source
    }

    /// Marks an invocation in progress (`true`) or done (`false`).
    /// - Returns: whether a shutdown was asked for meanwhile (then the runtime should exit 0).
    @discardableResult
    func setBusy(_ value: Bool) -> Bool {
        state.withLock { state in
            state.busy = value
            return state.requested
        }
    }
}
