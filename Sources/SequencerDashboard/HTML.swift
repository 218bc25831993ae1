import Foundation
import SequencerCore

/// Escaping for the dashboard's pages: every value that comes from the database (subject ids,
/// data, step keys, messages, errors) goes through ``escape(_:)`` or, in a link, ``path(_:)``
/// or ``query(_:)``. Nothing else reaches the page unescaped.
enum HTML {
    /// `text` as HTML text or a double- or single-quoted attribute value: `& < > " '` as
    /// character references, and characters HTML forbids (controls other than tab, line feed and
    /// carriage return, noncharacters) as U+FFFD.
    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            default:
                let forbidden = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.properties.isNoncharacterCodePoint
                output.unicodeScalars.append(forbidden ? "\u{FFFD}" : scalar)
            }
        }
        return output
    }

    /// `text` as one URL path segment: every byte outside RFC 3986's unreserved set
    /// (`A–Z a–z 0–9 - . _ ~`) percent-encoded, `/` included.
    static func path(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            if (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || "-._~".utf8.contains(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }

    /// `text` as a query value (the same encoding as ``path(_:)``).
    static func query(_ text: String) -> String {
        path(text)
    }

    /// A link: `<a href="…">text</a>`, the text escaped; `href` must already be encoded.
    static func link(_ href: String, _ text: String, className: String? = nil) -> String {
        let attribute = className.map { " class=\"\($0)\"" } ?? ""
        return "<a href=\"\(escape(href))\"\(attribute)>\(escape(text))</a>"
    }

    /// A table: header cells as text, body cells as already-built HTML.
    static func table(_ header: [String], _ rows: [[String]], className: String = "grid") -> String {
        let head = header.map { "<th>\(escape($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        return "<table class=\"\(className)\"><thead><tr>\(head)</tr></thead><tbody>\n\(body)\n</tbody></table>"
    }

    /// An ISO-8601 UTC time for a table cell.
    static func time(_ date: Date) -> String {
        escape(Moment.formatISO8601(date))
    }
}
