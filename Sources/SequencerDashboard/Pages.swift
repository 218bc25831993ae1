import Foundation
import SequencerCore
import SequencerStore

/// The dashboard's pages as pure functions of what the store read: no I/O here, every value
/// escaped (``HTML``). ``DashboardReads`` reads the rows and calls these.
enum Pages {
    /// `/`: every sequence with its latest version, steps and runners, linking to its page.
    static func sequences(_ summaries: [SequenceCatalog.Summary], unsent: Int) -> DashboardPage {
        let rows = summaries.map { summary in
            [HTML.link("/sequences/\(HTML.path(summary.name))", summary.name), "v\(summary.latestVersion)",
             number(summary.steps), number(summary.activeRunners), number(summary.totalRunners)]
        }
        var body = summaries.isEmpty ? "<p class=\"muted\">No sequence is stored yet: <code>sequencer sequences apply FILE</code>.</p>"
            : HTML.table(["sequence", "latest version", "steps", "active runners", "all runners"], rows)
        if unsent > 0 {
            body += "\n<p class=\"bad\">\(unsent) deliver\(unsent == 1 ? "y" : "ies") not sent: \(HTML.link("/outbox", "see the outbox"))</p>"
        }
        return DashboardPage(title: "Sequences", body: body)
    }

    /// `/outbox`: ledger rows per status and the deliveries whose status is not `sent`.
    static func outbox(perStatus: [(status: String, count: Int)], unsent: [SequenceReports.UnsentDelivery], limit: Int) -> DashboardPage {
        let summary = perStatus.map { "\(HTML.escape($0.status)): \(number($0.count))" }.joined(separator: " · ")
        var body = "<p>Delivery ledger: \(summary.isEmpty ? "empty" : summary)</p>\n<h2>Not sent (newest first, at most \(limit))</h2>\n"
        if unsent.isEmpty {
            body += "<p class=\"muted\">Every delivery was sent.</p>"
        } else {
            body += HTML.table(["created", "status", "subject", "sequence", "step", "visit", "channel", "provider", "error"], unsent.map { row in
                [HTML.time(row.createdAt), "<span class=\"bad\">\(HTML.escape(row.status))</span>",
                 HTML.link("/subjects/\(HTML.path(row.subject))", row.subject), HTML.escape(row.sequence), HTML.escape(row.step),
                 number(row.visit), HTML.escape(row.channel), HTML.escape(row.provider), HTML.escape(row.error ?? "")]
            })
        }
        return DashboardPage(title: "Outbox", body: body)
    }

    /// A not-found page naming what was asked for.
    static func notFound(_ what: String) -> DashboardPage {
        DashboardPage(title: "Not found", body: "<p>\(HTML.escape(what))</p>", status: 404)
    }

    /// A count as a right-aligned cell's content (`1,204`).
    static func number(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0, digit != "-" { result.append(",") }
            result.append(digit)
        }
        return result
    }
}
