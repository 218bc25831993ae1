import Foundation
import SequencerCore
import SequencerStore

extension Pages {
    /// `/subjects?q=…`: the search form's answer, subjects whose id starts with the query.
    static func search(_ query: String, results: [(subject: String, runners: Int)], limit: Int) -> DashboardPage {
        var body = """
            <form action="/subjects" method="get" class="card" id="subject-search">
            <label>Subject id starts with <input type="search" name="q" value="\(HTML.escape(query))" autofocus></label>
            <button type="submit">Search</button>
            </form>

            """
        if !query.isEmpty {
            if results.isEmpty {
                body += "<p>No subject id starts with “\(HTML.escape(query))”.</p>"
            } else {
                let more = results.count >= limit ? " (the first \(limit))" : ""
                body += "<p>\(results.count) subject\(results.count == 1 ? "" : "s")\(more):</p>\n<ul class=\"results\">"
                    + results.map { "<li>\(HTML.link("/subjects/\(HTML.path($0.subject))", $0.subject)) <span class=\"muted\">\($0.runners) runner\($0.runners == 1 ? "" : "s")</span></li>" }
                    .joined(separator: "\n") + "</ul>"
            }
        }
        return DashboardPage(title: "Subjects", body: body)
    }

    /// What the page of one subject shows.
    struct SubjectContent {
        var id: String
        /// The subject's data; `nil` when there is no such subject.
        var data: JSONValue?
        var explanations: [RunnerExplanation]
        var history: [HistoryEntry]
        /// The engine time the explanations are made at (UTC).
        var now: Date
    }

    /// `/subjects/ID`: its data, each runner with its explanation, and its history.
    static func subject(_ content: SubjectContent) -> DashboardPage {
        guard let data = content.data else { return notFound("No subject with id “\(content.id)”.") }
        var body = "<p class=\"muted\">As of \(HTML.time(content.now)).</p>\n<h2>Data</h2>\n<pre class=\"data\">\(HTML.escape(data.jsonText))</pre>\n"
        body += "<h2>Runners</h2>\n"
        if content.explanations.isEmpty { body += "<p class=\"muted\">In no sequence.</p>" }
        for explanation in content.explanations {
            body += runnerCard(explanation)
        }
        body += "\n<h2>History</h2>\n"
        let several = Set(content.history.map(\.runnerID)).count > 1
        body += HTML.table((several ? ["runner"] : []) + ["at", "from", "to", "action", "message"], content.history.map { line in
            (several ? [HTML.escape(line.runnerID)] : [])
                + [HTML.time(line.at), HTML.escape(line.fromStep ?? ""), HTML.escape(line.toStep ?? ""), HTML.escape(line.action.rawValue),
                   HTML.escape(line.message ?? "")]
        }, className: "grid history")
        return DashboardPage(title: content.id, body: body)
    }

    /// One runner: sequence, version, status and step, then its explanation's lines.
    static func runnerCard(_ explanation: RunnerExplanation) -> String {
        let lines = explanation.lines.map { "<dt>\(HTML.escape($0.topic.rawValue))</dt><dd>\(HTML.escape($0.text))</dd>" }.joined()
        return """
            <section class="card runner" data-runner="\(HTML.escape(explanation.runnerID))">
            <h3>\(HTML.link("/sequences/\(HTML.path(explanation.sequence))", explanation.sequence)) v\(explanation.version) · \
            <span class="status-\(explanation.status.rawValue)">\(explanation.status.rawValue)</span> at \(HTML.escape(explanation.step)) \
            <span class="muted">runner \(HTML.escape(explanation.runnerID))</span></h3>
            <dl class="explain">\(lines)</dl>
            </section>

            """
    }
}
