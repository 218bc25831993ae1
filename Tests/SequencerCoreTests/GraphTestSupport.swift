import Foundation
import SequencerCore
import SequencerTestSupport
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Sequences, counts and an XML reader for the graph tests.
enum GraphFixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The files in `examples/sequences`, by file name, in name order.
    static func examples() throws -> [(file: String, definition: SequenceDefinition)] {
        let folder = repository.appendingPathComponent("examples/sequences")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        return try files.map { file in
            let json = try JSONValue(parsing: try Data(contentsOf: folder.appendingPathComponent(file)))
            return (file, try SequenceDefinition.parse(json))
        }
    }

    /// The demo campaign.
    static func trialOnboarding() throws -> SequenceDefinition {
        try examples().first { $0.file == "10-trial-onboarding.json" }!.definition
    }

    /// A definition from JSON text, validated.
    static func parse(_ text: String) throws -> SequenceDefinition {
        try SequenceDefinition.parse(try JSONValue(parsing: text))
    }

    /// A step built without validation, so keys may hold anything.
    static func step(_ key: String, _ runner: BuiltinRunner, _ config: String, next: String? = nil,
                     altNext: String? = nil, description: String? = nil) throws -> Step {
        let json = try JSONValue(parsing: config)
        return Step(key: key, runner: .builtin(runner), config: json, builtin: try BuiltinStepConfig.parse(runner, config: json),
                    next: next, altNext: altNext, description: description)
    }

    /// Real counts of the demo campaign: `runners` and `runner_history` of trial-onboarding
    /// after `scripts/demo`'s steps up to 2026-12-07T12:00:00Z, grouped as `sequencer graph
    /// --counts` would query them (`Fixtures/graph-demo-counts.json`).
    static func demoCounts() throws -> GraphCounts {
        let url = repository.appendingPathComponent("Tests/SequencerCoreTests/Fixtures/graph-demo-counts.json")
        let root = try JSONValue(parsing: try Data(contentsOf: url)).objectValue ?? [:]
        let window = root["window"]?.objectValue ?? [:]
        let date = { (name: String) in Moment.parseISO8601(window[name]?.stringValue ?? "", defaultTimeZone: .gmt)! }
        var counts = GraphCounts(window: DateInterval(start: date("start"), end: date("end")))
        for row in root["runners"]?.arrayValue ?? [] {
            let row = row.objectValue ?? [:]
            counts.addRunners(Int(row["count"]?.numberValue ?? 0), status: RunnerStatus(rawValue: row["status"]?.stringValue ?? "")!,
                              at: row["step"]?.stringValue ?? "")
        }
        for row in root["transitions"]?.arrayValue ?? [] {
            let row = row.objectValue ?? [:]
            counts.addTransitions(Int(row["count"]?.numberValue ?? 0), from: row["from"]?.stringValue,
                                  to: row["to"]?.stringValue, action: row["action"]?.stringValue ?? "")
        }
        return counts
    }

    /// Made-up counts with runners at every step and moves on every edge, the same every time.
    static func syntheticCounts(for definition: SequenceDefinition) -> GraphCounts {
        var counts = GraphCounts()
        for (index, step) in definition.steps.enumerated() {
            counts.addRunners(7 * index % 50 + 3, status: .active, at: step.key)
            if index % 4 == 1 { counts.addRunners(index, status: .failed, at: step.key) }
        }
        for (index, edge) in SequenceGraph(definition: definition).edges.enumerated() {
            counts.addTransitions(1_200 - 37 * index, from: edge.from.stepKey ?? definition.start, to: edge.to.stepKey,
                                  action: edge.kind == .entry ? "enrolled" : edge.kind.rawValue)
        }
        return counts
    }
}

/// An element read back from an SVG: its name, attributes and text.
struct XMLElementRecord {
    var name: String
    var attributes: [String: String]
    var text = ""
}

/// Reads an XML document with Foundation's `XMLParser`; `nil` when it is not well-formed.
final class XMLRecorder: NSObject, XMLParserDelegate {
    private(set) var elements: [XMLElementRecord] = []
    private var open: [Int] = []

    static func read(_ document: String) -> [XMLElementRecord]? {
        let parser = XMLParser(data: Data(document.utf8))
        let recorder = XMLRecorder()
        parser.delegate = recorder
        return parser.parse() ? recorder.elements : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(XMLElementRecord(name: name, attributes: attributes))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let last = open.last { elements[last].text += string }
    }
}

extension [XMLElementRecord] {
    /// The boxes of the nodes (`class="node-box"` rects and circles).
    var nodeBoxes: [(x: Double, y: Double, width: Double, height: Double)] {
        filter { ($0.attributes["class"] ?? "") == "node-box" }.map { element in
            let value = { (name: String) in Double(element.attributes[name] ?? "") ?? .nan }
            if element.name == "circle" {
                return (value("cx") - value("r"), value("cy") - value("r"), 2 * value("r"), 2 * value("r"))
            }
            return (value("x"), value("y"), value("width"), value("height"))
        }
    }

    /// Every text of every `<text>` element.
    var texts: [String] { filter { $0.name == "text" }.map(\.text) }
}
