/// Serialises JSON values the way JavaScript's `JSON.stringify` does (numbers as JavaScript
/// prints them, `"\u001f"`-style escapes for control characters), with object members sorted by
/// key so equal values always serialise alike. Compact: no spaces.
enum JSONWriter {
    static func write(_ value: JSONValue) -> String {
        var output = ""
        output.reserveCapacity(64)
        append(value, to: &output)
        return output
    }

    private static func append(_ value: JSONValue, to output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let number): output += number.isFinite ? JavaScript.numberToString(number) : "null"
        case .string(let text): appendString(text, to: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                append(element, to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { output += "," }
                appendString(member.key, to: &output)
                output += ":"
                append(member.value, to: &output)
            }
            output += "}"
        }
    }

    private static let hexDigits = Array("0123456789abcdef".unicodeScalars)

    private static func appendString(_ text: String, to output: inout String) {
        output.unicodeScalars.append("\"")
        // Fast path: nothing to escape.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            output += text
            output.unicodeScalars.append("\"")
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                output += "\\u00"
                output.unicodeScalars.append(hexDigits[Int(scalar.value >> 4)])
                output.unicodeScalars.append(hexDigits[Int(scalar.value & 0xF)])
            default: output.unicodeScalars.append(scalar)
            }
        }
        output.unicodeScalars.append("\"")
    }
}
