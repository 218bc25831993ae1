import Foundation
import SequencerCore
@testable import SequencerDashboard
import Testing

/// The dashboard's pages without a server: what comes from the database is escaped everywhere.
struct PagesTests {
    let hostile = "<script>alert('x')</script>&\"ann\""
    let now = Date(timeIntervalSince1970: 1_796_000_000)

    @Test func escapingCoversTextAttributesAndControls() {
        #expect(HTML.escape(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(HTML.escape("a\u{0}b\u{7}c\td") == "a\u{FFFD}b\u{FFFD}c\td")
        #expect(HTML.path("a b/c?d#é") == "a%20b%2Fc%3Fd%23%C3%A9")
        #expect(HTML.link("/subjects/\(HTML.path(hostile))", hostile).contains(">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;ann&quot;</a>"))
    }

    @Test func aSubjectPageNeverCarriesItsValuesAsMarkup() {
        let state = RunnerState(id: hostile, subject: hostile, sequence: "s", version: 1, step: "<b>step</b>",
                                data: ["name": .string(hostile)], stepEnteredAt: now, lastError: hostile)
        let explanation = RunnerExplanation(ExplanationInput(runner: state, definition: nil, latestVersion: 1), now: now)
        let history = [HistoryEntry(runnerID: hostile, fromStep: nil, toStep: "<b>step</b>", action: .enrolled, message: hostile, at: now)]
        let page = Pages.subject(Pages.SubjectContent(id: hostile, data: state.data, explanations: [explanation], history: history, now: now))
        #expect(!page.html.contains("<script>"))
        #expect(!page.html.contains("<b>step"))
        #expect(page.html.contains("<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;ann&quot;</h1>"))
        #expect(page.html.contains("&lt;b&gt;step&lt;/b&gt;"))
    }

    @Test func searchResultsLinkToSubjectPagesWithEncodedIDs() {
        let page = Pages.search(hostile, results: [(subject: "a/b c", runners: 2)], limit: 100)
        #expect(page.html.contains(#"<a href="/subjects/a%2Fb%20c">a/b c</a>"#))
        #expect(page.html.contains(#"value="&lt;script&gt;"#))
        #expect(Pages.subject(Pages.SubjectContent(id: "x", data: nil, explanations: [], history: [], now: now)).status == 404)
        #expect(DashboardServer.decoded("a%2Fb%20c") == "a/b c")
        #expect(DashboardServer.days("999") == 366 && DashboardServer.days(nil) == 7 && DashboardServer.days("x") == 7)
    }

    @Test func theFunnelShadesCellsByCount() {
        let day = Date(timeIntervalSince1970: 1_796_000_000 - 1_796_000_000.truncatingRemainder(dividingBy: 86_400))
        let html = Pages.funnel([(day, "a", 10), (day, "<old>", 5)], steps: ["a"], window: DateInterval(start: day, duration: 86_400))
        #expect(html.contains("rgba(37,99,235,0.72)\">10<"))
        #expect(html.contains("<td>&lt;old&gt;</td>"))
    }
}
