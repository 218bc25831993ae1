/// The rule for identifiers an application gives — subject ids, sequence names in entry-point
/// items, idempotency and cancellation keys: a string of 1–200 characters (Unicode scalars, as
/// PostgreSQL's `length` counts them) that is not blank, neither starts nor ends with white space
/// and holds no control character or line break.
///
/// The SQL entry points apply the same rule in the same words (`sequencer.text_problem`,
/// `Migrations/008_entry_speed.sql`); the CLI checks first so that a bad line is named before
/// anything is sent (`docs/entry-points.md`, "The command line").
package enum IdentifierRule {
    /// The most characters (Unicode scalars) an identifier may have.
    package static let maxLength = 200

    /// Why `text` cannot be an identifier, in `sequencer.text_problem`'s words where it has them;
    /// `nil` when it can.
    package static func problem(_ text: String) -> String? {
        let scalars = text.unicodeScalars
        if scalars.isEmpty { return "must not be empty" }
        if scalars.count > maxLength { return "must be at most \(maxLength) characters (it has \(scalars.count))" }
        if let (offset, scalar) = scalars.enumerated().first(where: { isControlOrLineBreak($0.element) }) {
            return "must not contain control characters or line breaks (U+\(hex(scalar)) at character \(offset + 1))"
        }
        if scalars.allSatisfy(\.properties.isWhitespace) { return "must not be blank" }
        if scalars.first!.properties.isWhitespace || scalars.last!.properties.isWhitespace {
            return "must not start or end with white space"
        }
        return nil
    }

    /// Why a JSON member cannot be an identifier, as `sequencer.identifier_problem`: absent or
    /// `null` is a problem only when `required`; anything else must be a string ``problem(_:)``
    /// accepts.
    package static func problem(_ value: JSONValue?, required: Bool) -> String? {
        guard let value, value != .null else { return required ? "is required" : nil }
        guard let text = value.stringValue else { return "must be a string, not \(value.typeName)" }
        return problem(text)
    }

    /// Unicode's control characters (Cc: U+0000–U+001F, U+007F–U+009F, which include tab, line
    /// feed, carriage return and NEL) and the line and paragraph separators U+2028, U+2029.
    static func isControlOrLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    private static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
