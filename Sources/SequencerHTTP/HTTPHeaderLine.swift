/// One line of an HTTP/1.1 response head as libcurl's header callback hands it over: the status
/// line, a `Name: value` field, or anything else (the blank line that ends the head, a line with
/// no colon), each with its line break still attached.
///
/// Parsed at the byte level, without Foundation string bridging: this runs for every header of
/// every Runtime API call. Package-visible so the fuzz targets (`Fuzz/`) and tests reach it.
package enum HTTPHeaderLine: Equatable, Sendable {
    /// `HTTP/…`: a new response starts (after `100 Continue` or a redirect).
    case statusLine
    /// A header field: `name` in ASCII lower case; `value` without the spaces, tabs, CR and LF
    /// around it. Bytes that are not UTF-8 become U+FFFD.
    case field(name: String, value: String)
    /// A line that is neither: the blank line ending the head, or one without a colon.
    case other

    /// Parses one line, e.g. `Lambda-Runtime-Aws-Request-Id: 8476a536\r\n`.
    /// - Parameter bytes: the line as received, line break included or not.
    package init(_ bytes: UnsafeRawBufferPointer) {
        if bytes.starts(with: "HTTP/".utf8) {
            self = .statusLine
            return
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
            self = .other
            return
        }
        var name = [UInt8](bytes[..<colon])
        for index in name.indices where name[index] >= UInt8(ascii: "A") && name[index] <= UInt8(ascii: "Z") {
            name[index] += 32
        }
        var start = colon + 1
        var end = bytes.count
        while start < end, Self.isSpace(bytes[start]) { start += 1 }
        while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
        self = .field(name: String(decoding: name, as: UTF8.self), value: String(decoding: bytes[start..<end], as: UTF8.self))
    }

    /// The bytes trimmed around a value: space, tab, CR, LF.
    package static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}
