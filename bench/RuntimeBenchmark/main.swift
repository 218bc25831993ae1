import Foundation
import SequencerTestSupport
#if canImport(Glibc)
import Glibc
#endif

// Lambda runtime benchmark: our `bootstrap` against AWS's Python runtime client (awslambdaric),
// both against the same Runtime API emulator in the same run, plus a raw-socket client that
// shows what the emulator itself costs. Run through bench/runtime.sh.
//
//   RuntimeBenchmark --bootstrap PATH --python PATH --task-root DIR [--iterations 2000] [--starts 25]
//                    [--zip FILE] [--before DIR]
//
// With --zip, the bootstrap is the one unpacked from that Lambda zip and runs as Lambda runs it:
// LD_LIBRARY_PATH=<its folder>/lib, LAMBDA_TASK_ROOT=<its folder> (zoneinfo/). --before DIR adds
// another unpacked zip (an earlier build) to the same run, for before/after figures.

struct Options {
    var bootstrap = ""
    var python = ""
    var cLoop = ""
    var taskRoot = ""
    var zip = ""
    var before = ""
    var iterations = 2_000
    var starts = 25

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            let value = iterator.next() ?? ""
            switch flag {
            case "--bootstrap": bootstrap = value
            case "--python": python = value
            case "--c-loop": cLoop = value
            case "--task-root": taskRoot = value
            case "--zip": zip = value
            case "--before": before = value
            case "--iterations": iterations = Int(value) ?? iterations
            case "--starts": starts = Int(value) ?? starts
            default: fatalError("unknown option \(flag)")
            }
        }
    }
}

/// A runtime to measure: how to start it against an emulator.
struct Runtime {
    var name: String
    var path: String
    var arguments: [String]
    var environment: [String: String]

    func start(against emulator: RuntimeAPIEmulator) throws -> BackgroundProcess {
        var variables = environment
        variables["AWS_LAMBDA_RUNTIME_API"] = emulator.address
        variables["AWS_LAMBDA_FUNCTION_NAME"] = "bench"
        variables["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "128"
        variables["AWS_REGION"] = "us-west-2"
        variables["AWS_LAMBDA_LOG_LEVEL"] = "WARN"
        return try BackgroundProcess(path, arguments, environment: variables)
    }
}

let event = Data(#"{"config":{"step":"x"},"runners":[]}"#.utf8)

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

/// The emulator used for measuring: it spins briefly before blocking on a read, so the figures
/// are not dominated by this VM's cost of waking an idle CPU (see RuntimeAPIEmulator).
func makeEmulator() throws -> RuntimeAPIEmulator {
    try RuntimeAPIEmulator(busyPollMicroseconds: Int(ProcessInfo.processInfo.environment["BENCH_BUSY_POLL_US"] ?? "50") ?? 50)
}

/// Median seconds from spawning the process to the arrival of its first `GET /next`.
func startToFirstPoll(_ runtime: Runtime, starts: Int) throws -> Double {
    var samples: [Double] = []
    for _ in 0..<starts {
        let emulator = try makeEmulator()
        let started = ContinuousClock.now
        let process = try runtime.start(against: emulator)
        guard emulator.waitForPolls(1, timeout: 30), let first = emulator.requests.first else {
            fatalError("\(runtime.name) never polled: \(process.standardError)")
        }
        samples.append(interval(from: started, to: first.receivedAt))
        process.terminate()
        emulator.stop()
    }
    return median(samples)
}

func interval(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Double {
    let elapsed = end - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// Round trips, measured inside the emulator: every invocation is queued up front, so one
/// round trip is the time between two consecutive `/response` posts (deliver the event, run the
/// handler, post the response, poll again). The first 100 warm up.
func measuredRoundTrips(_ emulator: RuntimeAPIEmulator, iterations: Int, prefix: String) -> [Double] {
    let total = iterations + 101
    for index in 0..<total {
        var invocation = RuntimeAPIEmulator.Invocation(body: event)
        invocation.requestID = "\(prefix)-\(index)"
        emulator.enqueue(invocation)
    }
    guard emulator.waitForOutcome(of: "\(prefix)-\(total - 1)", timeout: 120) != nil else { fatalError("\(prefix): no answer") }
    let responses = emulator.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/response") }.map(\.receivedAt)
    return zip(responses.dropFirst(), responses).dropFirst(100).map { interval(from: $1, to: $0) }
}

/// Round trips of one runtime, and its resident memory afterwards (KiB).
func roundTrips(_ runtime: Runtime, iterations: Int) throws -> (samples: [Double], rssKiB: Int) {
    let emulator = try makeEmulator()
    let process = try runtime.start(against: emulator)
    defer { process.terminate(); emulator.stop() }
    let samples = measuredRoundTrips(emulator, iterations: iterations, prefix: runtime.name.split(separator: " ")[0].lowercased())
    return (samples, residentKiB(process.pid))
}

/// Round trips of a minimal raw-socket runtime (one keep-alive connection, hand-written HTTP):
/// the emulator and the loopback alone.
func rawClientRoundTrips(iterations: Int) throws -> [Double] {
    let emulator = try makeEmulator()
    defer { emulator.stop() }
    let port = UInt16(emulator.address.split(separator: ":").last!)!
    let client = Thread {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        func readResponse() -> String {
            var received = ""
            while true {
                let count = recv(socket, &buffer, buffer.count, 0)
                if count <= 0 { return received }
                received += String(decoding: buffer[0..<count], as: UTF8.self)
                if let headerEnd = received.range(of: "\r\n\r\n") {
                    let head = received[..<headerEnd.lowerBound].lowercased()
                    let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                    if received.utf8.count - received.utf8.distance(from: received.startIndex, to: headerEnd.upperBound) >= length {
                        return received
                    }
                }
            }
        }
        func send(_ text: String) { _ = text.withCString { Glibc.send(socket, $0, strlen($0), 0) } }
        while true {
            send("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n")
            let answer = readResponse()
            guard let line = answer.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("lambda-runtime-aws-request-id:") }) else { break }
            let id = line.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces)
            send("POST /2018-06-01/runtime/invocation/\(id)/response HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n[]")
            _ = readResponse()
        }
        close(socket)
    }
    client.start()
    return measuredRoundTrips(emulator, iterations: iterations, prefix: "raw")
}

func residentKiB(_ pid: pid_t) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
    return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0
}

let options = Options(CommandLine.arguments)
/// The environment Lambda gives a function unpacked in `folder` (/var/task).
func unpackedEnvironment(_ bootstrap: String) -> [String: String] {
    let folder = (bootstrap as NSString).deletingLastPathComponent
    return ["_HANDLER": "GoTo", "LD_LIBRARY_PATH": folder + "/lib", "LAMBDA_TASK_ROOT": folder]
}
let ours = Runtime(name: "bootstrap (Swift, libcurl)", path: options.bootstrap, arguments: [],
                   environment: options.zip.isEmpty ? ["_HANDLER": "GoTo"] : unpackedEnvironment(options.bootstrap))
let aws = Runtime(name: "awslambdaric (Python)", path: options.python, arguments: ["-m", "awslambdaric", "handler.handle"],
                  environment: ["LAMBDA_TASK_ROOT": options.taskRoot, "PYTHONPATH": options.taskRoot,
                                "_HANDLER": "handler.handle", "HOME": NSTemporaryDirectory()])

print("Runtime benchmark, \(options.iterations) invocations, \(options.starts) cold starts each")
let raw = try rawClientRoundTrips(iterations: options.iterations)
print(String(format: "emulator + raw socket client: round trip median %.1f µs, p90 %.1f µs", median(raw) * 1e6, percentile(raw, 0.9) * 1e6))

var rows: [(String, Double, Double, Double, Int)] = []
let bare = Runtime(name: "bare C loop over libcurl", path: options.cLoop, arguments: [], environment: [:])
var runtimes = [ours, aws, bare]
if !options.before.isEmpty {
    runtimes.append(Runtime(name: "bootstrap before (--before)", path: options.before + "/bootstrap", arguments: [],
                            environment: unpackedEnvironment(options.before + "/bootstrap")))
}
for runtime in runtimes {
    let start = try startToFirstPoll(runtime, starts: options.starts)
    let (samples, rss) = try roundTrips(runtime, iterations: options.iterations)
    rows.append((runtime.name, start, median(samples), percentile(samples, 0.9), rss))
}
print("")
print("runtime                      start→first poll  round trip median       p90   RSS after")
for row in rows {
    let name = row.0.padding(toLength: 28, withPad: " ", startingAt: 0)
    print(name + String(format: " %13.2f ms %15.1f µs %7.1f µs %7d KiB", row.1 * 1e3, row.2 * 1e6, row.3 * 1e6, row.4))
}
let size = (try? FileManager.default.attributesOfItem(atPath: options.bootstrap)[.size] as? Int) ?? 0
print("")
print(String(format: "start→first poll: bootstrap / awslambdaric = %.3f (goal ≤ 0.25)", rows[0].1 / rows[1].1))
print(String(format: "round trip:       bootstrap / awslambdaric = %.3f (goal ≤ 0.5)", rows[0].2 / rows[1].2))
print(String(format: "round trip:       bootstrap / raw client   = %.2f", rows[0].2 / median(raw)))
let startRatio = rows[0].1 / rows[2].1
print(String(format: "start→first poll: bootstrap / bare C loop  = %.3f (goal ≤ 1.15: %@)", startRatio, startRatio <= 1.15 ? "met" : "MISSED"))
print(String(format: "round trip:       bootstrap / bare C loop  = %.2f", rows[0].2 / rows[2].2))
if rows.count > 3 {
    print(String(format: "start→first poll: bootstrap / before       = %.3f", rows[0].1 / rows[3].1))
    print(String(format: "round trip:       bootstrap / before       = %.3f (goal ≤ 1: unchanged or better)", rows[0].2 / rows[3].2))
}
print("bootstrap binary: \(size) bytes (\(size / 1024) KiB)")
if !options.zip.isEmpty {
    let zipSize = (try? FileManager.default.attributesOfItem(atPath: options.zip)[.size] as? Int) ?? 0
    let mib = Double(zipSize) / 1_048_576
    print(String(format: "Lambda zip: %d bytes (%.2f MiB; goal ≤ 8 MiB: %@)", zipSize, mib, mib <= 8 ? "met" : "MISSED"))
}
