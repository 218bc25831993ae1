/// Writes well-formed XML a line at a time: every text and attribute value escaped
/// (`& < > " '` as entities; characters XML 1.0 forbids, such as most control characters,
/// replaced by U+FFFD), numbers in a fixed, locale-free format.
struct SVGWriter {
    private(set) var lines: [String] = []
    private var depth = 0

    /// Opens `<name …>`; close it with ``close(_:)``.
    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        lines.append(indent + "<\(name)\(Self.attributes(attributes))>")
        depth += 1
    }

    /// Writes `</name>`.
    mutating func close(_ name: String) {
        depth -= 1
        lines.append(indent + "</\(name)>")
    }

    /// Writes `<name …/>`, or `<name …>text</name>` when `text` is given.
    mutating func element(_ name: String, _ attributes: [(String, String)] = [], text: String? = nil) {
        if let text {
            lines.append(indent + "<\(name)\(Self.attributes(attributes))>\(Self.escaped(text))</\(name)>")
        } else {
            lines.append(indent + "<\(name)\(Self.attributes(attributes))/>")
        }
    }

    /// A line written as it is (the XML declaration); the caller escapes.
    mutating func raw(_ line: String) {
        lines.append(indent + line)
    }

    /// The document, one element per line, ending with a line break.
    var document: String { lines.joined(separator: "\n") + "\n" }

    private var indent: String { String(repeating: "  ", count: depth) }

    private static func attributes(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escaped($0.1))\"" }.joined()
    }

    /// `text` safe in XML character data and in quoted attribute values.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\n", "\r", "\t": result += "&#\(scalar.value);"
            default: result.unicodeScalars.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return result
    }

    /// XML 1.0's `Char` production (tab, line feed and carriage return are handled apart).
    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// `value` rounded to 0.1 with no trailing `.0` and no `-0`: "12", "12.5", "-3.1".
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = tenths.magnitude
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }
}
