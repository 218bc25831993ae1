import Foundation
import SequencerCore
import Testing

/// `sequencer graph`'s pure core: the graph of a definition, counts, and the three formats.
struct GraphTests {
    @Test(arguments: GraphFormat.allCases)
    func everyStepAppearsInEveryFormat(format: GraphFormat) throws {
        for (_, definition) in try GraphFixtures.examples() {
            let output = GraphRenderer.render(SequenceGraph(definition: definition), as: format)
            for step in definition.steps {
                #expect(output.contains(step.key), "\(format) lacks \(step.key)")
            }
        }
    }

    @Test func nodesAreTheStepsInFileOrderWithTheVirtualNodes() throws {
        let definition = try GraphFixtures.trialOnboarding()
        let graph = SequenceGraph(definition: definition)
        #expect(graph.steps.map(\.title) == definition.steps.map(\.key))
        #expect(graph.nodes.first?.id == .entry)
        #expect(graph.nodes.contains { $0.id == .anyStep })
        #expect(graph.nodes.last?.id == .completed)
        #expect(graph.node(.step("wait-for-9am"))?.summary == "hour in [9] (data.timeZone)")
        #expect(graph.node(.step("wait-2-days"))?.summary == "wait 2 days")
        #expect(graph.node(.step("wait-1-day"))?.summary == "wait 1 day")
        #expect(graph.node(.step("is-pro"))?.summary == "data.plan eq \"pro\"")
        #expect(graph.node(.step("no-phone"))?.summary == "isNil(data.phone)")
        #expect(graph.node(.step("converted"))?.summary == "when data.converted eq true")
        #expect(graph.node(.step("follow-up-again"))?.summary == "go to offer-still-open")
        #expect(graph.node(.step("wait-for-webinar"))?.summary == "until 2026-12-10T17:00:00Z")
        #expect(graph.node(.step("welcome-email"))?.summary == "email: Welcome to Acme, {{data.firs…")
        #expect(graph.steps.allSatisfy { $0.summary.count <= GraphNode.summaryLimit })
    }

    @Test func edgesOfEveryKind() throws {
        let definition = try GraphFixtures.parse("""
            {"name": "kinds", "start": "check", "steps": [
              {"key": "check", "runner": "Conditional", "config": {"lodashCommand": "isNil", "value": {"type": "get", "value": "data.x"}},
               "next": "wait", "altNext": null},
              {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "h"}, "next": "again", "altNext": "check"},
              {"key": "again", "runner": "GoTo", "config": {"step": "check"}, "next": "wait"},
              {"key": "won", "runner": "Goal", "config": {"lodashCommand": "eq", "value": {"type": "get", "value": "data.won"}, "compareTo": {"type": "raw", "value": true}},
               "next": "score"},
              {"key": "score", "runner": "arn:aws:lambda:us-west-2:123456789012:function:score-lead", "config": {}, "next": "score"}
            ]}
            """)
        let graph = SequenceGraph(definition: definition)
        #expect(graph.edges == [
            GraphEdge(from: .entry, to: .step("check"), kind: .entry),
            GraphEdge(from: .step("check"), to: .step("wait"), kind: .next),
            GraphEdge(from: .step("check"), to: .completed, kind: .altNext),
            GraphEdge(from: .step("wait"), to: .step("again"), kind: .next),  // a wait never answers altNext
            GraphEdge(from: .step("again"), to: .step("check"), kind: .goTo),  // a GoTo's next is not used
            GraphEdge(from: .step("won"), to: .step("score"), kind: .next),
            GraphEdge(from: .step("score"), to: .step("score"), kind: .next),
            GraphEdge(from: .step("score"), to: .completed, kind: .altNext),
            GraphEdge(from: .anyStep, to: .step("won"), kind: .goal),
        ])
        #expect(graph.node(.step("score"))?.kind == .lambda)
        #expect(graph.node(.step("score"))?.summary == "λ score-lead")

        let dot = GraphRenderer.dot(graph)
        #expect(dot.contains("\"__any_step\" -> \"won\" [label=\"goal\", color=\"#15803d\", fontcolor=\"#15803d\", style=dashed];"))
        #expect(dot.contains("\"again\" -> \"check\" [label=\"go to\""))
        #expect(dot.contains("\"check\" -> \"__completed\" [label=\"altNext\""))
        #expect(dot.contains("\"__start\" -> \"check\" [color="))
        let mermaid = GraphRenderer.mermaid(graph)
        #expect(mermaid.contains("v_any -.->|\"goal\"| s3"))
        #expect(mermaid.contains("s2 ==>|\"go to\"| s0"))
        #expect(mermaid.contains("s0 -->|\"altNext\"| v_done"))
        #expect(mermaid.contains("v_start --> s0"))
        let svg = try #require(XMLRecorder.read(GraphRenderer.svg(graph)))
        let classes = svg.compactMap { $0.attributes["class"] }
        for kind in GraphEdgeKind.allCases where kind != .split {  // Split edges: MessagingCoreTests
            #expect(classes.contains { $0.hasPrefix("edge edge-\(kind.rawValue)") })
        }
        #expect(svg.contains { $0.attributes["class"] == "edge edge-goal" && $0.name == "g" })
        #expect(svg.contains { $0.name == "path" && $0.attributes["stroke-dasharray"] == "6 4" })
    }

    @Test func aSequenceWithoutGoalsOrEndsHasNoSuchNodes() throws {
        let definition = try GraphFixtures.parse("""
            {"name": "loop", "steps": [{"key": "a", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "d"}, "next": "a"}]}
            """)
        let graph = SequenceGraph(definition: definition)
        #expect(graph.nodes.map(\.id) == [.entry, .step("a")])
        #expect(graph.edges.map(\.kind) == [.entry, .next])
    }

    @Test(arguments: GraphFormat.allCases)
    func countsAppearOnNodesAndEdges(format: GraphFormat) throws {
        let definition = try GraphFixtures.trialOnboarding()
        var counts = GraphCounts()
        counts.addRunners(120, status: .active, at: "wait-2-days")
        counts.addRunners(3, status: .failed, at: "wait-2-days")
        counts.addRunners(1_234, status: .completed, at: "thank-you-email")
        var taken: [Bool] = []
        taken.append(counts.addTransitions(340, from: "is-pro", to: "wait-2-days", action: "altNext"))
        taken.append(counts.addTransitions(60, from: "is-pro", to: "pro-tips-email", action: "next"))
        taken.append(counts.addTransitions(5, from: "wait-1-day", to: "converted", action: "goal"))
        taken.append(counts.addTransitions(7, from: "is-pro", to: "converted", action: "goal"))
        taken.append(counts.addTransitions(1_200, from: nil, to: "welcome-email", action: "enrolled"))
        taken.append(counts.addTransitions(9, from: "thank-you-email", to: nil, action: "completed"))
        #expect(taken == [true, true, true, true, true, false])
        let output = GraphRenderer.render(SequenceGraph(definition: definition), as: format, counts: counts)
        for text in ["120 active · 3 failed", "1,234 completed", "altNext · 340 (85%)", "next · 60 (15%)",
                     "goal · 12", "enrolled · 1,200", "next · 0", "0 active"] {
            #expect(output.contains(text), "\(format) lacks \(text)")
        }
    }

    @Test func svgWithCountsNamesEveryStepWithItsCount() throws {
        let definition = try GraphFixtures.trialOnboarding()
        let counts = try GraphFixtures.demoCounts()
        let svg = GraphRenderer.svg(SequenceGraph(definition: definition), counts: counts)
        let elements = try #require(XMLRecorder.read(svg), "not well-formed XML")
        for step in definition.steps {
            let group = try #require(elements.firstIndex { $0.attributes["data-step"] == step.key })
            let active = counts.runners(at: step.key, status: .active)
            let texts = elements[group...].prefix(12).filter { $0.name == "text" }.map(\.text)
            #expect(texts.first == step.key)
            #expect(texts.contains("\(active) active"), "\(step.key): \(texts)")
        }
    }

    @Test func historyActionsMapToEdgeKinds() {
        #expect(GraphEdgeKind(historyAction: "enrolled") == .entry)
        #expect(GraphEdgeKind(historyAction: "goTo") == .goTo)
        for action in ["completed", "error", "failed", "cancelled", "kept", "Next"] {
            #expect(GraphEdgeKind(historyAction: action) == nil)
        }
    }

    @Test func outputIsDeterministic() throws {
        for (_, definition) in try GraphFixtures.examples() {
            let counts = GraphFixtures.syntheticCounts(for: definition)
            for format in GraphFormat.allCases {
                let first = GraphRenderer.render(SequenceGraph(definition: definition), as: format, counts: counts)
                let second = GraphRenderer.render(SequenceGraph(definition: definition), as: format, counts: counts)
                #expect(first == second)
            }
        }
    }

    /// The committed examples in `docs/graph/` are today's output, byte for byte — which also
    /// proves the output does not depend on the process (hash seeds differ from run to run).
    /// `SEQUENCER_UPDATE_GRAPH_EXAMPLES=1 swift test --filter GraphTests` rewrites them.
    @Test func committedExamplesAreCurrent() throws {
        let definition = try GraphFixtures.trialOnboarding()
        let graph = SequenceGraph(definition: definition)
        let folder = GraphFixtures.repository.appendingPathComponent("docs/graph")
        let files = [
            ("trial-onboarding.svg", GraphRenderer.svg(graph)),
            ("trial-onboarding-counts.svg", GraphRenderer.svg(graph, counts: try GraphFixtures.demoCounts())),
            ("trial-onboarding.dot", GraphRenderer.dot(graph)),
            ("trial-onboarding.mmd", GraphRenderer.mermaid(graph)),
        ]
        if ProcessInfo.processInfo.environment["SEQUENCER_UPDATE_GRAPH_EXAMPLES"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        }
        for (name, text) in files {
            let committed = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(committed == text, "docs/graph/\(name) is out of date: SEQUENCER_UPDATE_GRAPH_EXAMPLES=1 swift test --filter GraphTests")
        }
    }

    @Test func formatsNameTheirExtensions() {
        #expect(GraphFormat.allCases.map(\.fileExtension) == ["svg", "dot", "mmd"])
        #expect(GraphFormat(rawValue: "mermaid") == .mermaid)
    }
}
