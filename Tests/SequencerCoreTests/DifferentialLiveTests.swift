import Foundation
import Testing

/// Re-runs `Tests/reference/differential.js` against the real lodash and moment-timezone
/// (Debian's node-lodash, node-moment, node-moment-timezone, which `scripts/test` installs) and
/// checks it still produces the committed corpus. Without node or the modules the test is a
/// known issue locally and a failure on CI (`CI=true`).
@Suite("Differential corpus against node")
struct DifferentialLiveTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let nodeModules = "/usr/share/nodejs"

    /// `node` on `PATH`, when the lodash and moment-timezone modules are installed too.
    static func node() -> URL? {
        let environment = ProcessInfo.processInfo.environment
        let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        guard let node = directories.map({ URL(fileURLWithPath: $0).appendingPathComponent("node") })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
        else { return nil }
        let modules = ["lodash", "moment", "moment-timezone"]
        let paths = [nodeModules] + (environment["NODE_PATH"] ?? "").split(separator: ":").map(String.init)
        let present = modules.allSatisfy { module in
            paths.contains { FileManager.default.fileExists(atPath: "\($0)/\(module)") }
        }
        return present ? node : nil
    }

    @Test("differential.js regenerates the committed corpus")
    func regenerates() throws {
        guard let node = Self.node() else {
            let reason = "node with lodash, moment and moment-timezone in \(Self.nodeModules) is missing (install node-lodash node-moment node-moment-timezone): the corpus was not re-checked against the real libraries"
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record(Comment(rawValue: reason))
            } else {
                withKnownIssue(Comment(rawValue: reason)) { Issue.record(Comment(rawValue: reason)) }
            }
            return
        }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("differential-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = node
        process.arguments = [Self.repository.appendingPathComponent("Tests/reference/differential.js").path, output.path]
        var environment = ProcessInfo.processInfo.environment
        environment["NODE_PATH"] = [Self.nodeModules, environment["NODE_PATH"]].compactMap { $0 }.joined(separator: ":")
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "differential.js failed: \(message)")

        let fresh = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        let committed = try String(contentsOf: DifferentialCorpusTests.fixtureURL, encoding: .utf8).split(separator: "\n")
        #expect(fresh.count == committed.count, "differential.js made \(fresh.count) cases, the fixture has \(committed.count)")
        let differing = zip(fresh, committed).enumerated().filter { $0.element.0 != $0.element.1 }.map { $0.offset + 1 }
        #expect(differing.isEmpty, """
            the real libraries now answer differently on lines \(differing.prefix(20)) of the fixture; \
            rerun `NODE_PATH=/usr/share/nodejs node Tests/reference/differential.js`, review and commit
            """)
    }
}
