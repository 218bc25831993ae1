#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A strict RFC 8259 JSON parser over UTF-8 bytes.
///
/// Stricter than Foundation's decoder where Sequencer needs it: duplicate object keys, trailing
/// commas, numbers beyond a double's range and `\u0000` (which PostgreSQL's jsonb cannot store)
/// are refused, and every error names its line and column. Nesting is limited to 512 levels.
/// With ``JSONNumberRule/exactIntegers`` an integer a double cannot keep is refused too, the error
/// naming its JSON pointer.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let numbers: JSONNumberRule
    private var index = 0
    private var depth = 0

    static func parse(_ data: Data, numbers: JSONNumberRule = .nearestDouble) throws(JSONTextError) -> JSONValue {
        do {
            return try data.withUnsafeBytes { raw in try parse(raw.bindMemory(to: UInt8.self), numbers: numbers) }
        } catch let error as JSONTextError {
            throw error
        } catch {
            throw JSONTextError(reason: "\(error)")
        }
    }

    /// Parses UTF-8 text in place (a native Swift string's storage, a database row's buffer).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, numbers: JSONNumberRule = .nearestDouble) throws(JSONTextError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, numbers: numbers)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.index < parser.bytes.count {
            throw parser.error("unexpected text after the JSON value")
        }
        return value
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, numbers: JSONNumberRule) {
        self.bytes = bytes
        self.numbers = numbers
    }

    private func error(_ reason: String, at position: Int? = nil) -> JSONTextError {
        let end = min(position ?? index, bytes.count)
        var line = 1
        var column = 1
        for byte in bytes[0..<end] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return JSONTextError(reason: reason, line: line, column: column)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONTextError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of the text") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected character \(describe(bytes[index]))")
        }
    }

    private func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + byte.hex2
    }

    private mutating func expect(_ word: StaticString) throws(JSONTextError) {
        let start = index
        for expected in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
            guard index < bytes.count, bytes[index] == expected else { throw error("invalid literal (expected \(word))", at: start) }
            index += 1
        }
    }

    private mutating func nest() throws(JSONTextError) {
        depth += 1
        if depth > 512 { throw error("nested deeper than 512 levels") }
    }

    private mutating func parseObject() throws(JSONTextError) -> JSONValue {
        try nest()
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        // Room for a typical object's members at once: growing a dictionary rehashes it.
        members.reserveCapacity(8)
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error(index < bytes.count && bytes[index] == UInt8(ascii: "}") ? "trailing comma in an object" : "expected a member name in double quotes")
            }
            let keyStart = index
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after a member name") }
            index += 1
            skipWhitespace()
            let value: JSONValue
            do { value = try parseValue() } catch { throw error.inside(key) }
            if members.updateValue(value, forKey: key) != nil {
                throw error("duplicate member name \"\(key)\"", at: keyStart)
            }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of the text in an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw error("expected ',' or '}' in an object") }
            index += 1
            depth -= 1
            return .object(members)
        }
    }

    private mutating func parseArray() throws(JSONTextError) -> JSONValue {
        try nest()
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { throw error("trailing comma in an array") }
            do { elements.append(try parseValue()) } catch { throw error.inside(String(elements.count)) }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of the text in an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw error("expected ',' or ']' in an array") }
            index += 1
            depth -= 1
            return .array(elements)
        }
    }

    private mutating func parseNumber() throws(JSONTextError) -> Double {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits() -> Int {
            let first = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - first
        }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0 else { throw error("invalid number", at: start) }
        if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") { throw error("invalid number (leading zero)", at: start) }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw error("invalid number (no digit after '.')", at: start) }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw error("invalid number (no digit in the exponent)", at: start) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            let shown = text.count > 24 ? text.prefix(24) + "… (\(text.count) characters)" : text
            throw error("number \(shown) is out of range", at: start)
        }
        if numbers == .exactIntegers, abs(value) >= JSONNumberRule.smallestUnsafeMagnitude {
            var refused = error("\(text.count > 24 ? text.prefix(24) + "…" : text) is beyond ±(2^53 − 1) and cannot be kept exactly", at: start)
            refused.pointer = ""
            throw refused
        }
        return value
    }

    private mutating func parseString() throws(JSONTextError) -> String {
        let start = index
        index += 1
        var scalars = String.UnicodeScalarView()
        var runStart = index
        func flushRun(_ parser: JSONParser, into view: inout String.UnicodeScalarView, upTo end: Int) -> Bool {
            guard end > runStart else { return true }
            guard let text = String(validating: UnsafeBufferPointer(rebasing: parser.bytes[runStart..<end]), as: UTF8.self) else { return false }
            view.append(contentsOf: text.unicodeScalars)
            return true
        }
        var highBits: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                if runStart == start + 1 {
                    // No escape met: the string is the bytes as they are (the common case); ASCII
                    // bytes are valid UTF-8 as they are, others are validated.
                    if highBits < 0x80 {
                        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<index]), as: UTF8.self)
                        index += 1
                        return text
                    }
                    guard let text = String(validating: UnsafeBufferPointer(rebasing: bytes[runStart..<index]), as: UTF8.self) else {
                        throw error("invalid UTF-8 in a string", at: start)
                    }
                    index += 1
                    return text
                }
                guard flushRun(self, into: &scalars, upTo: index) else { throw error("invalid UTF-8 in a string", at: start) }
                index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw error("control character \("0x" + byte.hex2) in a string (escape it)") }
            if byte == UInt8(ascii: "\\") {
                guard flushRun(self, into: &scalars, upTo: index) else { throw error("invalid UTF-8 in a string", at: start) }
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"): scalars.append(try parseUnicodeEscape())
                default: throw error("invalid escape \\\(describe(escape))", at: index - 2)
                }
                runStart = index
                continue
            }
            highBits |= byte
            index += 1
        }
        throw error("unterminated string", at: start)
    }

    private mutating func parseHex4() throws(JSONTextError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private mutating func parseUnicodeEscape() throws(JSONTextError) -> Unicode.Scalar {
        let start = index - 2
        let first = try parseHex4()
        if first == 0 { throw error("\\u0000 is not accepted (PostgreSQL cannot store it)", at: start) }
        if (0xD800...0xDBFF).contains(first) {
            guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("lone high surrogate \\u\(String(first, radix: 16, uppercase: true))", at: start)
            }
            index += 2
            let second = try parseHex4()
            guard (0xDC00...0xDFFF).contains(second) else { throw error("invalid surrogate pair", at: start) }
            return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
        }
        guard let scalar = Unicode.Scalar(first) else { throw error("lone low surrogate", at: start) }
        return scalar
    }
}


/// What the parser does with a number a double (JavaScript's number) cannot keep exactly.
public enum JSONNumberRule: Sendable, Hashable {
    /// The nearest double, as JavaScript's `JSON.parse` gives it: stored data, wire messages,
    /// the lodash/moment corpora. `9007199254740993` reads as `9007199254740992`.
    case nearestDouble
    /// A number whose magnitude is 2^53 or more is refused (`JSONTextError` with its JSON
    /// pointer): beyond JavaScript's safe integers (`Number.MAX_SAFE_INTEGER`, 2^53 − 1) not
    /// every integer has a double, so one would be changed silently. For input a user writes
    /// (the CLI's files and arguments), where a number must arrive as written.
    case exactIntegers

    /// 2^53, the smallest magnitude ``exactIntegers`` refuses (`Number.MAX_SAFE_INTEGER` + 1):
    /// 2^53 + 1 is the first integer without a double, and its text reads as 2^53.
    static let smallestUnsafeMagnitude: Double = 9_007_199_254_740_992
}

extension JSONTextError {
    /// The error of a value refused where it stands (``pointer`` set), seen from the array or
    /// object holding it at member `token`: its pointer gains the token. Syntax errors, which
    /// have no pointer, are unchanged.
    func inside(_ token: String) -> JSONTextError {
        guard let pointer else { return self }
        var outer = self
        outer.pointer = JSONPointer.appending("", token) + pointer
        return outer
    }
}
