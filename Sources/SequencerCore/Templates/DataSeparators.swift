/// A character that separates addresses or header lines, and so must not come from a runner's
/// data into an address field: `"to": "{{data.email}}"` with `email` = `"me@x.com, victim@y.com"`
/// would otherwise send to two people.
///
/// While an address field renders, each such character in a value from data is replaced by a
/// marker, a Unicode noncharacter (U+FDD0–U+FDD8) that no address may hold; the template's own
/// text is not touched. Any marker in the result is therefore a separator that came from data.
public enum DataSeparator: Sendable, Hashable, CustomStringConvertible {
    /// `,`: separates addresses in a header.
    case comma
    /// `;`: some mail software separates addresses with it too.
    case semicolon
    /// CR, LF, VT, FF, NEL (U+0085), LINE SEPARATOR (U+2028) or PARAGRAPH SEPARATOR (U+2029).
    case lineBreak

    /// For error messages: `a comma`, `a semicolon`, `a line break`.
    public var description: String {
        switch self {
        case .comma: "a comma"
        case .semicolon: "a semicolon"
        case .lineBreak: "a line break"
        }
    }

    /// The characters marked, in marker order: marker `k` is U+FDD0 + k.
    static let marked: [Unicode.Scalar] = [",", ";", "\r", "\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"]
    private static let markerBase: UInt32 = 0xFDD0
    private static let markerByScalar: [Unicode.Scalar: Unicode.Scalar] = Dictionary(
        uniqueKeysWithValues: marked.enumerated().map { ($0.element, Unicode.Scalar(markerBase + UInt32($0.offset))!) })

    /// `text` with every separator replaced by its marker.
    static func mark(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { markerByScalar[$0] != nil }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(markerByScalar[scalar] ?? scalar)
        }
        return String(scalars)
    }

    /// The separator a marker stands for, or `nil` when `scalar` is not a marker.
    static func marker(_ scalar: Unicode.Scalar) -> (separator: DataSeparator, original: Unicode.Scalar)? {
        let index = Int(scalar.value) - Int(markerBase)
        guard marked.indices.contains(index) else { return nil }
        let original = marked[index]
        return (original == "," ? .comma : original == ";" ? .semicolon : .lineBreak, original)
    }

    /// The first separator from data in a rendered text, or `nil` when it holds none.
    static func first(in rendered: String) -> DataSeparator? {
        rendered.unicodeScalars.lazy.compactMap { marker($0)?.separator }.first
    }

    /// A rendered text with its markers turned back into the characters they stand for.
    static func unmark(_ rendered: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in rendered.unicodeScalars {
            scalars.append(marker(scalar)?.original ?? scalar)
        }
        return String(scalars)
    }
}

extension TemplateContext {
    /// The same runner object, with every ``DataSeparator`` in its values replaced by a marker:
    /// strings, numbers, and arrays as JavaScript joins them (`["a@x.com", "b@y.com"]` renders
    /// `a@x.com,b@y.com`, whose comma comes from data too). Because the values themselves are
    /// converted, every way of inserting one (`{{x}}`, `{{{x}}}`, `{{& x}}`, sections) is covered.
    public func markingDataSeparators() -> TemplateContext {
        TemplateContext(json, text: DataSeparator.mark)
    }
}
