import COpenSSL

/// SHA-256 and HMAC-SHA256 from libcrypto's one-shot EVP APIs, as Signature Version 4 needs them.
///
/// libcrypto is already linked for TLS by libcurl, so this adds no dependency. The functions take any
/// collection of bytes (`[UInt8]`, `Data`, `String.UTF8View`) and copy it only when it is not contiguous.
package enum Digest {
    /// The number of bytes in a SHA-256 digest.
    package static let sha256Length = 32

    /// SHA-256 of `data` (FIPS 180-4), via `EVP_Digest` with `EVP_sha256()`.
    /// - Returns: 32 bytes.
    package static func sha256(_ data: some Collection<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = withBytes(data) { bytes, count in
            digest.withUnsafeMutableBufferPointer { out in
                EVP_Digest(bytes, count, out.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        // EVP_Digest fails only when libcrypto cannot allocate a context or SHA-256 is unavailable,
        // neither of which a caller can handle.
        precondition(ok == 1 && Int(length) == sha256Length, "libcrypto EVP_Digest(SHA-256) failed")
        return Array(digest.prefix(sha256Length))
    }

    /// HMAC-SHA256 (RFC 2104) of `data` under `key`, via libcrypto's one-shot `HMAC` with `EVP_sha256()`.
    /// - Returns: 32 bytes.
    package static func hmacSHA256(key: some Collection<UInt8>, data: some Collection<UInt8>) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = withBytes(key) { keyBytes, keyCount in
            withBytes(data) { dataBytes, dataCount in
                mac.withUnsafeMutableBufferPointer { out in
                    HMAC(EVP_sha256(), keyBytes, Int32(keyCount), dataBytes, dataCount, out.baseAddress, &length)
                }
            }
        }
        precondition(result != nil && Int(length) == sha256Length, "libcrypto HMAC(SHA-256) failed")
        return Array(mac.prefix(sha256Length))
    }

    /// Lower-case hexadecimal, two digits a byte (SigV4's `Hex()`).
    package static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Calls `body` with a pointer to the bytes of `data` and their count. The pointer is never nil,
    /// even for empty input: libcrypto's HMAC treats a nil key specially.
    private static func withBytes<R>(
        _ data: some Collection<UInt8>, _ body: (UnsafePointer<UInt8>, Int) -> R
    ) -> R {
        let direct = data.withContiguousStorageIfAvailable { buffer -> R? in
            guard let base = buffer.baseAddress else { return nil }
            return body(base, buffer.count)
        }
        if let direct, let result = direct { return result }
        let copy = Array(data)
        if copy.isEmpty {
            // A valid, non-nil pointer with a count of 0.
            return withUnsafePointer(to: UInt8(0)) { body($0, 0) }
        }
        return copy.withUnsafeBufferPointer { body($0.baseAddress!, $0.count) }
    }
}
