#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A URL that `SignableRequest(method:url:)` cannot send as it is.
///
/// `url` and `description` leave out the query string, the fragment and any user info: queries can
/// carry pre-signed credentials.
public struct RequestURLError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        /// No `scheme://`.
        case missingScheme
        /// A scheme other than `http` or `https`.
        case unsupportedScheme
        /// No host, or a host with characters a host name cannot have.
        case invalidHost
        /// A port that is empty, not a number, or outside 1–65535.
        case invalidPort
        /// `user:password@host`: credentials belong in the signature, not the URL.
        case userInfoNotSupported
        /// A character that must be percent-encoded (space, non-ASCII, `"`, `<`, …) in the path or query.
        case invalidCharacter
        /// A `%` not followed by two hex digits, or a query escape that does not decode to UTF-8.
        case invalidPercentEncoding
    }

    public var code: Code
    /// The URL without query, fragment or user info.
    public var url: String
    /// What is wrong, in words.
    public var detail: String

    public var description: String { "invalid request URL \(url): \(detail)" }
}

extension SignableRequest {
    /// A request for an absolute `http`/`https` URL whose path and query are percent-encoded as they
    /// will be sent, such as
    /// `https://lambda.us-west-2.amazonaws.com/2015-03-31/functions/arn%3Aaws%3Alambda%3A…/invocations`.
    ///
    /// The path is kept byte for byte (the signer encodes it again for non-S3 services, as AWS expects).
    /// Query items are decoded; `+` is a literal plus (RFC 3986), not a space. A fragment is dropped.
    /// - Parameters:
    ///   - method: `GET`, `POST`, …
    ///   - url: the absolute URL.
    ///   - headers: header fields to send and sign (the signer adds `Host` if missing).
    ///   - body: the payload.
    /// - Throws: `RequestURLError` naming the URL without its query.
    public init(method: String, url: String, headers: [(name: String, value: String)] = [],
                body: Data = Data()) throws {
        let parsed = try ParsedURL(url)
        self.init(method: method, scheme: parsed.scheme, host: parsed.host, port: parsed.port, path: parsed.path,
                  queryItems: parsed.queryItems, headers: headers, body: body)
    }
}

/// The parts of an absolute URL (RFC 3986 §3), checked for what an HTTP request line can carry.
private struct ParsedURL {
    var scheme: String
    var host: String
    var port: Int?
    var path: String
    var queryItems: [SignableRequest.QueryItem]

    init(_ url: String) throws {
        let redacted = Self.redact(url)
        func fail(_ code: RequestURLError.Code, _ detail: String) -> RequestURLError {
            RequestURLError(code: code, url: redacted, detail: detail)
        }

        var rest = Substring(url)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        guard let schemeEnd = rest.firstRange(of: "://") else {
            throw fail(.missingScheme, "expected an absolute URL starting with https:// or http://")
        }
        scheme = rest[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else {
            throw fail(.unsupportedScheme, "scheme must be https or http")
        }
        rest = rest[schemeEnd.upperBound...]

        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]
        if authority.contains("@") {
            throw fail(.userInfoNotSupported, "user info (user:password@) is not supported")
        }
        (host, port) = try Self.hostAndPort(authority, fail: fail)

        let queryStart = rest.firstIndex(of: "?")
        let rawPath = queryStart.map { rest[..<$0] } ?? rest
        path = rawPath.isEmpty ? "/" : String(rawPath)
        if let bad = path.unicodeScalars.first(where: { !Self.isPathCharacter($0) }) {
            let shown = bad.isASCII && bad.value > 0x20 && bad.value < 0x7F ? "'\(bad)'" : "U+\(String(bad.value, radix: 16, uppercase: true))"
            throw fail(.invalidCharacter, "the path has \(shown), which must be percent-encoded")
        }
        if URIEncoding.hasMalformedEscape(path.utf8) {
            throw fail(.invalidPercentEncoding, "the path has a % that is not followed by two hex digits")
        }

        queryItems = []
        if let queryStart {
            let query = rest[rest.index(after: queryStart)...]
            // The query's characters are not shown: they may be a pre-signed signature or token.
            guard query.unicodeScalars.allSatisfy({ Self.isPathCharacter($0) || $0 == "?" }) else {
                throw fail(.invalidCharacter, "the query has a character that must be percent-encoded")
            }
            for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
                let equals = pair.firstIndex(of: "=")
                let name = equals.map { pair[..<$0] } ?? pair
                let value = equals.map { pair[pair.index(after: $0)...] } ?? ""
                guard let decodedName = Self.decode(name), let decodedValue = Self.decode(value) else {
                    throw fail(.invalidPercentEncoding, "the query has an invalid percent-encoding or non-UTF-8 escape")
                }
                queryItems.append(.init(name: decodedName, value: decodedValue))
            }
        }
    }

    private static func hostAndPort(
        _ authority: Substring, fail: (RequestURLError.Code, String) -> RequestURLError
    ) throws -> (String, Int?) {
        var host = authority
        var portText: Substring?
        if authority.hasPrefix("[") {
            // IPv6 literal: [v6address] or [v6address]:port.
            guard let close = authority.firstIndex(of: "]") else { throw fail(.invalidHost, "unterminated IPv6 address") }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail(.invalidHost, "unexpected text after the IPv6 address") }
                portText = after.dropFirst()
            }
            let inner = host.dropFirst().dropLast()
            guard !inner.isEmpty, inner.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw fail(.invalidHost, "invalid IPv6 address")
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        guard !host.isEmpty else { throw fail(.invalidHost, "the URL has no host") }
        if !host.hasPrefix("["), !host.utf8.allSatisfy(URIEncoding.isUnreserved) {
            throw fail(.invalidHost, "the host may only have letters, digits, '-', '.', '_' and '~'")
        }
        guard let portText else { return (String(host), nil) }
        guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(\.isASCIIDigitCharacter),
              let port = Int(portText), (1...65_535).contains(port) else {
            throw fail(.invalidPort, "the port must be a number from 1 to 65535")
        }
        return (String(host), port)
    }

    /// RFC 3986 `pchar` plus `/`: unreserved, sub-delims, `:`, `@`, and `%` (escapes are checked apart).
    private static func isPathCharacter(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return false }
        let byte = UInt8(scalar.value)
        if URIEncoding.isUnreserved(byte) { return true }
        return "!$&'()*+,;=:@/%".utf8.contains(byte)
    }

    private static func decode(_ text: Substring) -> String? {
        guard let bytes = URIEncoding.percentDecode(text.utf8, strict: true) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The URL cut before `?` or `#`, with any `user:password@` removed.
    static func redact(_ url: String) -> String {
        var text = Substring(url)
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<cut] }
        guard let schemeEnd = text.firstRange(of: "://") else { return String(text) }
        let afterScheme = text[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        guard let at = afterScheme[..<authorityEnd].lastIndex(of: "@") else { return String(text) }
        return String(text[..<schemeEnd.upperBound]) + String(afterScheme[afterScheme.index(after: at)...])
    }
}

private extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isWholeNumber }
}
