/// Reads a libFuzzer input as a sequence of small values: bytes, integers in a range, doubles, and
/// parts separated by a NUL byte. Reading past the end yields zeros and empty parts, so every
/// input, however short, drives a target somewhere.
public struct FuzzInput {
    private let bytes: [UInt8]
    private var position = 0

    /// Copies the input libFuzzer hands to `LLVMFuzzerTestOneInput`.
    /// - Parameters:
    ///   - data: the input's bytes (may be `nil` when `size` is 0).
    ///   - size: the number of bytes.
    public init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    }

    /// Wraps bytes already in memory (for seeds built in code).
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { position >= bytes.count }

    /// The next byte, or 0 at the end.
    public mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    /// An integer in `range`, from the next byte (or two bytes when the range is wider than 256).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        var raw = UInt64(byte())
        if width > 256 { raw = raw << 8 | UInt64(byte()) }
        return range.lowerBound + Int(raw % width)
    }

    /// One of `choices`, picked by the next byte.
    public mutating func pick<T>(_ choices: [T]) -> T {
        choices[int(in: 0...(choices.count - 1))]
    }

    /// The next eight bytes as a little-endian `Int64`.
    public mutating func int64() -> Int64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 8) { value |= UInt64(byte()) << UInt64(shift) }
        return Int64(bitPattern: value)
    }

    /// The bytes up to the next NUL (not included) or the end.
    public mutating func part() -> [UInt8] {
        let start = min(position, bytes.count)
        let end = bytes[start...].firstIndex(of: 0) ?? bytes.count
        position = end + 1
        return Array(bytes[start..<end])
    }

    /// ``part()`` as text (invalid UTF-8 repaired with U+FFFD).
    public mutating func text() -> String {
        String(decoding: part(), as: UTF8.self)
    }

    /// Every byte not read yet.
    public mutating func rest() -> [UInt8] {
        defer { position = bytes.count }
        return position < bytes.count ? Array(bytes[position...]) : []
    }
}
