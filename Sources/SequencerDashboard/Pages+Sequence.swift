import Foundation
import SequencerCore
import SequencerStore

extension Pages {
    /// What the page of one sequence shows.
    struct SequenceContent {
        var definition: SequenceDefinition
        var version: Int
        /// The counts drawn on the graph (runners now, moves in the window).
        var counts: GraphCounts
        /// Runners per version, step and status.
        var versions: [SequenceReports.VersionCount]
        /// Runners entering each step per UTC day in `window`.
        var arrivals: [(day: Date, step: String, count: Int)]
        /// The window of history counted (UTC).
        var window: DateInterval
    }

    /// `/sequences/NAME`: the graph with counts (inline SVG), runners per version, and the
    /// funnel over time (runners entering each step per day, shaded by count).
    static func sequence(_ content: SequenceContent) -> DashboardPage {
        let svg = GraphRenderer.svg(SequenceGraph(definition: content.definition), counts: content.counts)
        let inline = svg.hasPrefix("<?xml") ? String(svg.drop { $0 != "\n" }.dropFirst()) : svg
        let days = Int(content.window.duration / 86_400)
        var body = "<p class=\"muted\">Drawn: version \(content.version). Runners now; moves and arrivals over the \(days) days "
            + "\(HTML.time(content.window.start)) – \(HTML.time(content.window.end)) (<a href=\"?days=7\">7</a> · "
            + "<a href=\"?days=14\">14</a> · <a href=\"?days=30\">30</a> days).</p>\n"
        body += "<div class=\"graph\">\(inline)</div>\n<h2>Runners per version</h2>\n" + versionTable(content.versions)
        body += "\n<h2>Funnel over time: runners entering each step per day (UTC)</h2>\n"
            + funnel(content.arrivals, steps: content.definition.steps.map(\.key), window: content.window)
        return DashboardPage(title: "\(content.definition.name) v\(content.version)", body: body)
    }

    /// One row per version and step, a column per status.
    static func versionTable(_ counts: [SequenceReports.VersionCount]) -> String {
        guard !counts.isEmpty else { return "<p class=\"muted\">No runners.</p>" }
        var rows: [[String]: [RunnerStatus: Int]] = [:]
        var order: [[String]] = []
        for count in counts {
            let key = ["v\(count.version)", count.step]
            if rows[key] == nil { order.append(key) }
            rows[key, default: [:]][count.status] = count.count
        }
        let statuses = RunnerStatus.allCases
        return HTML.table(["version", "step"] + statuses.map(\.rawValue), order.map { key in
            key.map(HTML.escape) + statuses.map { status in
                let value = rows[key]?[status] ?? 0
                return value == 0 ? "<span class=\"muted\">0</span>" : number(value)
            }
        })
    }

    /// Steps as rows, days as columns; each cell's blue deepens with its share of the busiest cell.
    static func funnel(_ arrivals: [(day: Date, step: String, count: Int)], steps: [String], window: DateInterval) -> String {
        guard !arrivals.isEmpty else { return "<p class=\"muted\">No moves in this window.</p>" }
        let days = Array(Set(arrivals.map(\.day))).sorted()
        var cells: [String: [Date: Int]] = [:]
        for arrival in arrivals { cells[arrival.step, default: [:]][arrival.day] = arrival.count }
        let busiest = max(1, arrivals.map(\.count).max() ?? 1)
        let known = Set(steps)
        let rowsOrder = steps + cells.keys.filter { !known.contains($0) }.sorted()  // steps of older versions last
        let header = ["step"] + days.map { String(Moment.formatISO8601($0).dropFirst(5).prefix(5)) }
        let rows = rowsOrder.map { step in
            [HTML.escape(step)] + days.map { day in
                let value = cells[step]?[day] ?? 0
                guard value > 0 else { return "" }
                let alpha = 0.12 + 0.6 * Double(value) / Double(busiest)
                return "<span style=\"display:block;background:rgba(37,99,235,\(String(format: "%.2f", alpha)))\">\(number(value))</span>"
            }
        }
        return HTML.table(header, rows, className: "grid funnel")
    }
}
