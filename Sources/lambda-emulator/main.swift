// lambda-emulator: runs one Lambda handler locally against the Runtime API emulator.
//
//   lambda-emulator [--bootstrap PATH] --handler NAME [--event FILE|-] [--deadline-seconds N]
//   lambda-emulator --serve-only [--count N] [--event FILE|-] [--deadline-seconds N]
//
// Exit status: 0 the handler answered, 1 it failed (error, timeout, runtime exit),
// 2 init error, 64 bad usage.

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SequencerTestSupport

let usage = """
    Usage: lambda-emulator [--bootstrap PATH] --handler NAME [options]
           lambda-emulator --serve-only [--count N] [options]

    Starts an AWS Lambda Runtime API emulator on 127.0.0.1, runs the bootstrap binary against it
    with one event, prints the function's response on standard output (its error on standard
    error, exit 1; an init error exits 2), then stops the bootstrap with SIGTERM.

    Options:
      --bootstrap PATH        the runtime to run (default: `bootstrap` beside this executable)
      --handler NAME          the handler, passed as _HANDLER (required unless --serve-only)
      --event FILE|-          the event JSON, from a file or standard input (default: {})
      --deadline-seconds N    the invocation's timeout in seconds (default: 3)
      --function-name NAME    AWS_LAMBDA_FUNCTION_NAME (default: lambda-emulator)
      --memory MB             AWS_LAMBDA_FUNCTION_MEMORY_SIZE (default: 128)
      --region REGION         AWS_REGION (default: $AWS_REGION, else us-east-1)
      --serve-only            start no runtime: print AWS_LAMBDA_RUNTIME_API=HOST:PORT on the
                              first line of standard output, then serve --count copies of the
                              event to whatever runtime connects, printing each answer
      --count N               events to queue with --serve-only (default: 1)
      --events FILE           with --serve-only: queue one event per line of FILE (JSON Lines)
                              instead of --count copies of --event
      --busy-poll-us N        spin N µs on each connection before blocking (for latency
                              benchmarks on VMs; default: 0)
      -h, --help              show this help

    The bootstrap inherits this environment plus AWS_LAMBDA_RUNTIME_API, _HANDLER,
    AWS_LAMBDA_FUNCTION_NAME, AWS_LAMBDA_FUNCTION_MEMORY_SIZE, AWS_LAMBDA_FUNCTION_VERSION
    ($LATEST) and AWS_REGION; its standard output goes to standard error.

    """

struct Options {
    var bootstrap: String?
    var handler: String?
    var eventSource: String?
    var eventsFile: String?
    var deadlineSeconds = 3.0
    var functionName = "lambda-emulator"
    var memory = 128
    var region = ProcessInfo.processInfo.environment["AWS_REGION"].flatMap { $0.isEmpty ? nil : $0 } ?? "us-east-1"
    var serveOnly = false
    var count = 1
    var busyPollMicroseconds = 0
}

func fail(_ message: String, status: Int32 = 64) -> Never {
    FileHandle.standardError.write(Data("lambda-emulator: \(message)\n".utf8))
    exit(status)
}

func parseOptions(_ arguments: [String]) -> Options {
    var options = Options()
    var remaining = arguments[...]
    func value(_ flag: String) -> String {
        guard let value = remaining.popFirst() else { fail("\(flag) needs a value\n\n\(usage)") }
        return value
    }
    while let argument = remaining.popFirst() {
        switch argument {
        case "--bootstrap": options.bootstrap = value(argument)
        case "--handler": options.handler = value(argument)
        case "--event": options.eventSource = value(argument)
        case "--events": options.eventsFile = value(argument)
        case "--deadline-seconds":
            guard let seconds = Double(value(argument)), seconds > 0 else { fail("--deadline-seconds must be a positive number") }
            options.deadlineSeconds = seconds
        case "--function-name": options.functionName = value(argument)
        case "--memory":
            guard let memory = Int(value(argument)), memory > 0 else { fail("--memory must be a positive whole number of MB") }
            options.memory = memory
        case "--region": options.region = value(argument)
        case "--serve-only": options.serveOnly = true
        case "--count":
            guard let count = Int(value(argument)), count > 0 else { fail("--count must be a positive whole number") }
            options.count = count
        case "--busy-poll-us":
            guard let microseconds = Int(value(argument)), microseconds >= 0 else { fail("--busy-poll-us must be a whole number of µs") }
            options.busyPollMicroseconds = microseconds
        case "-h", "--help":
            print(usage, terminator: "")
            exit(0)
        default:
            fail("unknown argument \(argument)\n\n\(usage)")
        }
    }
    if !options.serveOnly, options.handler?.isEmpty ?? true { fail("--handler is required\n\n\(usage)") }
    if options.eventsFile != nil, !options.serveOnly { fail("--events goes with --serve-only") }
    return options
}

func readEvent(_ source: String?) -> Data {
    switch source {
    case nil: return Data("{}".utf8)
    case "-": return FileHandle.standardInput.readDataToEndOfFile()
    case let path?:
        // FileHandle, not FileManager.contents: it also reads pipes such as `<(…)`.
        guard let file = FileHandle(forReadingAtPath: path), let data = try? file.readToEnd() else {
            fail("cannot read the event file \(path)", status: 66)
        }
        return data
    }
}

/// Writes an answer's body, with a newline when a person is reading.
func emit(_ body: Data, to handle: FileHandle, descriptor: Int32) {
    handle.write(body)
    if isatty(descriptor) == 1, body.last != UInt8(ascii: "\n") { handle.write(Data("\n".utf8)) }
}

/// Starts `path` with `environment`, its standard output sent to our standard error.
func spawn(_ path: String, environment: [String: String]) -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, 2, 1)
    let argv: [UnsafeMutablePointer<CChar>?] = [strdup(path), nil]
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid = pid_t()
    let status = posix_spawn(&pid, path, &actions, nil, argv, envp)
    guard status == 0 else { fail("cannot run \(path): \(String(cString: strerror(status)))", status: 1) }
    return pid
}

/// The exit status of `pid` if it has ended (without waiting), as a shell reports it.
func exitStatus(of pid: pid_t, blocking: Bool = false) -> Int32? {
    var status: Int32 = 0
    var result: pid_t
    repeat { result = waitpid(pid, &status, blocking ? 0 : WNOHANG) } while result == -1 && errno == EINTR
    guard result == pid else { return nil }
    // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}

/// SIGTERM, then SIGKILL if the runtime is still there after 2 s.
func terminate(_ pid: pid_t) {
    guard exitStatus(of: pid) == nil else { return }
    kill(pid, SIGTERM)
    let deadline = Date(timeIntervalSinceNow: 2)
    while Date() < deadline {
        if exitStatus(of: pid) != nil { return }
        usleep(10_000)
    }
    kill(pid, SIGKILL)
    _ = exitStatus(of: pid, blocking: true)
}

// MARK: Main

let options = parseOptions(Array(CommandLine.arguments.dropFirst()))
let event = readEvent(options.eventSource)
let emulator: RuntimeAPIEmulator
do {
    emulator = try RuntimeAPIEmulator(busyPollMicroseconds: options.busyPollMicroseconds)
} catch {
    fail("\(error)", status: 1)
}
let functionARN = "arn:aws:lambda:\(options.region):123456789012:function:\(options.functionName)"
func makeInvocation(_ body: Data = event) -> RuntimeAPIEmulator.Invocation {
    let deadline = Int64((Date().timeIntervalSince1970 + options.deadlineSeconds) * 1_000)
    return .init(body: body, deadlineMilliseconds: deadline, functionARN: functionARN)
}

/// The events of `--events`: one per non-empty line.
func readEvents(_ path: String) -> [Data] {
    readEvent(path).split(separator: UInt8(ascii: "\n")).filter { !$0.isEmpty }.map { Data($0) }
}

if options.serveOnly {
    let invocations = options.eventsFile.map { readEvents($0).map { makeInvocation($0) } }
        ?? (0..<options.count).map { _ in makeInvocation() }
    invocations.forEach(emulator.enqueue)
    FileHandle.standardOutput.write(Data("AWS_LAMBDA_RUNTIME_API=\(emulator.address)\n".utf8))
    var failed = false
    for invocation in invocations {
        var outcome: RuntimeAPIEmulator.Outcome?
        while outcome == nil {
            if let initError = emulator.waitForInitError(timeout: 0) {
                emit(initError.body, to: .standardError, descriptor: 2)
                exit(2)
            }
            outcome = emulator.waitForOutcome(of: invocation.requestID, timeout: 0)
            // Sleep rather than wait on the emulator's condition, which would wake this thread on
            // every request and slow the runtime under test (and benchmarks) down.
            if outcome == nil { usleep(20_000) }
        }
        switch outcome! {
        case .response(let body, _): FileHandle.standardOutput.write(body + Data("\n".utf8))
        case .error(let body, _): FileHandle.standardError.write(body + Data("\n".utf8)); failed = true
        }
    }
    emulator.stop()
    exit(failed ? 1 : 0)
}

let bootstrap = options.bootstrap ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    .deletingLastPathComponent().appendingPathComponent("bootstrap").path
guard FileManager.default.isExecutableFile(atPath: bootstrap) else { fail("no executable bootstrap at \(bootstrap)", status: 1) }

let invocation = makeInvocation()
emulator.enqueue(invocation)
var environment = ProcessInfo.processInfo.environment
environment["AWS_LAMBDA_RUNTIME_API"] = emulator.address
environment["_HANDLER"] = options.handler
environment["AWS_LAMBDA_FUNCTION_NAME"] = options.functionName
environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = String(options.memory)
environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST"
environment["AWS_REGION"] = options.region
let runtime = spawn(bootstrap, environment: environment)

/// Waits for the answer, an init error, the runtime's exit or the deadline.
/// - Returns: the exit status, and whether the runtime has already ended (and was reaped).
func awaitResult() -> (status: Int32, runtimeEnded: Bool) {
    let deadline = Date(timeIntervalSince1970: Double(invocation.deadlineMilliseconds) / 1_000)
    var runtimeEnded = false
    while true {
        if let outcome = emulator.waitForOutcome(of: invocation.requestID, timeout: runtimeEnded ? 0 : 0.02) {
            switch outcome {
            case .response(let body, _):
                emit(body, to: .standardOutput, descriptor: 1)
                return (0, runtimeEnded)
            case .error(let body, _):
                emit(body, to: .standardError, descriptor: 2)
                return (1, runtimeEnded)
            }
        }
        if let initError = emulator.waitForInitError(timeout: 0) {
            emit(initError.body, to: .standardError, descriptor: 2)
            return (2, runtimeEnded)
        }
        if runtimeEnded {
            return (1, true)
        }
        if let status = exitStatus(of: runtime) {
            // Look once more for an answer posted just before the exit.
            FileHandle.standardError.write(Data("lambda-emulator: the runtime exited with status \(status)\n".utf8))
            runtimeEnded = true
            continue
        }
        if Date() > deadline {
            FileHandle.standardError.write(Data("Task timed out after \(String(format: "%.2f", options.deadlineSeconds)) seconds\n".utf8))
            return (1, false)
        }
    }
}

let result = awaitResult()
if !result.runtimeEnded { terminate(runtime) }
emulator.stop()
exit(result.status)
