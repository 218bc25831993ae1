/// JavaScript's type conversions (ECMAScript 2023, §7.1) on ``JSONValue``, as Node.js applies them.
///
/// The original ran on Node.js, so comparisons, `includes` and templates coerce values the way
/// JavaScript does. `nil` stands for `undefined` throughout. A decoded JSON object or array is a
/// fresh JavaScript object: its primitive value is its `toString()` (`[1,2]` → `"1,2"`,
/// `{}` → `"[object Object]"`), as `ToPrimitive` gives for plain objects and arrays.
public enum JavaScript {
    /// `ToNumber(value)` after `ToPrimitive`, as unary `+value` in JavaScript.
    ///
    /// `undefined` → NaN, `null` → 0, `true` → 1, strings by `StringToNumber` (trimmed; `""` → 0;
    /// `0x1F`, `0b101`, `0o17`, `Infinity`, `1e3`; anything else NaN), arrays through their
    /// string (`[5]` → 5, `[]` → 0, `[1,2]` → NaN), objects → NaN. lodash 4.17's `toNumber` gives
    /// the same for every JSON value.
    /// - Parameter value: the value; `nil` is `undefined`.
    /// - Returns: the number, possibly NaN or ±∞.
    public static func toNumber(_ value: JSONValue?) -> Double {
        guard let value else { return .nan }
        switch value {
        case .null: return 0
        case .bool(let flag): return flag ? 1 : 0
        case .number(let number): return number
        case .string(let text): return stringToNumber(text)
        case .array, .object: return stringToNumber(toString(value))
        }
    }

    /// `ToString(value)`, as `String(value)` in JavaScript.
    ///
    /// `undefined` → `"undefined"`, `null` → `"null"`, numbers by ``numberToString(_:)``
    /// (`-0` → `"0"`), arrays joined with `,` (`null` elements as `""`), objects → `"[object Object]"`.
    /// - Parameter value: the value; `nil` is `undefined`.
    /// - Returns: the string.
    public static func toString(_ value: JSONValue?) -> String {
        guard let value else { return "undefined" }
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return numberToString(number)
        case .string(let text): return text
        case .array(let elements):
            return elements.map { element in
                element == .null ? "" : toString(element)
            }.joined(separator: ",")
        case .object: return "[object Object]"
        }
    }

    /// `Number::toString(d)` in radix 10 (ECMAScript §6.1.6.1.20), as `String(d)` in JavaScript.
    ///
    /// The shortest digits that read back as `d`; plain notation for 1e-7 < |d| < 1e21
    /// (`100`, `0.1`, `123.456`, `0.000001`), exponent form outside it (`1e+21`, `1.5e-7`);
    /// integers have no `.0`; `-0` → `"0"`; `NaN`, `Infinity`, `-Infinity`.
    /// - Parameter d: the number.
    /// - Returns: JavaScript's text for it.
    public static func numberToString(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d == 0 { return "0" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        // An integer of at most 2^53 has itself as its shortest round-trip digits.
        if abs(d) <= 9_007_199_254_740_992, d.rounded(.towardZero) == d { return String(Int64(d)) }
        let sign = d < 0 ? "-" : ""
        let (digits, n) = shortestDigits(abs(d))
        let k = digits.count
        let body: String
        if k <= n && n <= 21 {
            body = digits + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            body = String(digits.prefix(n)) + "." + String(digits.dropFirst(n))
        } else if -6 < n && n <= 0 {
            body = "0." + String(repeating: "0", count: -n) + digits
        } else {
            let exponent = n - 1
            let mantissa = k == 1 ? digits : String(digits.prefix(1)) + "." + String(digits.dropFirst())
            body = mantissa + "e" + (exponent < 0 ? "-" : "+") + String(abs(exponent))
        }
        return sign + body
    }

    /// The shortest round-trip decimal digits of a finite positive `d` and the exponent `n` with
    /// `d = 0.digits × 10^n`, read off Swift's `description` (shortest and closest, like ECMAScript).
    private static func shortestDigits(_ d: Double) -> (digits: String, exponent: Int) {
        let text = d.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let pointIndex = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) }
            ?? mantissa.count
        var digits = Array(mantissa.filter { $0 != "." })
        var point = pointIndex + exponent
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        return (String(digits), point)
    }

    /// `StringToNumber` (ECMAScript §7.1.4.1.1): trims JavaScript white space and line terminators,
    /// then reads a decimal literal (with optional sign, `Infinity`), or unsigned `0x`/`0b`/`0o` integers.
    static func stringToNumber(_ text: String) -> Double {
        let units = Array(text.unicodeScalars)
        var start = 0
        var end = units.count
        while start < end && isWhiteSpace(units[start]) { start += 1 }
        while end > start && isWhiteSpace(units[end - 1]) { end -= 1 }
        let s = Array(units[start..<end].map(Character.init))
        if s.isEmpty { return 0 }
        let radixes: [Character: Int] = ["x": 16, "X": 16, "b": 2, "B": 2, "o": 8, "O": 8]
        if s.count > 2 && s[0] == "0", let radix = radixes[s[1]] {
            var value = 0.0
            for character in s[2...] {
                guard character.isASCII, let digit = character.hexDigitValue, digit < radix else { return .nan }
                value = value * Double(radix) + Double(digit)
            }
            return value
        }
        var i = 0
        var negative = false
        if s[0] == "+" || s[0] == "-" {
            negative = s[0] == "-"
            i = 1
        }
        if String(s[i...]) == "Infinity" { return negative ? -.infinity : .infinity }
        var integer = ""
        var fraction = ""
        var exponent = ""
        while i < s.count, s[i].isASCII, s[i].isNumber { integer.append(s[i]); i += 1 }
        if i < s.count && s[i] == "." {
            i += 1
            while i < s.count, s[i].isASCII, s[i].isNumber { fraction.append(s[i]); i += 1 }
        }
        if integer.isEmpty && fraction.isEmpty { return .nan }
        if i < s.count && (s[i] == "e" || s[i] == "E") {
            i += 1
            if i < s.count && (s[i] == "+" || s[i] == "-") { exponent.append(s[i]); i += 1 }
            var expDigits = ""
            while i < s.count, s[i].isASCII, s[i].isNumber { expDigits.append(s[i]); i += 1 }
            if expDigits.isEmpty { return .nan }
            exponent += expDigits
        }
        if i != s.count { return .nan }
        let literal = (integer.isEmpty ? "0" : integer) + "." + (fraction.isEmpty ? "0" : fraction)
            + (exponent.isEmpty ? "" : "e" + exponent)
        let magnitude = Double(literal) ?? .nan
        return negative ? -magnitude : magnitude
    }

    /// JavaScript's `WhiteSpace` and `LineTerminator` code points (what `\s` and `trim` match).
    static func isWhiteSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
            return true
        default:
            return false
        }
    }

    /// JavaScript truthiness (`!!value`): `undefined`, `null`, `false`, `0`, `-0`, `NaN` and `""`
    /// are false; everything else, including every object and array, is true.
    static func isTruthy(_ value: JSONValue?) -> Bool {
        guard let value else { return false }
        switch value {
        case .null: return false
        case .bool(let flag): return flag
        case .number(let number): return number != 0 && !number.isNaN
        case .string(let text): return !text.isEmpty
        case .array, .object: return true
        }
    }

    /// Strict equality (`===`): same type and value; strings compare UTF-16 code units (not Unicode
    /// canonical equivalence, as Swift's `==` does); `0 === -0`; `NaN` is never equal; two objects or
    /// arrays are equal only when they are the same reference, which two decoded JSON values never are.
    static func strictEquals(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (.null?, .null?): return true
        case (.bool(let x)?, .bool(let y)?): return x == y
        case (.number(let x)?, .number(let y)?): return x == y
        case (.string(let x)?, .string(let y)?): return x.utf16.elementsEqual(y.utf16)
        default: return false
        }
    }

    /// `SameValueZero` (what `Array.prototype.includes` and lodash's `eq` use): strict equality, but `NaN` equals `NaN`.
    static func sameValueZero(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        strictEquals(a, b) || (isNaN(a) && isNaN(b))
    }

    /// Whether the value is the number NaN.
    static func isNaN(_ value: JSONValue?) -> Bool {
        if case .number(let number)? = value { return number.isNaN }
        return false
    }

    /// Orders two strings as JavaScript's `<` does: lexicographically by UTF-16 code unit.
    static func lessThan(_ a: String, _ b: String) -> Bool {
        a.utf16.lexicographicallyPrecedes(b.utf16)
    }
}
