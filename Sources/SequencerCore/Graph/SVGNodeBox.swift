/// One node as the SVG draws it: a box sized to its text (title, summary, count badges), or a
/// dot for the entry marker. Sizes in CSS pixels.
struct SVGNodeBox {
    static let paddingX = 12.0
    static let paddingY = 7.0
    static let titleSize = 13.0
    static let summarySize = 11.0
    static let badgeSize = 10.0
    static let entryDiameter = 14.0

    let node: GraphNode
    let badges: [(status: RunnerStatus, count: Int)]

    /// The box's size, for the layout.
    var size: Size {
        if node.kind == .entry { return Size(width: Self.entryDiameter, height: Self.entryDiameter) }
        var width = TextMetrics.width(title, size: Self.titleSize, weight: .bold)
        var height = 2 * Self.paddingY + 16
        if !node.summary.isEmpty {
            width = max(width, TextMetrics.width(node.summary, size: Self.summarySize))
            height += 14
        }
        if !badges.isEmpty {
            width = max(width, badgeWidths.reduce(0, +) + 4 * Double(badges.count - 1))
            height += 19
        }
        return Size(width: max(56, width + 2 * Self.paddingX), height: height)
    }

    /// The title as shown: on one line (SVG would drop a line break silently).
    private var title: String { StepSummary.oneLine(node.title) }

    private var badgeTexts: [String] { badges.map { GraphLabels.badge(count: $0.count, status: $0.status) } }
    private var badgeWidths: [Double] { badgeTexts.map { TextMetrics.width($0, size: Self.badgeSize) + 10 } }

    /// Draws the node in `box` as a `<g class="node …">` holding a `<title>` tooltip, the
    /// shape (class `node-box`) and its text.
    func draw(in box: Rect, into svg: inout SVGWriter) {
        var group = [("class", "node node-\(node.kind.rawValue)")]
        if let key = node.id.stepKey { group.append(("data-step", key)) }
        svg.open("g", group)
        svg.element("title", text: tooltip)
        let colors = GraphPalette.node(node.kind)
        if node.kind == .entry {
            svg.element("circle", [("class", "node-box"), ("cx", n(box.midX)), ("cy", n(box.midY)),
                                   ("r", n(box.width / 2)), ("fill", colors.fill)])
            svg.close("g")
            return
        }
        let pill = node.kind.isVirtual || node.kind == .goal
        var shape = [("class", "node-box"), ("x", n(box.x)), ("y", n(box.y)), ("width", n(box.width)),
                     ("height", n(box.height)), ("rx", pill ? n(min(box.height / 2, 16)) : "6"),
                     ("fill", colors.fill), ("stroke", colors.stroke), ("stroke-width", "1.5")]
        if node.kind == .anyStep { shape.append(("stroke-dasharray", "5 3")) }
        svg.element("rect", shape)
        drawText(in: box, into: &svg)
        svg.close("g")
    }

    private func drawText(in box: Rect, into svg: inout SVGWriter) {
        var top = box.y + Self.paddingY
        svg.element("text", [("x", n(box.midX)), ("y", n(top + 12.5)), ("text-anchor", "middle"),
                             ("font-size", n(Self.titleSize)), ("font-weight", "bold"), ("fill", GraphPalette.text)],
                    text: title)
        top += 16
        if !node.summary.isEmpty {
            svg.element("text", [("x", n(box.midX)), ("y", n(top + 10.5)), ("text-anchor", "middle"),
                                 ("font-size", n(Self.summarySize)), ("fill", GraphPalette.mutedText)],
                        text: node.summary)
            top += 14
        }
        guard !badges.isEmpty else { return }
        let widths = badgeWidths
        var x = box.midX - (widths.reduce(0, +) + 4 * Double(widths.count - 1)) / 2
        for (index, text) in badgeTexts.enumerated() {
            let colors = GraphPalette.badge(badges[index].status, empty: badges[index].count == 0)
            svg.element("rect", [("class", "badge badge-\(badges[index].status.rawValue)"), ("x", n(x)), ("y", n(top + 2)),
                                 ("width", n(widths[index])), ("height", "15"), ("rx", "7.5"), ("fill", colors.fill)])
            svg.element("text", [("x", n(x + widths[index] / 2)), ("y", n(top + 13)), ("text-anchor", "middle"),
                                 ("font-size", n(Self.badgeSize)), ("fill", colors.stroke)], text: text)
            x += widths[index] + 4
        }
    }

    /// "key — Email: Sent at enrolment. — 120 active · 3 failed"
    private var tooltip: String {
        let counts = badges.isEmpty ? nil : badgeTexts.joined(separator: " · ")
        return [node.title, node.detail.isEmpty ? nil : node.detail, counts].compactMap { $0 }.joined(separator: " — ")
    }

    private func n(_ value: Double) -> String { SVGWriter.number(value) }
}
