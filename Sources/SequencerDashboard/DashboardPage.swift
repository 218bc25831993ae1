import Foundation

/// One page of the dashboard: a title and a body of HTML, put in the common layout (header with
/// navigation and the subject search form, styles; no scripts).
struct DashboardPage: Sendable, Hashable {
    /// The page's title, as text (escaped by ``html``).
    var title: String
    /// The page's main content, already HTML.
    var body: String
    /// The HTTP status to answer with (200, or 404 for a subject or sequence that is not there).
    var status: Int = 200

    /// The whole document.
    var html: String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title)) · Sequencer</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        <header>
        <nav><a href="/" class="brand">Sequencer</a> <a href="/">Sequences</a> <a href="/subjects">Subjects</a> <a href="/outbox">Outbox</a></nav>
        <form action="/subjects" method="get" class="search" role="search">
        <input type="search" name="q" placeholder="subject id" aria-label="subject id"> <button type="submit">Find</button>
        </form>
        </header>
        <main>
        <h1>\(HTML.escape(title))</h1>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#111827;background:#f9fafb}
        header{display:flex;justify-content:space-between;align-items:center;padding:10px 24px;background:#111827;color:#fff}
        header a{color:#e5e7eb;margin-right:16px;text-decoration:none}header a.brand{font-weight:700;color:#fff}
        .search input{padding:4px 8px;border-radius:4px;border:1px solid #9ca3af;width:220px}.search button{padding:4px 10px}
        main{padding:16px 24px;max-width:1200px}h1{font-size:22px;margin:8px 0 16px}h2{font-size:17px;margin:24px 0 8px}
        table.grid{border-collapse:collapse;background:#fff;margin:8px 0}table.grid th,table.grid td{border:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}
        table.grid th{background:#f3f4f6;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .card{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:12px 16px;margin:12px 0}
        dl.explain{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}dl.explain dt{color:#6b7280}dl.explain dd{margin:0}
        pre{background:#f3f4f6;padding:8px;overflow:auto;white-space:pre-wrap;word-break:break-all}
        .graph{background:#fff;border:1px solid #e5e7eb;overflow:auto;max-height:900px}
        .status-active{color:#1d4ed8}.status-failed,.bad{color:#b91c1c}.status-completed{color:#047857}.muted{color:#6b7280}
        """
}
