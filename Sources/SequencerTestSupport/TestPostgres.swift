import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SequencerStore

/// A throwaway PostgreSQL for integration tests: a server on a Unix socket, one fresh database per test.
///
/// Uses the server named by `SEQUENCER_TEST_PG_DIR` (its socket folder, as `scripts/test` starts it);
/// otherwise starts one with `scripts/pg` in a temporary folder on first use and stops it when the
/// test process exits. With `SEQUENCER_TEST_POOLER_DIR` (the socket folder of a PgBouncer in
/// transaction mode in front of it, `scripts/pgbouncer`), fresh databases are created and migrated
/// directly and handed out through the pooler: the tests then run as an application behind
/// PgBouncer would.
public enum TestPostgres {
    /// The repository's root, found from this file's path.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The socket folder of the running server, or why it could not be started.
    static let server: Result<String, TestSupportError> = {
        if let folder = ProcessInfo.processInfo.environment["SEQUENCER_TEST_PG_DIR"], !folder.isEmpty {
            return .success(folder)
        }
        let folder = "/tmp/sequencer-tests-\(getpid())"
        do throws(TestSupportError) {
            _ = try runScript("pg", ["start", folder])
        } catch {
            return .failure(error)
        }
        atexit {
            let folder = "/tmp/sequencer-tests-\(getpid())"
            _ = try? TestPostgres.runScript("pg", ["stop", folder])
        }
        return .success(folder)
    }()

    /// The connection URL of database `name` on the test server.
    public static func url(database name: String) throws -> String {
        let folder = try server.get()
        return "postgresql://sequencer@/\(name)?host=\(folder)"
    }

    /// Creates an empty database with a unique name and, when `migrated`, applies `Migrations/`.
    /// - Returns: its connection URL.
    public static func freshDatabase(migrated: Bool = true) throws -> String {
        let admin = try PostgresConnection(url: try url(database: "postgres"))
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try admin.execute("CREATE DATABASE \(name)")  // name is ours: hex digits only
        let databaseURL = try url(database: String(name))
        if migrated {
            let connection = try PostgresConnection(url: databaseURL)
            _ = try Migrator(connection: connection).migrate(try Migration.load(from: migrationsFolder))
        }
        if let pooler = poolerFolder {
            // An odd server time zone (UTC+12:45): nothing may depend on the session's TimeZone,
            // which a pooler cannot promise to set.
            try admin.execute("ALTER DATABASE \(name) SET TimeZone = 'Pacific/Chatham'")
            return "postgresql://sequencer@/\(name)?host=\(pooler)&port=\(PreparedStatements.pgBouncerPort)"
        }
        return databaseURL
    }

    /// The socket folder of the PgBouncer the tests go through, if any (`SEQUENCER_TEST_POOLER_DIR`).
    public static var poolerFolder: String? {
        ProcessInfo.processInfo.environment["SEQUENCER_TEST_POOLER_DIR"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The repository's `Migrations/` folder.
    public static var migrationsFolder: URL { repositoryRoot.appendingPathComponent("Migrations") }

    /// Runs `scripts/<name>` and returns its standard output.
    /// - Throws: `TestSupportError` with its standard error when it exits non-zero.
    @discardableResult
    public static func runScript(_ name: String, _ arguments: [String]) throws(TestSupportError) -> String {
        let result = try ChildProcess.run(repositoryRoot.appendingPathComponent("scripts/\(name)").path, arguments)
        guard result.status == 0 else {
            throw TestSupportError(reason: "scripts/\(name) \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.standardError)")
        }
        return result.standardOutput
    }
}

/// A test fixture that could not be set up.
public struct TestSupportError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

/// Runs a program to completion and captures its output.
public enum ChildProcess {
    /// What a finished process left.
    public struct Result: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
    }

    /// Runs `path` with `arguments`, optional standard input and extra environment variables.
    ///
    /// Uses `posix_spawn` and `waitpid` rather than Foundation's `Process`, whose exit monitoring
    /// can hang when first used inside a lazily initialised global. Output goes to temporary
    /// files, not pipes: a server the child starts in the background keeps its descriptors open.
    public static func run(_ path: String, _ arguments: [String], input: String? = nil,
                           environment: [String: String] = [:]) throws(TestSupportError) -> Result {
        let folder = FileManager.default.temporaryDirectory.path
        let stem = "\(folder)/child-\(UUID().uuidString)"
        let (inputPath, outputPath, errorPath) = (stem + ".in", stem + ".out", stem + ".err")
        defer { for file in [inputPath, outputPath, errorPath] { unlink(file) } }
        _ = FileManager.default.createFile(atPath: inputPath, contents: Data((input ?? "").utf8))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let variables = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid = pid_t()
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw TestSupportError(reason: "cannot run \(path): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let output = FileManager.default.contents(atPath: outputPath) ?? Data()
        let errors = FileManager.default.contents(atPath: errorPath) ?? Data()
        let result = Result(status: exitStatus, standardOutput: String(decoding: output, as: UTF8.self),
                            standardError: String(decoding: errors, as: UTF8.self))
        TestLog.append(result.standardOutput + result.standardError, to: "children.log",
                       heading: "\(URL(fileURLWithPath: path).lastPathComponent) (pid \(pid), exit \(exitStatus))")
        return result
    }
}
