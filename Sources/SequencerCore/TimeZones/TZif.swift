/// The offsets of one zone over time, read from a TZif file (RFC 8536, versions 1 to 4): the
/// transitions it lists, the offset before the first one, and its footer's POSIX TZ rule for
/// every instant after the last one. Seconds east of UTC; instants in seconds since 1970 UTC.
final class ZoneRules: Sendable {
    /// Transition instants, ascending.
    let transitions: [Int64]
    /// The UTC offset from each transition on (same count as `transitions`).
    let offsets: [Int32]
    /// The offset before the first transition (RFC 8536 §3.2: local time type 0).
    let initialOffset: Int32
    /// The rule after the last transition, when the file has one.
    let footer: PosixTimeZoneRule?

    init(transitions: [Int64], offsets: [Int32], initialOffset: Int32, footer: PosixTimeZoneRule?) {
        self.transitions = transitions
        self.offsets = offsets
        self.initialOffset = initialOffset
        self.footer = footer
    }

    /// A zone whose offset never changes.
    convenience init(fixed offset: Int32) {
        self.init(transitions: [], offsets: [], initialOffset: offset, footer: nil)
    }

    /// The UTC offset at `instant` (seconds since 1970 UTC), in seconds east of UTC.
    func offset(at instant: Int64) -> Int32 {
        if let footer, transitions.last.map({ instant >= $0 }) ?? true {
            return footer.offset(at: instant)
        }
        let index = lastTransition(atOrBefore: instant)
        return index.map { offsets[$0] } ?? initialOffset
    }

    /// The first instant after `instant` at which the offset changes, if any.
    func nextTransition(after instant: Int64) -> Int64? {
        let next = lastTransition(atOrBefore: instant).map { $0 + 1 } ?? 0
        var index = next
        while index < transitions.count {
            let previous = index == 0 ? initialOffset : offsets[index - 1]
            if offsets[index] != previous { return transitions[index] }
            index += 1
        }
        guard let footer else { return nil }
        return footer.nextTransition(after: Swift.max(instant, transitions.last ?? instant))
    }

    /// The index of the last transition at or before `instant` (binary search).
    private func lastTransition(atOrBefore instant: Int64) -> Int? {
        var low = 0
        var high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= instant { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }
}

/// Reads TZif bytes (RFC 8536). Only what offsets need is kept: transitions, their UTC offsets
/// and the footer; designations, standard/wall and UT/local indicators and leap seconds are
/// skipped.
enum TZifReader {
    /// Why a file is not TZif.
    struct Malformed: Error, CustomStringConvertible {
        var reason: String
        var description: String { "not a TZif file: \(reason)" }
    }

    /// The rules in `bytes`.
    /// - Throws: `Malformed` when the bytes are not a complete TZif file.
    static func read(_ bytes: [UInt8]) throws(Malformed) -> ZoneRules {
        var cursor = Cursor(bytes: bytes)
        let first = try cursor.header()
        guard first.version >= 2 else { return try block(&cursor, first, timeSize: 4, footer: nil) }
        try cursor.skip(first.v1DataSize)
        let second = try cursor.header()
        // The footer follows the 64-bit block: read the block's size, then the footer, then the block.
        var afterBlock = cursor
        try afterBlock.skip(second.dataSize(timeSize: 8))
        let footer = afterBlock.footer().flatMap(PosixTimeZoneRule.init)
        return try block(&cursor, second, timeSize: 8, footer: footer)
    }

    private static func block(_ cursor: inout Cursor, _ header: Header, timeSize: Int, footer: PosixTimeZoneRule?)
        throws(Malformed) -> ZoneRules {
        var times: [Int64] = []
        times.reserveCapacity(header.timeCount)
        for _ in 0..<header.timeCount { times.append(try timeSize == 8 ? cursor.int64() : Int64(cursor.int32())) }
        var indices: [Int] = []
        for _ in 0..<header.timeCount { indices.append(Int(try cursor.byte())) }
        var typeOffsets: [Int32] = []
        for _ in 0..<header.typeCount {
            typeOffsets.append(try cursor.int32())
            try cursor.skip(2)  // isdst, desigidx
        }
        guard !typeOffsets.isEmpty, indices.allSatisfy({ $0 < typeOffsets.count }) else {
            throw Malformed(reason: "a transition names a missing local time type")
        }
        return ZoneRules(transitions: times, offsets: indices.map { typeOffsets[$0] }, initialOffset: typeOffsets[0],
                         footer: footer)
    }

    /// A TZif header's counts.
    struct Header {
        var version: Int
        var isUTCount: Int, isStdCount: Int, leapCount: Int, timeCount: Int, typeCount: Int, charCount: Int

        /// Bytes of the version 1 data block that follows.
        var v1DataSize: Int { dataSize(timeSize: 4) }

        /// Bytes of the data block that follows, for transition times of `timeSize` bytes.
        func dataSize(timeSize: Int) -> Int {
            timeCount * (timeSize + 1) + typeCount * 6 + charCount + leapCount * (timeSize + 4) + isStdCount + isUTCount
        }
    }

    /// Big-endian reads over the file's bytes.
    struct Cursor {
        let bytes: [UInt8]
        var position = 0

        mutating func skip(_ count: Int) throws(Malformed) {
            guard count >= 0, position + count <= bytes.count else { throw Malformed(reason: "truncated") }
            position += count
        }

        mutating func byte() throws(Malformed) -> UInt8 {
            try skip(1)
            return bytes[position - 1]
        }

        mutating func int32() throws(Malformed) -> Int32 {
            try skip(4)
            let b = bytes[(position - 4)..<position].map(UInt32.init)
            return Int32(bitPattern: b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3])
        }

        mutating func int64() throws(Malformed) -> Int64 {
            let high = Int64(try int32())
            let low = Int64(UInt32(bitPattern: try int32()))
            return high << 32 | low
        }

        mutating func header() throws(Malformed) -> Header {
            guard position + 44 <= bytes.count, Array(bytes[position..<(position + 4)]) == Array("TZif".utf8) else {
                throw Malformed(reason: "no TZif header")
            }
            let versionByte = bytes[position + 4]
            let version = versionByte == 0 ? 1 : Int(versionByte) - Int(UInt8(ascii: "0"))
            try skip(20)
            var counts: [Int] = []
            for _ in 0..<6 {
                let count = try int32()
                guard count >= 0 else { throw Malformed(reason: "a negative count") }
                counts.append(Int(count))
            }
            return Header(version: version, isUTCount: counts[0], isStdCount: counts[1], leapCount: counts[2],
                          timeCount: counts[3], typeCount: counts[4], charCount: counts[5])
        }

        /// The footer's TZ string: the text between two newlines at the cursor.
        func footer() -> String? {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\n"),
                  let end = bytes[(position + 1)...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            let text = String(decoding: bytes[(position + 1)..<end], as: UTF8.self)
            return text.isEmpty ? nil : text
        }
    }
}
