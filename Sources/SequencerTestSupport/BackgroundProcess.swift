import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process left running while a test talks to it (a `bootstrap` against the Runtime API
/// emulator), with its output in temporary files. Terminated in `deinit` if still running.
public final class BackgroundProcess: @unchecked Sendable {
    public let pid: pid_t
    /// The program's file name, for ``TestLog``.
    private let program: String
    private let outputPath: String
    private let errorPath: String
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// Spawns `path` with `arguments` and exactly `environment` (plus `PATH`).
    /// - Throws: `TestSupportError` when it cannot be started.
    public init(_ path: String, _ arguments: [String] = [], environment: [String: String]) throws(TestSupportError) {
        let stem = FileManager.default.temporaryDirectory.path + "/background-\(UUID().uuidString)"
        outputPath = stem + ".out"
        program = URL(fileURLWithPath: path).lastPathComponent
        errorPath = stem + ".err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var variables = environment
        variables["PATH"] = variables["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child = pid_t()
        let result = posix_spawn(&child, path, &actions, nil, argv, envp)
        guard result == 0 else { throw TestSupportError(reason: "cannot start \(path): \(String(cString: strerror(result)))") }
        pid = child
    }

    deinit {
        terminate()
        TestLog.append(standardOutput + standardError, to: "children.log", heading: "\(program) (pid \(pid))")
        unlink(outputPath)
        unlink(errorPath)
    }

    /// Waits up to `timeout` seconds for the process to exit.
    /// - Returns: its exit code (128 + signal when killed), or `nil` if still running.
    public func waitForExit(timeout: TimeInterval) -> Int32? {
        let end = Date().addingTimeInterval(timeout)
        repeat {
            if let status = poll() { return status }
            usleep(5_000)
        } while Date() < end
        return nil
    }

    /// Sends SIGTERM (then SIGKILL after a second) and reaps the process.
    public func terminate() {
        guard poll() == nil else { return }
        kill(pid, SIGTERM)
        if waitForExit(timeout: 1) == nil {
            kill(pid, SIGKILL)
            _ = waitForExit(timeout: 5)
        }
    }

    /// What it wrote to standard output so far.
    public var standardOutput: String { String(decoding: FileManager.default.contents(atPath: outputPath) ?? Data(), as: UTF8.self) }
    /// What it wrote to standard error so far.
    public var standardError: String { String(decoding: FileManager.default.contents(atPath: errorPath) ?? Data(), as: UTF8.self) }

    private func poll() -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return exitStatus
    }
}
