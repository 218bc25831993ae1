/// Rendering of the address fields of an `Email` step (`from`, `to`, `cc`, `bcc`, `replyTo`) so
/// that a runner's data can never add a recipient.
///
/// Each entry is rendered with the runner's context from ``TemplateContext/markingDataSeparators()``:
/// a comma, semicolon or line break inside a value from data comes out as a marker, which is an
/// error for that runner naming the field. The rendered text is then split at the commas the
/// template's author wrote (outside a quoted display name), and every piece must be one
/// ``Mailbox``. So `"to": "a@x.com, {{data.email}}"` yields at most two addresses whatever the
/// data holds; the one way data decides how many is a section the author wrote around a comma
/// (`{{#data.team}}{{.}}, {{/data.team}}`).
enum AddressRendering {
    /// The pieces of one field for one runner, unchecked as addresses: trimmed, empty ones dropped.
    /// - Parameters:
    ///   - entries: the field's templates (one per list entry).
    ///   - context: the runner's context with data separators marked.
    ///   - field: the config field, for errors.
    /// - Throws: `StepFailure` when a value from data brought a separator in.
    static func pieces(_ entries: [TemplateString], _ context: TemplateContext, field: String) throws(StepFailure) -> [String] {
        var pieces: [String] = []
        for entry in entries {
            let rendered = entry.render(context)
            if let separator = DataSeparator.first(in: rendered) {
                throw StepFailure(field: field, reason: "a value from the runner's data holds \(separator) (\(visible(DataSeparator.unmark(rendered))) "
                                  + "rendered from \"\(entry.source)\"); a value from data cannot add a recipient or a header line")
            }
            pieces += splitAtCommas(rendered)
        }
        return pieces
    }

    /// Each piece checked as one ``Mailbox``.
    /// - Throws: `StepFailure` naming the field and the first piece that is not an address.
    static func check(_ pieces: [String], field: String) throws(StepFailure) {
        for piece in pieces {
            if case .failure(let problem) = Mailbox.parse(piece) {
                throw StepFailure(field: field, reason: "\(visible(piece)) is not an email address: \(problem)")
            }
        }
    }

    /// `text` split at commas outside a quoted string (`"Doe, Jane" <j@x.com>` is one piece);
    /// the pieces trimmed of spaces and tabs, the empty ones dropped.
    static func splitAtCommas(_ text: String) -> [String] {
        var pieces: [[Unicode.Scalar]] = [[]]
        var quoted = false
        var escaped = false
        for scalar in text.unicodeScalars {
            if escaped {
                escaped = false
            } else if quoted && scalar == "\\" {
                escaped = true
            } else if scalar == "\"" {
                quoted.toggle()
            } else if scalar == "," && !quoted {
                pieces.append([])
                continue
            }
            pieces[pieces.count - 1].append(scalar)
        }
        return pieces.map { $0.trimmingBlanks() }.filter { !$0.isEmpty }.map { String(String.UnicodeScalarView($0)) }
    }

    /// `text` quoted, with control characters and line breaks written as `\n`, `\r` or `\u{…}`, so
    /// an error message stays on one line and shows what was there.
    static func visible(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.isControlOrLineBreak || DataSeparator.marker(scalar) != nil:
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

extension AddressList {
    /// The addresses of one field for one runner: every entry rendered, split at the commas the
    /// template wrote, trimmed, the empty ones dropped (see ``AddressRendering``).
    /// - Parameters:
    ///   - context: the runner's context with data separators marked (``TemplateContext/markingDataSeparators()``).
    ///   - field: the config field (`to`, `cc`, `bcc`, `replyTo`), for errors.
    /// - Throws: `StepFailure` when a value from data holds a comma, semicolon or line break.
    ///   The pieces are not yet checked as addresses: ``AddressRendering/check(_:field:)`` does that.
    func pieces(_ context: TemplateContext, field: String) throws(StepFailure) -> [String] {
        try AddressRendering.pieces(entries, context, field: field)
    }
}
