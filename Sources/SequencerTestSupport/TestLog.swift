import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the test suite's children and fakes produced, copied into the folder
/// `SEQUENCER_TEST_LOG_DIR` names (`scripts/test` sets it) so `scripts/scan-secrets` reads it
/// with the suite's own output: the output of every `ChildProcess` and `BackgroundProcess` (the
/// `sequencer` CLI, `bootstrap`, python helpers) and every error body the Runtime API emulator
/// received (a Lambda's init and invocation errors). Without the variable nothing is written.
public enum TestLog {
    /// The folder, or `nil` when the variable is not set.
    public static let directory: String? = {
        let path = ProcessInfo.processInfo.environment["SEQUENCER_TEST_LOG_DIR"] ?? ""
        return path.isEmpty ? nil : path
    }()

    private static let lock = NSLock()

    /// Appends one record, `== heading ==` then `text`, to `file` in ``directory``.
    /// - Parameters:
    ///   - text: what was produced; written as is.
    ///   - file: a file name in the folder, e.g. `children.log`.
    ///   - heading: what produced it (a program's name, never its arguments: they may hold secrets
    ///     a test hands to a child on purpose).
    public static func append(_ text: String, to file: String, heading: String) {
        guard let directory, !text.isEmpty else { return }
        let record = "== \(heading) ==\n" + text + (text.hasSuffix("\n") ? "" : "\n")
        lock.withLock { appendBytes(Data(record.utf8), toPath: directory + "/" + file) }
    }

    /// One `write` with `O_APPEND`, so records of several test processes do not interleave.
    static func appendBytes(_ data: Data, toPath path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        _ = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }
}
