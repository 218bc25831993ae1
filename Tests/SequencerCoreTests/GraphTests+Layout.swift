import Foundation
@testable import SequencerCore
import SequencerTestSupport
import Testing

/// The SVG's own layout: nothing overlaps, edges start and end on their nodes, cycles are drawn.
extension GraphTests {
    /// A random sequence of `count` steps of every kind, with random targets (loops and
    /// self-loops included: the layout must cope with what validation would refuse too).
    static func randomDefinition(steps count: Int, seed: UInt64) throws -> SequenceDefinition {
        var random = SeededGenerator(state: seed)
        let keys = (0..<count).map { "step-\($0)-" + String(repeating: "x", count: Int.random(in: 0...12, using: &random)) }
        func target() -> String? { Int.random(in: 0..<5, using: &random) == 0 ? nil : keys.randomElement(using: &random) }
        var steps: [Step] = []
        for key in keys {
            switch Int.random(in: 0..<7, using: &random) {
            case 0: steps.append(try GraphFixtures.step(key, .email, #"{"from": "a@example.com", "to": "b@example.com", "subject": "Hello there"}"#, next: target()))
            case 1: steps.append(try GraphFixtures.step(key, .waitForDuration, #"{"amount": 3, "unit": "days"}"#, next: target()))
            case 2: steps.append(try GraphFixtures.step(key, .conditional, #"{"lodashCommand": "gt", "value": {"type": "get", "value": "data.n"}, "compareTo": {"type": "raw", "value": 3}}"#,
                                                        next: target(), altNext: target()))
            case 3: steps.append(try GraphFixtures.step(key, .goal, #"{"lodashCommand": "isEmpty", "value": {"type": "get", "value": "data.x"}}"#, next: target()))
            case 4: steps.append(try GraphFixtures.step(key, .goTo, "{\"step\": \"\(keys.randomElement(using: &random)!)\"}"))
            case 5: steps.append(Step(key: key, runner: .lambda("lambda:score"), config: [:], builtin: nil, next: target(), altNext: target()))
            default: steps.append(try GraphFixtures.step(key, .sms, #"{"to": "+15555550100", "message": "Hi"}"#, next: target()))
            }
        }
        return SequenceDefinition(name: "random-\(seed)", start: keys.randomElement(using: &random)!, steps: steps)
    }

    /// Checks one drawing: node boxes and edge labels overlap nothing, all lies in the viewBox.
    static func checkDrawing(_ svg: String, nodes: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let elements = try #require(XMLRecorder.read(svg), "not well-formed XML", sourceLocation: sourceLocation)
        let root = try #require(elements.first { $0.name == "svg" }, sourceLocation: sourceLocation)
        let view = (root.attributes["viewBox"] ?? "").split(separator: " ").compactMap { Double($0) }
        let boxes = elements.nodeBoxes.map { Rect(x: $0.x, y: $0.y, width: $0.width, height: $0.height) }
        let labels = elements.filter { $0.attributes["class"] == "edge-label" }.map { element in
            let value = { (name: String) in Double(element.attributes[name] ?? "") ?? .nan }
            return Rect(x: value("x"), y: value("y"), width: value("width"), height: value("height"))
        }
        #expect(boxes.count == nodes, sourceLocation: sourceLocation)
        let all = boxes + labels
        for (i, a) in all.enumerated() {
            #expect(a.x >= 0 && a.y >= 0 && a.maxX <= view[2] && a.maxY + 44 <= view[3], "\(a) outside \(view)", sourceLocation: sourceLocation)
            for b in all[(i + 1)...] where a.overlaps(b) {
                Issue.record("\(a) overlaps \(b)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func examplesDrawWithoutOverlaps() throws {
        for (_, definition) in try GraphFixtures.examples() {
            let graph = SequenceGraph(definition: definition)
            try Self.checkDrawing(GraphRenderer.svg(graph), nodes: graph.nodes.count)
            try Self.checkDrawing(GraphRenderer.svg(graph, counts: GraphFixtures.syntheticCounts(for: definition)), nodes: graph.nodes.count)
            try Self.checkDrawing(GraphRenderer.svg(graph, counts: try GraphFixtures.demoCounts()), nodes: graph.nodes.count)
        }
    }

    @Test(arguments: 0..<40)
    func randomSequencesDrawWithoutOverlaps(seed: Int) throws {
        let definition = try Self.randomDefinition(steps: 2 + seed % 30, seed: UInt64(seed) * 7_919 + 1)
        let graph = SequenceGraph(definition: definition)
        var counts = GraphCounts()
        for step in definition.steps { counts.addRunners(seed * 37 % 1_000, status: .active, at: step.key) }
        try Self.checkDrawing(GraphRenderer.svg(graph), nodes: graph.nodes.count)
        try Self.checkDrawing(GraphRenderer.svg(graph, counts: counts), nodes: graph.nodes.count)
        #expect(GraphRenderer.svg(graph, counts: counts) == GraphRenderer.svg(graph, counts: counts))
    }

    @Test(arguments: 0..<20)
    func routesStartAndEndOnTheirNodes(seed: Int) throws {
        let definition = try Self.randomDefinition(steps: 3 + seed, seed: UInt64(seed) + 101)
        let graph = SequenceGraph(definition: definition)
        let size = Size(width: 80, height: 40)
        let index = Dictionary(uniqueKeysWithValues: graph.nodes.enumerated().map { ($0.element.id, $0.offset) })
        let edges = graph.edges.map { LayeredLayout.Edge(from: index[$0.from]!, to: index[$0.to]!, label: Size(width: 40, height: 14)) }
        let layout = LayeredLayout(nodes: graph.nodes.map { _ in LayeredLayout.Node(size: size, loopRoom: 80) }, edges: edges).run()
        for (position, edge) in edges.enumerated() {
            let route = layout.edges[position]
            let (source, target) = (layout.nodes[edge.from], layout.nodes[edge.to])
            let (first, last) = (route.points.first!, route.points.last!)
            if route.isSelfLoop {
                #expect(abs(first.x - source.maxX) < 0.01 && abs(last.x - source.maxX) < 0.01)
                continue
            }
            // Forward edges leave a node's bottom and enter the next one's top; back edges the other way.
            #expect(abs(first.y - (route.isBackEdge ? source.y : source.maxY)) < 0.01)
            #expect(abs(last.y - (route.isBackEdge ? target.maxY : target.y)) < 0.01)
            #expect(first.x >= source.x && first.x <= source.maxX && last.x >= target.x && last.x <= target.maxX)
            #expect(route.isBackEdge == (first.y > last.y))
            #expect(route.label != nil)
        }
    }

    @Test func emptyAndSingleStepGraphsDraw() throws {
        let empty = SequenceGraph(name: "empty", nodes: [], edges: [])
        try Self.checkDrawing(GraphRenderer.svg(empty), nodes: 0)
        #expect(GraphRenderer.dot(empty).hasSuffix("}\n"))
        #expect(GraphRenderer.mermaid(empty) == "%% empty\nflowchart TD\n")
        let single = SequenceGraph(definition: try GraphFixtures.parse("""
            {"name": "one", "steps": [{"key": "only", "runner": "SMS", "config": {"to": "+15555550100", "message": "Hi"}}]}
            """))
        #expect(single.edges.map(\.kind) == [.entry, .next])
        try Self.checkDrawing(GraphRenderer.svg(single), nodes: 3)
    }

    @Test func aCycleHasOneBackEdgeDrawnUpwards() {
        let node = LayeredLayout.Node(size: Size(width: 60, height: 30))
        let edges = [LayeredLayout.Edge(from: 0, to: 1), LayeredLayout.Edge(from: 1, to: 2), LayeredLayout.Edge(from: 2, to: 1)]
        let layout = LayeredLayout(nodes: [node, node, node], edges: edges).run()
        #expect(layout.edges.map(\.isBackEdge) == [false, false, true])
        #expect(layout.nodes[0].maxY < layout.nodes[1].y && layout.nodes[1].maxY < layout.nodes[2].y)
        let back = layout.edges[2].points
        #expect(back.first!.y == layout.nodes[2].y && back.last!.y == layout.nodes[1].maxY)
        // The two edges between 1 and 2 leave through different ports.
        #expect(layout.edges[1].points.first!.x != back.last!.x)
    }

    @Test func goalSourcesSitJustAboveTheirGoals() throws {
        let graph = SequenceGraph(definition: try GraphFixtures.trialOnboarding())
        let svg = try #require(XMLRecorder.read(GraphRenderer.svg(graph)))
        let boxes = svg.nodeBoxes
        let any = try #require(graph.nodes.firstIndex { $0.id == .anyStep })
        let goal = try #require(graph.nodes.firstIndex { $0.id == .step("converted") })
        #expect(boxes[any].y + boxes[any].height < boxes[goal].y)
    }

    @Test func isotonicRegressionKeepsOrderAndFitsExactly() {
        #expect(LayerGraph.isotonic([(1, 1), (3, 1), (2, 1)]) == [1, 2.5, 2.5])
        #expect(LayerGraph.isotonic([(5, 1), (1, 3)]) == [2, 2])
        #expect(LayerGraph.isotonic([(0, 1), (1, 1), (2, 1)]) == [0, 1, 2])
    }

    @Test func inversionsCountCrossings() {
        var values = [3, 1, 2, 0]
        #expect(LayerGraph.inversions(&values) == 5)
        #expect(values == [0, 1, 2, 3])
        var none = [0, 0, 1, 1]
        #expect(LayerGraph.inversions(&none) == 0)
    }
}
