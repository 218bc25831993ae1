/// Reads a template character by character (Swift `Character`s, so `\r\n` is one), as
/// hummingbird-project/swift-mustache 2.x's `Parser` does: the Mustache reader of
/// ``MustacheParser`` keeps that package's behaviour, error positions included.
struct MustacheScanner {
    /// Reading past the end where something was required (swift-mustache's `overflow`).
    struct Overflow: Error {}

    let characters: [Character]
    var position = 0

    init(_ text: String) {
        characters = Array(text)
    }

    var reachedEnd: Bool { position == characters.count }

    /// The current character, or NUL at the end.
    var current: Character { reachedEnd ? "\0" : characters[position] }

    mutating func advance() { position += 1 }

    /// Reads `character` if it is the current one.
    /// - Throws: `Overflow` at the end.
    mutating func read(_ character: Character) throws(Overflow) -> Bool {
        guard !reachedEnd else { throw Overflow() }
        guard characters[position] == character else { return false }
        position += 1
        return true
    }

    /// Reads `string` if the text continues with it.
    /// - Throws: `Overflow` when fewer characters than `string` has are left.
    mutating func read(string: String) throws(Overflow) -> Bool {
        let wanted = Array(string)
        guard !wanted.isEmpty else { return true }
        guard characters.count - position >= wanted.count else { throw Overflow() }
        guard characters[position..<(position + wanted.count)].elementsEqual(wanted) else { return false }
        position += wanted.count
        return true
    }

    /// Reads while `test` holds.
    @discardableResult
    mutating func read(while test: (Character) -> Bool) -> String {
        let start = position
        while !reachedEnd, test(characters[position]) { position += 1 }
        return String(characters[start..<position])
    }

    /// Reads up to the first character for which `test` holds.
    /// - Throws: `Overflow` when there is none and `throwOnOverflow` (the position is kept).
    mutating func read(until test: (Character) -> Bool, throwOnOverflow: Bool = true) throws(Overflow) -> String {
        let start = position
        while !reachedEnd {
            if test(characters[position]) { return String(characters[start..<position]) }
            position += 1
        }
        if throwOnOverflow {
            position = start
            throw Overflow()
        }
        return String(characters[start..<position])
    }

    /// Reads past the first occurrence of `string` (swift-mustache's matching, which does not
    /// look again at a character that broke a partial match).
    /// - Throws: `Overflow` when it does not occur (the position is kept).
    mutating func skip(past string: String) throws(Overflow) {
        let wanted = Array(string)
        guard !wanted.isEmpty else { return }
        let start = position
        var matched = 0
        while !reachedEnd {
            if characters[position] == wanted[matched] {
                matched += 1
                if matched == wanted.count {
                    position += 1
                    return
                }
            } else {
                matched = 0
            }
            position += 1
        }
        position = start
        throw Overflow()
    }

    /// The 1-based line and column of the current position, as swift-mustache reports them.
    var lineAndColumn: (line: Int, column: Int) {
        var column = 0
        var index = position
        while index > 0 {
            index -= 1
            if characters[index] == "\n" { break }
            column += 1
        }
        let line = characters[0..<position].filter(\.isNewline).count
        return (line + 1, column + 1)
    }
}
