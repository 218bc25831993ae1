/// Step 1 of Signature Version 4 (AWS docs, "Create a signed AWS API request"):
///
/// ```
/// HTTPMethod \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedPayload
/// ```
///
/// where `CanonicalHeaders` ends in its own newline, so a blank line precedes `SignedHeaders`.
package struct CanonicalRequest: Sendable, Hashable {
    package var method: String
    package var uri: String
    package var query: String
    /// One `name:value\n` line a signed header, sorted by name.
    package var headers: String
    /// The signed header names, lower case, sorted, joined by `;`.
    package var signedHeaders: String
    package var payloadHash: String

    /// The canonical request of `request` as it stands (the signer has already added its headers).
    /// - Parameters:
    ///   - unsignedHeaders: lower-case names left out of the signature.
    ///   - payloadHash: hex SHA-256 of the body (or `UNSIGNED-PAYLOAD`).
    package init(_ request: SignableRequest, options: SigningOptions, unsignedHeaders: Set<String>,
                 payloadHash: String) {
        method = request.method
        uri = CanonicalPath.canonicalURI(request.path, normalize: options.normalizePath,
                                         doubleEncode: options.doubleEncodePath)
        query = Self.canonicalQuery(request.queryItems)
        let signed = Self.canonicalHeaders(request.headers, excluding: unsignedHeaders)
        headers = signed.map { "\($0.name):\($0.value)\n" }.joined()
        signedHeaders = signed.map(\.name).joined(separator: ";")
        self.payloadHash = payloadHash
    }

    package var text: String {
        [method, uri, query, headers, signedHeaders, payloadHash].joined(separator: "\n")
    }

    /// Each name and value `UriEncode()`d (`/` too), sorted by encoded name and then, for repeated
    /// names, by encoded value (byte order: `B` < `a`, `select` < `select-type`), joined as
    /// `name=value` with `&`. An empty value is kept as `name=`.
    package static func canonicalQuery(_ items: [SignableRequest.QueryItem]) -> String {
        let encoded = items.map { (name: Array(URIEncoding.encode($0.name).utf8), value: Array(URIEncoding.encode($0.value).utf8)) }
        let sorted = encoded.sorted { lhs, rhs in
            lhs.name != rhs.name ? lhs.name.lexicographicallyPrecedes(rhs.name) : lhs.value.lexicographicallyPrecedes(rhs.value)
        }
        return sorted.map { String(decoding: $0.name + [UInt8(ascii: "=")] + $0.value, as: UTF8.self) }
            .joined(separator: "&")
    }

    /// Header names lower-cased and sorted; each value trimmed with inner whitespace runs (spaces, tabs,
    /// and the line breaks of a folded value) replaced by one space; the values of a repeated name
    /// joined with `,` in the order they were given.
    package static func canonicalHeaders(
        _ fields: [(name: String, value: String)], excluding unsigned: Set<String>
    ) -> [(name: String, value: String)] {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for field in fields {
            let name = field.name.lowercased()
            guard !unsigned.contains(name) else { continue }
            if values[name] == nil { order.append(name) }
            values[name, default: []].append(trimAll(field.value))
        }
        return order.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { (name: $0, value: values[$0]!.joined(separator: ",")) }
    }

    /// SigV4's `Trimall()`: no leading or trailing whitespace, one space for each inner run.
    /// Whitespace here is ASCII space, tab, CR, LF, vertical tab and form feed.
    package static func trimAll(_ value: String) -> String {
        value.utf8.split(whereSeparator: isWhitespace)
            .map { String(decoding: $0, as: UTF8.self) }
            .joined(separator: " ")
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
