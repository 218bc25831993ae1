import Foundation
import SequencerCore
import SequencerStore
import SequencerTestSupport
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `explain`, `preview`, `graph`, `status` per version and `sequences migrate` through the real
/// binary against a fresh database (issue 16).
@Suite struct OperatorCommandsTests {
    let cli: SequencerCLI
    let fixture: Fixture

    static let mondayNine = #"""
        {"name": "weekly", "steps": [
          {"key": "welcome", "runner": "Email", "config": {"from": "a@example.com", "to": "{{data.email}}", "subject": "Hi {{data.name}}"}, "next": "wait-for-monday"},
          {"key": "wait-for-monday", "runner": "WaitForDateComparison", "config": {"attribute": "day", "values": [1], "timeZone": "{{data.timeZone}}"}, "next": "wait-for-9am"},
          {"key": "wait-for-9am", "runner": "WaitForDateComparison", "config": {"attribute": "hour", "values": [9], "timeZone": "{{data.timeZone}}"}, "next": "monday-email"},
          {"key": "monday-email", "runner": "Email", "config": {"from": "a@example.com", "to": "{{data.email}}", "subject": "Good morning {{data.name}}"}}
        ]}
        """#

    init() throws {
        fixture = try Fixture()
        cli = SequencerCLI(databaseURL: fixture.url)
    }

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ops-\(UUID().uuidString).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Applies `mondayNine`, enrols two subjects on Sunday 2026-12-06 and ticks them to their waits.
    func enrolWeekly() throws {
        #expect(try cli.run(["sequences", "apply", try write(Self.mondayNine)]).status == 0)
        let subjects = """
            {"id": "ann", "data": {"email": "ann@example.com", "name": "Ann", "timeZone": "America/New_York"}}
            {"id": "bob", "data": {"email": "bob@example.com", "name": "Bob", "timeZone": "Europe/Paris"}}
            """
        #expect(try cli.run(["enroll", "weekly", "-", "--now", "2026-12-06T12:00:00Z"], input: subjects).status == 0)
        #expect(try cli.run(["tick", "--now", "2026-12-06T12:00:00Z"]).status == 0)
        #expect(try cli.run(["tick", "--now", "2026-12-07T05:00:00Z"]).status == 0)  // Monday in New York: on to wait-for-9am
    }

    @Test func explainNamesTheNextMatchOfAMondayNineWait() throws {
        try enrolWeekly()
        let result = try cli.run(["explain", "ann", "--now", "2026-12-07T06:00:00Z"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("active at wait-for-9am (WaitForDateComparison) since 2026-12-07T05:00:00Z"))
        let lines = result.standardOutput.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.contains("waits for hour in [9] in America/New_York: next match 2026-12-07T14:00:00Z"))
        #expect(lines.contains("version v1 (the latest)"))
        #expect(lines.contains("last checked 2026-12-07T05:00:00Z (1 hour ago)"))  // runners.checked_at, written by the tick
        let json = try JSONValue(parsing: try cli.run(["explain", "ann", "--json", "--now", "2026-12-07T06:00:00Z"]).standardOutput)
        #expect(json.arrayValue?.first?["step"] == "wait-for-9am")
        let unknown = try cli.run(["explain", "nobody"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError == "sequencer: no runner or subject with id \"nobody\"\n")
    }

    @Test func previewOverThreeWeeksWritesNothing() throws {
        try enrolWeekly()
        let tables = ["subjects", "runners", "runner_history", "deliveries", "sequences"]
        let before = try tables.map { try fixture.scalar("SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM sequencer.\($0) t") }
        let result = try cli.run(["preview", "weekly", "--subject", "bob", "--from", "2026-12-01T00:00:00Z", "--until", "2026-12-22T00:00:00Z"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("nothing is written or sent"))
        #expect(result.standardOutput.contains("    subject: Good morning Bob"))
        #expect(result.standardOutput.contains("2026-12-07T08:00:00Z  wait-for-9am → monday-email"))  // 09:00 in Paris
        #expect(result.standardOutput.contains("end: the runner left the sequence: completed"))
        let after = try tables.map { try fixture.scalar("SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM sequencer.\($0) t") }
        #expect(before == after)

        let runner = try write(#"{"id": "x", "data": {"email": "x@example.com", "name": "X"}, "stepEntredAt": "2026-12-01T00:00:00Z"}"#)
        let bad = try cli.run(["preview", "weekly", "--runner", runner, "--from", "2026-12-01T00:00:00Z", "--until", "2026-12-22T00:00:00Z"])
        #expect(bad.status == 2)
        #expect(bad.standardError.contains("/stepEntredAt: unknown field"))
    }

    @Test func graphWithCountsIsWellFormedSVGNamingEveryStepWithItsCount() throws {
        try enrolWeekly()
        let result = try cli.run(["graph", "weekly", "--format", "svg", "--counts", "--now", "2026-12-07T06:00:00Z"])
        #expect(result.status == 0, "\(result.standardError)")
        let texts = try SVGStepTexts(result.standardOutput)
        #expect(texts.wellFormed)
        #expect(texts.byStep["welcome"]?.contains("0 active") == true)
        #expect(texts.byStep["wait-for-monday"]?.contains("0 active") == true)
        #expect(texts.byStep["wait-for-9am"]?.contains("2 active") == true)  // both reached Monday in their zone by 05:00 UTC
        #expect(texts.byStep["monday-email"]?.contains("0 active") == true)
        #expect(Set(texts.byStep.keys) == ["welcome", "wait-for-monday", "wait-for-9am", "monday-email"])
        #expect(result.standardOutput.contains("enrolled · 2"))
        let mermaid = try cli.run(["graph", "weekly", "--format", "mermaid"])
        #expect(mermaid.standardOutput.hasPrefix("flowchart TD") || mermaid.standardOutput.contains("\nflowchart TD"))
        #expect(try cli.run(["graph", "weekly", "--format", "png"]).standardError == "sequencer: --format: \"png\" is not one of svg, dot, mermaid\n")
    }

    @Test func statusSplitsVersionsAndApplyCountsRunnersLeftBehind() throws {
        try enrolWeekly()
        let changed = Self.mondayNine.replacingOccurrences(of: "Good morning", with: "Hello")
        let applied = try cli.run(["sequences", "apply", try write(changed)])
        #expect(applied.standardOutput == "weekly: created version 2; 2 active runners stay on v1: `sequencer sequences migrate weekly --from 1 --to 2`\n")
        #expect(try cli.run(["enroll", "weekly", "-", "--now", "2026-12-07T06:00:00Z"], input: #"{"id": "cy", "data": {}}"#).status == 0)
        let rows = try cli.run(["status", "weekly"]).standardOutput.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.contains(["weekly", "v1", "wait-for-9am", "2", "0", "0", "0", "0", "2"]))
        #expect(rows.contains(["weekly", "v2", "welcome", "1", "0", "0", "0", "0", "1"]))
    }

    @Test func migrateMovesWaitingRunnersAndRefusesAnUnmappedStep() throws {
        try enrolWeekly()
        // Version 2 renames wait-for-9am: the runners there have nowhere to go without a mapping.
        let renamed = Self.mondayNine.replacingOccurrences(of: "wait-for-9am", with: "wait-for-ten")
            .replacingOccurrences(of: "\"values\": [9]", with: "\"values\": [10]")
        #expect(try cli.run(["sequences", "apply", try write(renamed)]).status == 0)
        let refused = try cli.run(["sequences", "migrate", "weekly", "--from", "1", "--to", "2"])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("wait-for-9am (2 runners) is not a step of the target version; map it with --map wait-for-9am=STEP"))
        #expect(refused.standardError.contains("nothing was moved"))
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners WHERE sequence_version = 2") == "0")

        let dry = try cli.run(["sequences", "migrate", "weekly", "--from", "1", "--to", "2", "--map", "wait-for-9am=wait-for-ten", "--dry-run"])
        #expect(dry.standardOutput.hasPrefix("weekly: would move 2 active runners from v1 to v2 (dry run"))
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners WHERE sequence_version = 2") == "0")

        let moved = try cli.run(["sequences", "migrate", "weekly", "--from", "1", "--to", "2", "--map", "wait-for-9am=wait-for-ten", "--now", "2026-12-07T06:00:00Z"])
        #expect(moved.status == 0, "\(moved.standardError)")
        #expect(moved.standardOutput.contains("weekly: moved 2 active runners from v1 to v2"))
        #expect(moved.standardOutput.contains("  wait-for-9am → wait-for-ten: 2"))
        let ann = try fixture.runner("ann")
        #expect(ann.version == 2 && ann.step == "wait-for-ten" && ann.visit == 3 && ann.wakeAt == .distantPast)
        #expect(try fixture.history("ann").last == HistoryEntry(runnerID: "ann", fromStep: "wait-for-9am", toStep: "wait-for-ten", action: .migrated,
                                                              message: "v1 → v2 (wait-for-9am mapped to wait-for-ten)",
                                                              at: Moment.parseISO8601("2026-12-07T06:00:00Z", defaultTimeZone: .gmt)!))
        // The next tick decides on version 2: 10:00 in New York.
        #expect(try cli.run(["tick", "--now", "2026-12-07T15:00:00Z"]).status == 0)
        #expect(try fixture.runner("ann").status == .completed)
        #expect(try fixture.scalar("SELECT payload->>'subject' FROM sequencer.deliveries WHERE runner_id = 'ann' AND step = 'monday-email'") == "Good morning Ann")
    }
}

/// The texts of an SVG document per `data-step` group, read with Foundation's XML parser.
struct SVGStepTexts {
    var wellFormed = false
    var byStep: [String: [String]] = [:]

    init(_ svg: String) throws {
        let delegate = Collector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = delegate
        wellFormed = parser.parse()
        byStep = delegate.texts
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var stack: [String?] = []
        var texts: [String: [String]] = [:]

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            stack.append(attributes["data-step"] ?? stack.last ?? nil)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard let step = stack.last ?? nil, !string.trimmingCharacters(in: .whitespaces).isEmpty else { return }
            texts[step, default: []].append(string)
        }
    }
}
