import CLibPQ
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// What a libpq connection string holds that must never reach an error or a log, and the
/// redaction of libpq's messages about it.
///
/// libpq's connection errors can echo the connection string whole (`end of string reached when
/// looking for matching "]" … in URI: "postgresql://u:pw@[::1/db"`), one token of it
/// (`invalid percent-encoded token: "s3cr%zzet"`), or a piece of a password it split wrongly
/// (`u:ab/cd@host` makes `ab` the port: `invalid integer value "ab" for connection option "port"`).
/// So the password is found in three ways: as libpq parses it (`PQconninfoParse`, percent-decoded),
/// and in the text itself — in a URI from the first `:` of the user info to the **last** `@` (a
/// password with an unencoded `@` or `/` still counts whole) and in a `password=` query parameter;
/// in a `keyword=value` string, the value of `password`. ``redact(_:)`` then hides every quoted
/// token of the message that overlaps a password in the text, every token holding a password form
/// (as written, percent-decoded, or unquoted), and the connection string itself.
package struct ConnectionSecrets: Sendable {
    /// The connection string, as given.
    private let connectionString: String
    /// Where passwords sit in ``connectionString``.
    private let regions: [Range<String.Index>]
    /// Every form of every password, longest first.
    private let forms: [String]

    /// What stands for the connection string in a redacted message.
    package static let connectionStringPlaceholder = "(the connection string)"
    /// What stands for a password or a token holding one.
    package static let secretPlaceholder = "***"

    /// Finds the passwords of `connectionString` (a `postgresql://` or `postgres://` URI, or
    /// `keyword=value` pairs).
    package init(_ connectionString: String) {
        self.connectionString = connectionString
        regions = Self.passwordRegions(in: connectionString)
        var forms = Set<String>()
        for region in regions {
            let raw = String(connectionString[region])
            forms.formUnion([raw, Self.percentDecoded(raw), Self.unquoted(raw)])
        }
        if let parsed = Self.libpqPassword(connectionString) { forms.insert(parsed) }
        self.forms = forms.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// `message` with the connection string replaced by ``connectionStringPlaceholder`` and every
    /// password, and every quoted token overlapping or holding one, by ``secretPlaceholder``.
    package func redact(_ message: String) -> String {
        var result = ""
        var rest = message[...]
        // libpq quotes what it echoes: "token".
        while let open = rest.firstIndex(of: "\""), let close = rest[rest.index(after: open)...].firstIndex(of: "\"") {
            let token = String(rest[rest.index(after: open)..<close])
            result += rest[..<open] + "\"" + redactToken(token) + "\""
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        if !connectionString.isEmpty {
            result = result.replacingLiteral(connectionString, with: Self.connectionStringPlaceholder)
        }
        for form in forms {
            result = result.replacingLiteral(form, with: Self.secretPlaceholder)
        }
        return result
    }

    private func redactToken(_ token: String) -> String {
        if token.isEmpty { return token }
        if token == connectionString { return Self.connectionStringPlaceholder }
        if forms.contains(where: { token.contains($0) || (token.count >= 3 && $0.contains(token)) }) || overlapsPassword(token) {
            return Self.secretPlaceholder
        }
        return token
    }

    /// Whether some occurrence of `token` in the connection string overlaps a password.
    private func overlapsPassword(_ token: String) -> Bool {
        var searchStart = connectionString.startIndex
        while let found = connectionString[searchStart...].firstRange(of: token) {
            if regions.contains(where: { $0.overlaps(found) }) { return true }
            searchStart = connectionString.index(after: found.lowerBound)
        }
        return false
    }
}

extension ConnectionSecrets {
    /// Where passwords are written in `text`.
    static func passwordRegions(in text: String) -> [Range<String.Index>] {
        guard let prefix = ["postgresql://", "postgres://"].first(where: text.hasPrefix) else {
            // keyword=value pairs: password = value, 'quoted' or up to the next blank.
            return text.ranges(of: /(?:^|\s)password\s*=\s*('(?:[^'\\]|\\.)*'?|\S*)/).map { match in
                text[match].firstMatch(of: /=\s*/).map { $0.range.upperBound..<match.upperBound } ?? match
            }
        }
        let rest = text[text.index(text.startIndex, offsetBy: prefix.count)...]
        var regions: [Range<String.Index>] = []
        if let lastAt = rest.lastIndex(of: "@"), let colon = rest[..<lastAt].firstIndex(of: ":") {
            regions.append(text.index(after: colon)..<lastAt)
        }
        for match in rest.matches(of: /[?&]password=([^&]*)/) {
            regions.append(match.output.1.startIndex..<match.output.1.endIndex)
        }
        return regions
    }

    /// `%XX` escapes decoded where they are valid; the rest kept as written.
    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
               let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A `keyword=value` value without its single quotes and backslash escapes.
    static func unquoted(_ text: String) -> String {
        guard text.hasPrefix("'") else { return text }
        var result = ""
        var escaped = false
        for character in text.dropFirst() {
            if escaped { result.append(character); escaped = false }
            else if character == "\\" { escaped = true }
            else if character == "'" { break }
            else { result.append(character) }
        }
        return result
    }

    /// The password as libpq parses it, when it does.
    static func libpqPassword(_ text: String) -> String? {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(text, &error) else {
            if let error { PQfreemem(error) }
            return nil
        }
        defer { PQconninfoFree(options) }
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "password" { return option.pointee.val.map { String(cString: $0) } }
            option += 1
        }
        return nil
    }
}
