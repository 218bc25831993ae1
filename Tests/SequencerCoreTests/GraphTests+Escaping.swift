import Foundation
@testable import SequencerCore
import Testing

/// Step keys and texts that would break a format if written as they are. Parsed definitions
/// only allow `A–Z a–z 0–9 . _ -` in keys, but the renderers take any ``SequenceGraph``.
extension GraphTests {
    static let hostileKeys = [
        "<script>alert('x')</script>", "a & b", "say \"hi\"", "it's", "x\"]", "a --> b", "end", "o", "x",
        "back\\slash\\", "%%{init: {\"theme\": \"dark\"}}%%", "pipe|bar", "#35;", "`md`", "semi;colon",
        "line\nbreak", "ctrl\u{01}char", "Zoë 😀 名前", "__start", "v_start", "{{braces}}",
    ]

    static func hostileGraph() throws -> (SequenceDefinition, SequenceGraph) {
        let keys = hostileKeys
        var steps: [Step] = []
        for (index, key) in keys.enumerated() {
            let next = index + 1 < keys.count ? keys[index + 1] : nil
            if index % 3 == 0 {
                steps.append(try GraphFixtures.step(key, .email, """
                    {"from": "a@example.com", "to": "b@example.com", "subject": "<b>\(index)</b> & \\"quoted\\" --> ']"}
                    """, next: next, description: "</title><script>"))
            } else if index % 3 == 1 {
                steps.append(try GraphFixtures.step(key, .conditional, """
                    {"lodashCommand": "eq", "value": {"type": "get", "value": "data.x"}, "compareTo": {"type": "raw", "value": "\\"]<&>"}}
                    """, next: next, altNext: keys[0]))
            } else {
                steps.append(try GraphFixtures.step(key, .waitForDuration, #"{"amount": 1, "unit": "h"}"#, next: next))
            }
        }
        let definition = SequenceDefinition(name: "hostile <&> \"'", start: keys[0], steps: steps)
        return (definition, SequenceGraph(definition: definition))
    }

    @Test func hostileKeysStayWellFormedSVG() throws {
        let (definition, graph) = try Self.hostileGraph()
        var counts = GraphCounts()
        counts.addRunners(5, status: .active, at: definition.steps[0].key)
        for output in [GraphRenderer.svg(graph), GraphRenderer.svg(graph, counts: counts)] {
            #expect(!output.contains("<script"))
            let elements = try #require(XMLRecorder.read(output), "not well-formed XML")
            let keys = elements.compactMap { $0.attributes["data-step"] }
            let expected = definition.steps.map { SVGWriter.escapedText($0.key) }
            #expect(keys == expected)
            for step in definition.steps {
                #expect(elements.texts.contains(StepSummary.oneLine(step.key)), "\(step.key)")
            }
        }
    }

    @Test func xmlEscapingCoversMarkupQuotesAndForbiddenCharacters() {
        #expect(SVGWriter.escaped("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;")
        #expect(SVGWriter.escaped("a\u{0}b\u{1B}c\u{FFFE}") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
        #expect(SVGWriter.escaped("tab\there\nnew") == "tab&#9;here&#10;new")
        #expect(SVGWriter.number(-0.04) == "0")
        #expect(SVGWriter.number(12.25) == "12.3")
        #expect(SVGWriter.number(-3.14) == "-3.1")
    }

    @Test func hostileKeysAreQuotedInDOT() throws {
        let (definition, graph) = try Self.hostileGraph()
        let dot = GraphRenderer.dot(graph)
        let tokens = try #require(DOTTokens.quotedStrings(dot), "a quoted string is never closed")
        for step in definition.steps {
            #expect(tokens.contains(step.key), "\(step.key) is not a quoted ID")
        }
        // The virtual nodes step aside from keys that take their names.
        #expect(tokens.contains("__start_"))
        #expect(!dot.contains("\"\\N\""))
        #expect(DOTRenderer.quoted("a\"b\\") == "\"a\\\"b\\\\\"")
        #expect(DOTRenderer.quoted(label: ["\\N", "two"]) == "\"\\\\N\\ntwo\"")
    }

    @Test func hostileKeysAreSafeInMermaid() throws {
        let (definition, graph) = try Self.hostileGraph()
        let mermaid = GraphRenderer.mermaid(graph)
        let lines = mermaid.split(separator: "\n").map(String.init)
        #expect(lines[1] == "flowchart TD")
        #expect(lines[0].hasPrefix("%% ") && !lines[0].contains("{"))
        // Every node line: an ID we made, a shape, one quoted label free of quotes, tags and pipes.
        let node = /^    (s\d+|v_start|v_done|v_any)(\(\(\(|\(\(|\(\[|\{\{|\[\[|\(|\[|>)"((?:[^"<>|`]|<br\/>)*)"(\)\)\)|\)\)|\]\)|\}\}|\]\]|\)|\])$/
        let edge = /^    (s\d+|v_start|v_any) (-->|-\.->|==>)(\|"[^"<>|`]*"\|)? (s\d+|v_done)$/
        var nodeCount = 0
        for line in lines.dropFirst(2) where !line.hasPrefix("    classDef") && !line.hasPrefix("    class ") && !line.hasPrefix("    linkStyle") {
            if line.wholeMatch(of: node) != nil {
                nodeCount += 1
            } else {
                #expect(line.wholeMatch(of: edge) != nil, "unexpected line: \(line)")
            }
        }
        #expect(nodeCount == graph.nodes.count)
        #expect(!mermaid.contains("%%{"))
        for step in definition.steps {
            #expect(mermaid.contains(MermaidRenderer.escaped(step.key)))
        }
        #expect(MermaidRenderer.escaped("x\"]") == "x#quot;]")
        #expect(MermaidRenderer.escaped("<script>&#") == "#lt;script#gt;#amp;#35;")
        #expect(MermaidRenderer.escaped("a --> b | %%{x}%% `y` 15%") == "a --#gt; b #124; #37;#37;{x}#37;#37; #96;y#96; 15%")
    }
}

extension SVGWriter {
    /// What an XML reader gives back for `text` after ``escaped(_:)``.
    static func escapedText(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: scalar
            default: "\u{FFFD}"
            }
        }))
    }
}

/// Just enough of DOT's lexer to read quoted strings back (`\"` is a quote, `\\` stays two).
enum DOTTokens {
    static func quotedStrings(_ text: String) -> Set<String>? {
        var result: Set<String> = []
        var current: String?
        var iterator = Array(text).makeIterator()
        while let character = iterator.next() {
            guard var string = current else {
                if character == "\"" { current = "" }
                continue
            }
            if character == "\\" {
                guard let escaped = iterator.next() else { return nil }
                string += escaped == "\"" ? "\"" : (escaped == "\\" ? "\\" : "\\\(escaped)")
                current = string
            } else if character == "\"" {
                result.insert(string)
                current = nil
            } else {
                string.append(character)
                current = string
            }
        }
        return current == nil ? result : nil
    }
}
