#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The few Foundation text helpers the Lambda `bootstrap`'s modules used that FoundationEssentials
// lacks (they need ICU's character tables or CoreFoundation there), written out so that the
// bootstrap links FoundationEssentials alone (docs/architecture.md, "A small bootstrap").

extension StringProtocol {
    /// The text without leading and trailing white space: Unicode's space separators (Zs), tabs
    /// and U+200B ZERO WIDTH SPACE, as Foundation's `trimmingCharacters(in: .whitespaces)` (whose set
    /// still counts U+200B).
    package func trimmingWhitespace() -> String {
        trimming { $0 == "\t" || $0 == "\u{200B}" || $0.properties.generalCategory == .spaceSeparator }
    }

    /// The text without leading and trailing white space and line breaks (U+000A–U+000D, U+0085,
    /// U+2028, U+2029), as Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)`.
    package func trimmingWhitespaceAndNewlines() -> String {
        trimming { scalar in
            switch scalar.value {
            case 0x09...0x0D, 0x85, 0x200B, 0x2028, 0x2029: true
            default: scalar.properties.generalCategory == .spaceSeparator
            }
        }
    }

    private func trimming(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
              let last = scalars.lastIndex(where: { !isTrimmed($0) }) else { return "" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[first...last])
        return String(view)
    }

    /// The text cut or padded with spaces to `length` UTF-16 units, as Foundation's
    /// `padding(toLength:withPad: " ", startingAt: 0)`.
    package func padded(toLength length: Int) -> String {
        let units = utf16.count
        if units >= length { return String(decoding: Array(utf16.prefix(length)), as: UTF16.self) }
        return String(self) + String(repeating: " ", count: length - units)
    }

    /// The text with every byte of its UTF-8 form outside RFC 3986's unreserved characters
    /// (`A–Z a–z 0–9 - . _ ~`) written `%XX` (upper-case hex), as Foundation's
    /// `addingPercentEncoding(withAllowedCharacters:)` with that set.
    package func percentEncodingUnreserved() -> String {
        percentEncoding(keeping: "-._~")
    }

    /// The text with every byte of its UTF-8 form that is neither an ASCII letter or digit nor
    /// one of `kept` (ASCII) written `%XX` (upper-case hex).
    package func percentEncoding(keeping kept: String) -> String {
        let keep = Set(kept.utf8)
        var result = ""
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case _ where keep.contains(byte):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + byte.hex2
            }
        }
        return result
    }
}

extension UInt8 {
    /// Two upper-case hex digits, as `String(format: "%02X")`.
    package var hex2: String {
        let digits = Array("0123456789ABCDEF".unicodeScalars)
        return String(String.UnicodeScalarView([digits[Int(self >> 4)], digits[Int(self & 0x0F)]]))
    }
}

extension Double {
    /// The number as a person writes it: `86400` for a whole number (below 10^15), else Swift's
    /// shortest form (`0.5`).
    package var plainText: String {
        rounded() == self && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }

    /// The number with `digits` decimals, as `String(format: "%.3f")` for `digits` 3 (C's `snprintf`).
    package func fixed(_ digits: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBufferPointer { pointer in
            withVaList([self]) { vsnprintf(pointer.baseAddress, 64, "%.\(Swift.max(0, Swift.min(digits, 20)))f", $0) }
        }
        return count >= 0 ? String(decoding: buffer.prefix(Swift.min(Int(count), 63)).map { UInt8(bitPattern: $0) }, as: UTF8.self) : "\(self)"
    }
}

extension Int {
    /// The number zero-padded to `width` digits, as `String(format: "%0Nd")`.
    package func padded(_ width: Int) -> String {
        let digits = String(Swift.abs(self))
        let padding = String(repeating: "0", count: Swift.max(0, width - digits.count - (self < 0 ? 1 : 0)))
        return (self < 0 ? "-" : "") + padding + digits
    }
}

/// A mutual-exclusion lock (a `pthread_mutex_t`) with Foundation's `NSLock.withLock` shape, for
/// the modules that do not import Foundation.
package final class Lock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// A new, unlocked lock.
    package init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` holding the lock.
    /// - Returns: what `body` returns.
    package func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}

extension StringProtocol {
    /// The text with every occurrence of `target` replaced by `replacement`, left to right and
    /// without overlaps, comparing Unicode scalars exactly (as Foundation's
    /// `replacingOccurrences(of:with:)` compares UTF-16 units, not canonical equivalents).
    package func replacingLiteral(_ target: String, with replacement: String) -> String {
        let pattern = Array(target.unicodeScalars)
        let scalars = Array(unicodeScalars)
        guard !pattern.isEmpty, scalars.count >= pattern.count else { return String(self) }
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if index + pattern.count <= scalars.count, scalars[index..<(index + pattern.count)].elementsEqual(pattern) {
                result.append(contentsOf: replacement.unicodeScalars)
                index += pattern.count
            } else {
                result.append(scalars[index])
                index += 1
            }
        }
        return String(result)
    }
}

extension StringProtocol {
    /// The text with every byte that is not an ASCII letter or digit written as `%XX` (UTF-8),
    /// as Foundation's `addingPercentEncoding(withAllowedCharacters: .alphanumerics)` does on
    /// Linux for what libpq reads (`wörd` → `w%C3%B6rd`).
    package func percentEncodingNonAlphanumerics() -> String {
        percentEncoding(keeping: "")
    }
}

/// Plain threads for blocking work (libpq, libcurl), as Foundation's `Thread { … }.start()`.
package enum DetachedThread {
    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a new thread (the system's default stack size) and returns at once.
    package static func start(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { argument in
            let box = Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        precondition(status == 0, "pthread_create failed with \(status)")
        pthread_detach(thread)
    }

    /// Blocks the calling thread for `seconds` (nothing for zero or negative values).
    package static func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
