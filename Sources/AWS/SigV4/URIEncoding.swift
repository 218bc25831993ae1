/// The percent-encoding and path rules of Signature Version 4 (AWS docs, "Create a signed AWS API
/// request", `UriEncode()` and "CanonicalURI"), over UTF-8 bytes.
package enum URIEncoding {
    /// RFC 3986 unreserved characters, the only bytes `UriEncode()` leaves as they are:
    /// `A-Z a-z 0-9 - . _ ~`.
    package static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// SigV4's `UriEncode()`: every byte but the unreserved ones becomes `%XY` with upper-case hex;
    /// a space is `%20`, never `+`; `%` itself is encoded, so an already encoded string is encoded again.
    /// - Parameters:
    ///   - bytes: the UTF-8 (or raw) bytes to encode.
    ///   - keepSlash: leave `/` as is (paths) instead of encoding it as `%2F` (query names and values).
    package static func encode(_ bytes: some Sequence<UInt8>, keepSlash: Bool = false) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount)
        for byte in bytes {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `encode` of a string's UTF-8 bytes.
    package static func encode(_ string: String, keepSlash: Bool = false) -> String {
        encode(string.utf8, keepSlash: keepSlash)
    }

    /// Decodes `%XY` escapes (either case of hex). With `strict`, a `%` not followed by two hex digits
    /// makes the result `nil`; otherwise it stays a literal `%`.
    package static func percentDecode(_ bytes: some Collection<UInt8>, strict: Bool) -> [UInt8]? {
        let input = Array(bytes)
        var out = [UInt8]()
        out.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "%") {
                if index + 2 < input.count, let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) {
                    out.append(high << 4 | low)
                    index += 3
                    continue
                }
                if strict { return nil }
            }
            out.append(byte)
            index += 1
        }
        return out
    }

    /// Whether `bytes` has a `%` that does not start a `%XY` escape.
    package static func hasMalformedEscape(_ bytes: some Collection<UInt8>) -> Bool {
        percentDecode(bytes, strict: true) == nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Canonical URI path rules.
package enum CanonicalPath {
    /// The canonical URI of `path` (the request-target path as sent, without query).
    ///
    /// - Non-S3 services (`normalize` and `doubleEncode`): remove dot segments (RFC 3986 §5.2.4), then
    ///   collapse runs of `/`, then `UriEncode()` the result keeping `/`. The path as sent is usually
    ///   percent-encoded already, so an escape such as `%3A` becomes `%253A`: AWS's "double encoding".
    /// - S3 rules (neither): the path is used as it is, except that it is decoded and encoded exactly
    ///   once, so that a raw space becomes `%20` and an escape stays a single escape with upper-case hex.
    /// - Returns: `/` for an empty path.
    package static func canonicalURI(_ path: String, normalize: Bool, doubleEncode: Bool) -> String {
        var path = path.isEmpty ? "/" : path
        if normalize {
            path = collapseSlashes(removeDotSegments(path))
        }
        if doubleEncode {
            return URIEncoding.encode(path, keepSlash: true)
        }
        let decoded = URIEncoding.percentDecode(path.utf8, strict: false) ?? Array(path.utf8)
        return URIEncoding.encode(decoded, keepSlash: true)
    }

    /// RFC 3986 §5.2.4 "Remove Dot Segments" on an absolute path: `.` segments go, `..` removes the
    /// segment before it, and a path ending in `.` or `..` keeps its trailing `/` (`/a/b/..` is `/a/`).
    ///
    /// libcurl applies exactly this to a URL before sending it (curl 7.88 sends `/a/b//../c` as
    /// `/a/b/c` and `/a/b/..` as `/a/`), and AWS computes the canonical URI from the path it receives,
    /// so signing the RFC result signs what is sent. botocore and aws-c-auth instead drop empty
    /// segments before resolving `..` (`/a/c`) and drop the `/` after a final dot segment (`/a`).
    /// All agree on every AWS suite case and on every path without dot segments; the cases where they
    /// differ are listed in `SigV4BotocoreDifferentialTests`.
    package static func removeDotSegments(_ path: String) -> String {
        let slash = UInt8(ascii: "/")
        let bytes = Array(path.utf8)
        // Segments after the leading "/"; a trailing "/" gives a final empty segment. Bytes, not
        // Characters: a combining mark after "/" must not hide the separator.
        var input = bytes.split(separator: slash, omittingEmptySubsequences: false)
        let absolute = bytes.first == slash
        if absolute { input.removeFirst() }
        var output: [ArraySlice<UInt8>] = []
        for (index, segment) in input.enumerated() {
            let isLast = index == input.count - 1
            if segment.elementsEqual(".".utf8) {
                if isLast { output.append([]) }
            } else if segment.elementsEqual("..".utf8) {
                if !output.isEmpty { output.removeLast() }
                if isLast { output.append([]) }
            } else {
                output.append(segment)
            }
        }
        var result: [UInt8] = absolute ? [slash] : []
        result.append(contentsOf: output.joined(separator: [slash]))
        return String(decoding: result, as: UTF8.self)
    }

    /// Replaces every run of `/` with one `/`.
    package static func collapseSlashes(_ path: String) -> String {
        let slash = UInt8(ascii: "/")
        var out = [UInt8]()
        out.reserveCapacity(path.utf8.count)
        for byte in path.utf8 where !(byte == slash && out.last == slash) {
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
