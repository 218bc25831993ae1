import Foundation
import FuzzSupport
@testable import AWS

// SigV4 canonicalisation (`URIEncoding`, `CanonicalPath`, `CanonicalRequest`), signing
// (`SigV4Signer`) and the URL reader of `SignableRequest(method:url:)`.
//
// Properties: `UriEncode()` leaves only unreserved characters and upper-case `%XY` escapes and
// decodes back to its input; the canonical query does not depend on the order of the items;
// canonical headers do not depend on the order of differently named fields, come out sorted,
// unique, lower case and trimmed; a normalised canonical URI starts with `/` and has no `//` and
// no dot segments, and the S3 form is idempotent; signing and pre-signing are deterministic; a
// URL that is read is written back (`url`) and read again to the same parts; a URL refused
// never shows its query in the error.

/// libFuzzer's entry point. Input: a flags byte, then NUL-separated parts: method, path, query
/// (`a=b&c`), header lines (`Name:value`, `\n`-separated), a URL; the rest is the body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSigV4(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let flags = input.byte()
    let method = input.text()
    let pathBytes = input.part()
    let query = input.text()
    let headerText = input.text()
    let url = input.text()
    let body = Data(input.rest())

    checkEncoding(pathBytes)
    let path = "/" + String(decoding: pathBytes.drop { $0 == UInt8(ascii: "/") }, as: UTF8.self)
    checkCanonicalPath(path)
    let items = query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        return SignableRequest.QueryItem(name: String(parts[0]), value: parts.count > 1 ? String(parts[1]) : "")
    }
    checkCanonicalQuery(items)
    let headers = headerText.split(separator: "\n").map { line in
        let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        return (name: String(parts[0]), value: parts.count > 1 ? String(parts[1]) : "")
    }
    checkCanonicalHeaders(headers)
    let request = SignableRequest(method: method, host: "example.amazonaws.com", path: path, queryItems: items,
                                  headers: headers, body: body)
    checkSigning(request, flags: flags)
    checkURL(url)
    return 0
}

private func checkEncoding(_ bytes: [UInt8]) {
    for keepSlash in [false, true] {
        let encoded = URIEncoding.encode(bytes, keepSlash: keepSlash)
        var escape = 0
        for byte in encoded.utf8 {
            if escape > 0 {
                require((UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte),
                        "\(encoded): not an upper-case hex escape")
                escape -= 1
            } else if byte == UInt8(ascii: "%") {
                escape = 2
            } else {
                require(URIEncoding.isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")), "\(encoded) keeps a reserved byte")
            }
        }
        require(URIEncoding.percentDecode(encoded.utf8, strict: true) == bytes, "\(encoded) does not decode to its input")
    }
}

private func checkCanonicalPath(_ path: String) {
    let normalized = CanonicalPath.canonicalURI(path, normalize: true, doubleEncode: true)
    require(normalized.hasPrefix("/"), "canonical URI of \(shown(path)) is \(shown(normalized))")
    require(!normalized.contains("//"), "canonical URI of \(shown(path)) has //: \(shown(normalized))")
    let segments = normalized.split(separator: "/", omittingEmptySubsequences: false)
    require(!segments.contains("..") && !segments.contains("."), "dot segment left in \(shown(normalized))")
    let resolved = CanonicalPath.collapseSlashes(CanonicalPath.removeDotSegments(path))
    require(CanonicalPath.collapseSlashes(CanonicalPath.removeDotSegments(resolved)) == resolved,
            "normalising \(shown(path)) twice changes it again")
    let s3 = CanonicalPath.canonicalURI(path, normalize: false, doubleEncode: false)
    require(CanonicalPath.canonicalURI(s3, normalize: false, doubleEncode: false) == s3, "S3 canonical URI of \(shown(path)) is not idempotent")
}

private func checkCanonicalQuery(_ items: [SignableRequest.QueryItem]) {
    let canonical = CanonicalRequest.canonicalQuery(items)
    require(CanonicalRequest.canonicalQuery(items.reversed()) == canonical, "canonical query depends on order: \(shown(items))")
    let rotated = Array(items.dropFirst(items.count / 2) + items.prefix(items.count / 2))
    require(CanonicalRequest.canonicalQuery(rotated) == canonical, "canonical query depends on order: \(shown(items))")
}

private func checkCanonicalHeaders(_ fields: [(name: String, value: String)]) {
    let canonical = CanonicalRequest.canonicalHeaders(fields, excluding: SigV4Signer.unsignedHeaders)
    // Grouping fields by name keeps each name's values in order: the result must not change.
    let grouped = fields.enumerated().sorted { lhs, rhs in
        let (a, b) = (lhs.element.name.lowercased(), rhs.element.name.lowercased())
        return a != b ? Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) : lhs.offset < rhs.offset
    }.map(\.element)
    let again = CanonicalRequest.canonicalHeaders(grouped, excluding: SigV4Signer.unsignedHeaders)
    require(again.map(\.name) == canonical.map(\.name) && again.map(\.value) == canonical.map(\.value),
            "canonical headers depend on field order: \(shown(fields))")
    let names = canonical.map { Array($0.name.utf8) }
    require(zip(names, names.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) }, "header names not sorted and unique")
    for (name, value) in canonical {
        require(name == name.lowercased() && !SigV4Signer.unsignedHeaders.contains(name), "header name \(shown(name))")
        require(CanonicalRequest.trimAll(value) == value, "header value \(shown(value)) is not trimmed")
    }
}

private func checkSigning(_ request: SignableRequest, flags: UInt8) {
    let options = SigningOptions(normalizePath: flags & 1 != 0, doubleEncodePath: flags & 2 != 0,
                                 signBody: flags & 4 != 0, omitSessionToken: flags & 8 != 0)
    let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                     sessionToken: flags & 16 != 0 ? "token/+=" : nil)
    let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
    let date = Date(timeIntervalSince1970: 1_440_938_160)
    if flags & 32 == 0 {
        var (first, second) = (request, request)
        let a = signer.sign(&first, date: date, options: options)
        let b = signer.sign(&second, date: date, options: options)
        require(a == b, "signing is not deterministic")
        require(first.headerValues("Authorization") == [a.authorization], "Authorization header is not the signature's")
        require(a.canonicalRequest.hasPrefix(request.method + "\n"), "canonical request does not start with the method")
        var third = first
        require(signer.sign(&third, date: date, options: options) == a, "signing a signed request again differs")
    } else {
        let expires = 1 + Int(flags) * 2_371 % 604_800
        var (first, second) = (request, request)
        let a = signer.presign(&first, date: date, expires: expires, options: options)
        let b = signer.presign(&second, date: date, expires: expires, options: options)
        require(a == b && a.authorization == nil, "pre-signing is not deterministic")
        require(first.queryItems.last == .init(name: "X-Amz-Signature", value: a.signature), "X-Amz-Signature is not the signature")
    }
}

private func checkURL(_ url: String) {
    do {
        let request = try SignableRequest(method: "GET", url: url)
        let again = try SignableRequest(method: "GET", url: request.url)
        require(again.scheme == request.scheme && again.host == request.host && again.port == request.port,
                "\(shown(url)) → \(shown(request.url)): scheme, host or port changed")
        require(again.path == request.path && again.queryItems == request.queryItems,
                "\(shown(url)) → \(shown(request.url)): path or query changed")
    } catch {
        let query = url.split(separator: "#", maxSplits: 1).first?.split(separator: "?", maxSplits: 1).dropFirst().first
        if let query, query.count >= 6, !url.split(separator: "?", maxSplits: 1)[0].contains(query) {
            require(!"\(error)".contains(query), "the error for \(shown(url)) shows its query: \(error)")
        }
    }
}
