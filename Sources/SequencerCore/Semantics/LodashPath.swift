/// lodash 4.17's property paths (`_.toPath`, `_.get`) on ``JSONValue``.
///
/// A path such as `data.items[0].price` or `data['a.b']["c"]` names a value inside a runner.
/// `undefined` is `nil` throughout. What JavaScript would find on a prototype rather than on the
/// value itself (`constructor`, `__proto__`, `toFixed`, `push`, ...) is not JSON, so it is
/// `undefined` here; `length` of arrays and strings is the exception, being an own property.
public enum LodashPath {
    /// Splits a path string into keys as lodash's `stringToPath` does (what `_.toPath` gives for a string).
    ///
    /// Rules, from lodash's `rePropName`: a run of characters other than `.`, `[`, `]` is a key;
    /// `[0]`, `[-1]`, `[1.5]` give the number's text; `['a.b']` and `["x"]` give the quoted text
    /// with backslash escapes removed (`\\` → `\`, `\'` → `'`); a leading `.` gives an initial `""`;
    /// an empty segment between separators (`a..b`, `a[].b`, trailing `.`) gives `""`; any other
    /// bracket or character that starts no match is skipped (`a[b]` → `["a", "b"]`).
    /// - Parameter path: the path, e.g. `data.items[0].price`.
    /// - Returns: the keys, e.g. `["data", "items", "0", "price"]`.
    public static func parse(_ path: String) -> [String] {
        let u = Array(path.utf16)
        var result: [String] = []
        if u.first == dot { result.append("") }
        var i = 0
        while i < u.count {
            let c = u[i]
            if c != dot && c != open && c != close {
                var j = i
                while j < u.count && u[j] != dot && u[j] != open && u[j] != close { j += 1 }
                result.append(text(u[i..<j]))
                i = j
                continue
            }
            if c == open, let (key, next) = bracketNumber(u, at: i) ?? bracketQuoted(u, at: i) {
                result.append(key)
                i = next
                continue
            }
            if let after = separatorEnd(u, at: i), after == u.count || separatorEnd(u, at: after) != nil {
                result.append("")  // an empty match: the regex moves on by one code unit
            }
            i += 1
        }
        return result
    }

    /// `_.get(root, path)`: the value at `path` in `root`, or `nil` (`undefined`) when there is none.
    ///
    /// As lodash's `castPath`: a path that is a plain word (`/^\w*$/`), that has no `.` and no
    /// bracket pair, or that is itself a key of `root` (`'a.b' in root`) is one key; otherwise it is
    /// split by ``parse(_:)``. Keys are then looked up one by one (lodash's `baseGet`):
    /// - objects: own members only (a numeric key such as `"0"` is an ordinary member name);
    /// - arrays: canonical indices (`"0"`, `"12"`, not `"01"` or `"-1"`) and `length`;
    /// - strings: `length` in UTF-16 code units and canonical indices, giving the one-unit string
    ///   JavaScript gives (`"abc"[1]` is `"b"`; half of a surrogate pair becomes U+FFFD, since a
    ///   Swift string cannot hold it);
    /// - numbers, booleans: nothing (`undefined`).
    ///
    /// A `null` met before the last key ends the walk with `undefined`; a `null` at the end is `null`.
    /// - Parameters:
    ///   - root: the value to search, usually a runner as JSON (`{"id": ..., "data": {...}}`).
    ///   - path: the path, e.g. `data.user.age`.
    /// - Returns: the value found, or `nil` for `undefined`.
    public static func get(_ root: JSONValue, _ path: String) -> JSONValue? {
        value(of: root, at: keys(path, in: root))
    }

    /// A path split once, for `_.get` on many roots (a Conditional's operand, evaluated per runner).
    public struct Getter: Sendable, Hashable {
        /// The path as written, e.g. `data.user.age`.
        public let path: String
        /// ``LodashPath/parse(_:)``'s keys when the path is deep, else `nil` (the path is one key).
        private let deepKeys: [String]?

        /// Splits `path` now, as ``LodashPath/get(_:_:)`` would on every call.
        public init(_ path: String) {
            self.path = path
            deepKeys = isPlainKey(path) || !isDeepPath(path) ? nil : parse(path)
        }

        /// `_.get(root, path)`, exactly as ``LodashPath/get(_:_:)``.
        public func value(in root: JSONValue) -> JSONValue? {
            guard let deepKeys else { return LodashPath.value(of: root, at: [path]) }
            if case .object(let members) = root, members[path] != nil { return LodashPath.value(of: root, at: [path]) }
            return LodashPath.value(of: root, at: deepKeys)
        }

        /// `_.get(runner.object, path)` without building the runner object: the first key picks
        /// one of its members. (Its member names are plain words, so a deep path is never one.)
        public func value(in runner: RunnerSnapshot) -> JSONValue? {
            let keys = deepKeys ?? [path]
            guard let first = keys.first else { return nil }
            var current = runner.member(first)
            for key in keys.dropFirst() {
                guard let value = current, value != .null else { return nil }
                current = property(value, key)
            }
            return current
        }
    }

    // MARK: - Internals shared with LodashCommand

    /// lodash's `castPath(path, object)` for a string path.
    static func keys(_ path: String, in object: JSONValue?) -> [String] {
        if isPlainKey(path) || !isDeepPath(path) { return [path] }
        if case .object(let members)? = object, members[path] != nil { return [path] }
        return parse(path)
    }

    /// lodash's `baseGet` with ready-made keys: `nil` if any key is missing or the keys are empty.
    static func value(of root: JSONValue, at keys: [String]) -> JSONValue? {
        guard !keys.isEmpty else { return nil }
        var current: JSONValue? = root
        for key in keys {
            guard let value = current, value != .null else { return nil }
            current = property(value, key)
        }
        return current
    }

    /// `value[key]` for a JSON value, own properties only (see ``get(_:_:)``).
    static func property(_ value: JSONValue, _ key: String) -> JSONValue? {
        switch value {
        case .object(let members):
            return members[key]
        case .array(let elements):
            if key == "length" { return .number(Double(elements.count)) }
            guard let index = arrayIndex(key), index < elements.count else { return nil }
            return elements[index]
        case .string(let text):
            let units = text.utf16
            if key == "length" { return .number(Double(units.count)) }
            guard let index = arrayIndex(key), index < units.count else { return nil }
            let unit = units[units.index(units.startIndex, offsetBy: index)]
            return .string(String(decoding: [unit], as: UTF16.self))
        case .null, .bool, .number:
            return nil
        }
    }

    /// `Object.prototype.hasOwnProperty.call(value, key)` for a JSON value.
    static func hasOwnProperty(_ value: JSONValue, _ key: String) -> Bool {
        switch value {
        case .object(let members): return members[key] != nil
        case .array, .string: return property(value, key) != nil
        case .null, .bool, .number: return false
        }
    }

    /// The array index a key names: canonical (`/^(?:0|[1-9]\d*)$/`) and below 2³² − 1.
    static func arrayIndex(_ key: String) -> Int? {
        let units = Array(key.utf8)
        guard !units.isEmpty, units.count <= 10, units.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              units[0] != 0x30 || units.count == 1, let index = Int(key), index < 4_294_967_295
        else { return nil }
        return index
    }

    // MARK: - The regular expressions, by hand

    private static let dot: UInt16 = 0x2E, open: UInt16 = 0x5B, close: UInt16 = 0x5D
    private static let backslash: UInt16 = 0x5C, singleQuote: UInt16 = 0x27, doubleQuote: UInt16 = 0x22

    private static func text(_ units: ArraySlice<UInt16>) -> String {
        String(decoding: units, as: UTF16.self)
    }

    /// lodash's `reIsPlainProp`, `/^\w*$/`.
    static func isPlainKey(_ path: String) -> Bool {
        path.utf8.allSatisfy { $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) }
    }

    /// lodash's `reIsDeepProp`, `/\.|\[(?:[^[\]]*|(["'])(?:(?!\1)[^\\]|\\.)*?\1)\]/`, as a search.
    static func isDeepPath(_ path: String) -> Bool {
        let u = Array(path.utf16)
        if u.contains(dot) { return true }
        for i in u.indices where u[i] == open {
            var j = i + 1
            while j < u.count && u[j] != open && u[j] != close { j += 1 }
            if j < u.count && u[j] == close { return true }
            if bracketQuoted(u, at: i) != nil { return true }
        }
        return false
    }

    /// `\[(-?\d+(?:\.\d+)?)\]` at `i`: the number's text and the index after `]`.
    private static func bracketNumber(_ u: [UInt16], at i: Int) -> (String, Int)? {
        var j = i + 1
        if j < u.count && u[j] == 0x2D { j += 1 }
        func digits(from k: Int) -> Int {
            var k = k
            while k < u.count && u[k] >= 0x30 && u[k] <= 0x39 { k += 1 }
            return k
        }
        let integerEnd = digits(from: j)
        guard integerEnd > j else { return nil }
        var end = integerEnd
        if end < u.count && u[end] == dot {
            let fractionEnd = digits(from: end + 1)
            if fractionEnd > end + 1 { end = fractionEnd }
        }
        guard end < u.count && u[end] == close else { return nil }
        return (text(u[(i + 1)..<end]), end + 1)
    }

    /// `\[(["'])((?:(?!\1)[^\\]|\\.)*?)\1\]` at `i`: the unescaped text and the index after `]`.
    private static func bracketQuoted(_ u: [UInt16], at i: Int) -> (String, Int)? {
        guard i + 1 < u.count, u[i + 1] == singleQuote || u[i + 1] == doubleQuote else { return nil }
        let quote = u[i + 1]
        var k = i + 2
        var unescaped: [UInt16] = []
        while k < u.count {
            let c = u[k]
            if c == quote {
                guard k + 1 < u.count && u[k + 1] == close else { return nil }
                return (String(decoding: unescaped, as: UTF16.self), k + 2)
            }
            if c == backslash {
                // `\\.`: `.` matches anything but a line terminator; `/\\(\\)?/g → '$1'` then keeps only an escaped backslash.
                guard k + 1 < u.count, ![0x0A, 0x0D, 0x2028, 0x2029].contains(u[k + 1]) else { return nil }
                if u[k + 1] == backslash {
                    unescaped.append(backslash)
                } else {
                    unescaped.append(u[k + 1])
                }
                k += 2
                continue
            }
            unescaped.append(c)
            k += 1
        }
        return nil
    }

    /// `(?:\.|\[\])` at `i`: the index after it.
    private static func separatorEnd(_ u: [UInt16], at i: Int) -> Int? {
        guard i < u.count else { return nil }
        if u[i] == dot { return i + 1 }
        if u[i] == open && i + 1 < u.count && u[i + 1] == close { return i + 2 }
        return nil
    }
}
