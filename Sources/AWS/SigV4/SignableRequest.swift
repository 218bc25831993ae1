#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An HTTP request in the form Signature Version 4 signs it: the parts a server sees, kept in order.
///
/// Build one from a URL with `init(method:url:headers:body:)`, or part by part. `SigV4Signer` adds
/// `Host`, `X-Amz-Date`, `X-Amz-Security-Token`, `X-Amz-Content-SHA256` and `Authorization` headers
/// (or, when pre-signing, `X-Amz-*` query items); send `url`, `headers` and `body` exactly as they
/// are afterwards.
///
/// Its descriptions hide the values of `Authorization` and `X-Amz-Security-Token` (headers and
/// query items) and of `X-Amz-Signature`.
public struct SignableRequest: Sendable {
    /// `GET`, `POST`, … as sent (the canonical request uses it as is).
    public var method: String
    /// `https` or `http`.
    public var scheme: String
    /// Host name or bracketed IPv6 address, as sent.
    public var host: String
    /// The port written in the URL, if any. A scheme's default port is left out of `Host`.
    public var port: Int?
    /// The path as sent on the wire, normally percent-encoded (`/2015-03-31/functions/arn%3Aaws…`).
    /// Raw characters (a space, UTF-8) are accepted and encoded in the canonical request, as the AWS
    /// test suite's requests have them, but the URL initializer rejects them.
    public var path: String
    /// Query parameters in order, decoded. Names may repeat; a value may be empty.
    public var queryItems: [QueryItem]
    /// Header fields in order. Names may repeat, in any case.
    public var headers: [(name: String, value: String)]
    public var body: Data

    /// One query parameter, decoded (`Qualifier`, `$LATEST`).
    public struct QueryItem: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(method: String, scheme: String = "https", host: String, port: Int? = nil, path: String,
                queryItems: [QueryItem] = [], headers: [(name: String, value: String)] = [],
                body: Data = Data()) {
        self.method = method
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.queryItems = queryItems
        self.headers = headers
        self.body = body
    }

    /// The value for a `Host` header: `host` in lower case (host names ignore case; botocore lowers
    /// them too), plus `:port` unless it is the scheme's default (443 for https, 80 for http), as HTTP
    /// clients send it.
    public var hostHeaderValue: String {
        let name = host.lowercased()
        guard let port, port != Self.defaultPort(forScheme: scheme) else { return name }
        return "\(name):\(port)"
    }

    /// The URL to send: scheme, host, port if written, `path` as it is and the query items in order,
    /// encoded with SigV4's `UriEncode()` (so the server decodes exactly the items that were signed).
    public var url: String {
        var url = "\(scheme)://\(host)"
        if let port { url += ":\(port)" }
        url += path.isEmpty ? "/" : path
        if !queryItems.isEmpty { url += "?" + Self.encodedQuery(queryItems) }
        return url
    }

    /// `scheme://host[:port]/path`, without the query: safe for logs and error messages.
    public var urlWithoutQuery: String {
        var url = "\(scheme)://\(host)"
        if let port { url += ":\(port)" }
        return url + (path.isEmpty ? "/" : path)
    }

    /// The values of every header named `name`, ignoring case, in order.
    public func headerValues(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// Removes every header named `name`, ignoring case.
    public mutating func removeHeaders(named name: String) {
        let lower = name.lowercased()
        headers.removeAll { $0.name.lowercased() == lower }
    }

    static func defaultPort(forScheme scheme: String) -> Int? {
        switch scheme.lowercased() {
        case "https": 443
        case "http": 80
        default: nil
        }
    }

    static func encodedQuery(_ items: [QueryItem]) -> String {
        items.map { URIEncoding.encode($0.name) + "=" + URIEncoding.encode($0.value) }.joined(separator: "&")
    }
}

extension SignableRequest: CustomStringConvertible, CustomReflectable {
    /// Names whose values the descriptions never show.
    static let redactedNames: Set<String> = ["authorization", "x-amz-security-token", "x-amz-signature"]

    public var description: String {
        let query = queryItems.map { item in
            let value = Self.redactedNames.contains(item.name.lowercased()) ? "<redacted>" : item.value
            return "\(item.name)=\(value)"
        }
        let fields = headers.map { field in
            let value = Self.redactedNames.contains(field.name.lowercased()) ? "<redacted>" : field.value
            return "\(field.name): \(value)"
        }
        return "\(method) \(urlWithoutQuery) query: \(query) headers: \(fields) body: \(body.count) bytes"
    }

    /// What `dump` and debuggers show: the redacted description.
    public var customMirror: Mirror {
        Mirror(self, children: ["description": description], displayStyle: .struct)
    }
}
