/// A Mustache syntax error, named as hummingbird-project/swift-mustache 2.x names its errors
/// (the names appear in ``TemplateSyntaxError`` reasons for the rarer ones).
enum MustacheSyntaxError: Error {
    case sectionCloseNameIncorrect, unfinishedName, expectedSectionEnd, invalidSetDelimiter
    case transformAppliedToInheritanceSection, illegalTokenInsideInheritSection
    case invalidConfigVariableSyntax, unrecognisedConfigVariable
    /// The text ended where a tag needed more.
    case overflow
}

/// A parse error and where it happened (1-based, in characters).
struct MustacheParseFailure: Error {
    var error: MustacheSyntaxError
    var line: Int
    var column: Int
}

/// The Mustache parser: the spec's tags (variables, `{{{…}}}` and `{{&…}}`, sections, inverted
/// sections, comments, partials, set delimiters, standalone lines) and swift-mustache's
/// extensions (transforms `name(value)`, inheritance `{{<…}}`/`{{$…}}`, the
/// `{{% CONTENT_TYPE: HTML}}` pragma). It follows swift-mustache 2.1's parser step by step, so
/// templates parse, fail and keep white space as they did when Sequencer used that package
/// (MustacheDifferentialTests compares the two).
enum MustacheParser {
    /// Parses a whole template.
    /// - Throws: `MustacheParseFailure` with the position where parsing stopped.
    static func parse(_ text: String) throws(MustacheParseFailure) -> [MustacheToken] {
        var scanner = MustacheScanner(text)
        do {
            return try parse(&scanner, state: State())
        } catch {
            let (line, column) = scanner.lineAndColumn
            throw MustacheParseFailure(error: error, line: line, column: column)
        }
    }

    /// What the parser knows at a point: the open section, delimiters, and whether a line starts.
    struct State {
        var sectionName: String?
        var sectionTransforms: [String] = []
        var newLine = true
        var inPartialDefinition = false
        var partialDefinitionTopLevel = false
        var partialDefinitionIndent: String?
        var startDelimiter = "{{"
        var endDelimiter = "}}"

        func inSection(_ name: String, newLine: Bool, transforms: [String] = []) -> State {
            var state = self
            state.sectionName = name
            state.sectionTransforms = transforms
            state.partialDefinitionTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }

        func inInheritancePartial(_ name: String) -> State {
            var state = self
            state.sectionName = name
            state.sectionTransforms = []
            state.newLine = true
            state.inPartialDefinition = true
            state.partialDefinitionTopLevel = true
            return state
        }
    }

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    static func parse(_ scanner: inout MustacheScanner, state initial: State) throws(MustacheSyntaxError) -> [MustacheToken] {
        var tokens: [MustacheToken] = []
        var state = initial
        var whiteSpaceBefore = ""
        func flushWhiteSpace() {
            if !whiteSpaceBefore.isEmpty {
                tokens.append(.text(whiteSpaceBefore))
                whiteSpaceBefore = ""
            }
        }
        while !scanner.reachedEnd {
            if state.newLine {
                let whiteSpace = scanner.read(while: { $0 == " " || $0 == "\t" })
                if state.inPartialDefinition, !state.partialDefinitionTopLevel {
                    if let indent = state.partialDefinitionIndent {
                        whiteSpaceBefore = String(whiteSpace.dropFirst(indent.count))
                    } else {
                        state.partialDefinitionIndent = whiteSpace
                    }
                } else {
                    whiteSpaceBefore = whiteSpace
                }
            }
            let text = try readUntilDelimiterOrNewline(&scanner, state: state)
            if scanner.current.isNewline {
                tokens.append(.text(whiteSpaceBefore + text + String(scanner.current)))
                state.newLine = true
                scanner.advance()
                continue
            }
            if !text.isEmpty {
                tokens.append(.text(whiteSpaceBefore + text))
                whiteSpaceBefore = ""
                state.newLine = false
            }
            if scanner.reachedEnd { break }
            var setNewLine = false
            switch scanner.current {
            case "#", "^":
                let inverted = scanner.current == "^"
                scanner.advance()
                let (name, transforms) = try parseName(&scanner, state: state)
                if isStandalone(&scanner, state: state) { setNewLine = true } else { flushWhiteSpace() }
                let body = try parse(&scanner, state: state.inSection(name, newLine: setNewLine, transforms: transforms))
                tokens.append(inverted ? .invertedSection(name: name, transforms: transforms, body: body)
                                       : .section(name: name, transforms: transforms, body: body))
            case "/":
                scanner.advance()
                let position = scanner.position
                let (name, transforms) = try parseName(&scanner, state: state)
                guard name == state.sectionName, transforms == state.sectionTransforms else {
                    scanner.position = position
                    throw .sectionCloseNameIncorrect
                }
                if !isStandalone(&scanner, state: state) { flushWhiteSpace() }
                return tokens
            case "!":
                scanner.advance()
                do { try scanner.skip(past: state.endDelimiter) } catch { throw .overflow }
                setNewLine = isStandalone(&scanner, state: state)
            case "{":
                flushWhiteSpace()
                scanner.advance()
                let (name, transforms) = try parseName(&scanner, state: state)
                guard try read(&scanner, "}") else { throw .unfinishedName }
                tokens.append(.unescapedVariable(name: name, transforms: transforms))
            case "&":
                flushWhiteSpace()
                scanner.advance()
                let (name, transforms) = try parseName(&scanner, state: state)
                tokens.append(.unescapedVariable(name: name, transforms: transforms))
            case ">":
                scanner.advance()
                scanner.read(while: \.isWhitespace)
                let dynamic = scanner.current == "*"
                if dynamic { scanner.advance() }
                let name = try parsePartialName(&scanner, state: state)
                if !whiteSpaceBefore.isEmpty { tokens.append(.text(whiteSpaceBefore)) }
                let standalone = isStandalone(&scanner, state: state)
                setNewLine = standalone
                tokens.append(.partial(name: name, dynamic: dynamic))
                whiteSpaceBefore = ""
            case "<":
                scanner.advance()
                scanner.read(while: \.isWhitespace)
                let name = try parsePartialName(&scanner, state: state)
                if !whiteSpaceBefore.isEmpty { tokens.append(.text(whiteSpaceBefore)) }
                if isStandalone(&scanner, state: state) { setNewLine = true }
                let body = try parse(&scanner, state: state.inInheritancePartial(name))
                for token in body {
                    switch token {
                    case .blockDefinition, .text: break
                    default: throw .illegalTokenInsideInheritSection
                    }
                }
                tokens.append(.partial(name: name, dynamic: name.first == "*"))
                whiteSpaceBefore = ""
            case "$":
                scanner.advance()
                let (name, transforms) = try parseName(&scanner, state: state)
                guard transforms.isEmpty else { throw .transformAppliedToInheritanceSection }
                if state.partialDefinitionTopLevel {
                    if isStandalone(&scanner, state: state) { setNewLine = true }
                    _ = try parse(&scanner, state: state.inSection(name, newLine: setNewLine))
                    tokens.append(.blockDefinition)
                } else {
                    if !whiteSpaceBefore.isEmpty { tokens.append(.text(whiteSpaceBefore)) }
                    if isStandalone(&scanner, state: state) { setNewLine = true }
                    let body = try parse(&scanner, state: state.inSection(name, newLine: setNewLine))
                    tokens.append(.blockExpansion(body: body, indentation: whiteSpaceBefore))
                    whiteSpaceBefore = ""
                }
            case "=":
                scanner.advance()
                state = try setDelimiters(&scanner, state: state)
                setNewLine = isStandalone(&scanner, state: state)
            case "%":
                scanner.advance()
                tokens.append(try configVariable(&scanner, state: state))
                setNewLine = isStandalone(&scanner, state: state)
            default:
                flushWhiteSpace()
                let (name, transforms) = try parseName(&scanner, state: state)
                tokens.append(.variable(name: name, transforms: transforms))
            }
            state.newLine = setNewLine
        }
        guard state.sectionName == nil else { throw .expectedSectionEnd }
        return tokens
    }

    private static func read(_ scanner: inout MustacheScanner, _ character: Character) throws(MustacheSyntaxError) -> Bool {
        do { return try scanner.read(character) } catch { throw .overflow }
    }

    private static func read(_ scanner: inout MustacheScanner, string: String) throws(MustacheSyntaxError) -> Bool {
        do { return try scanner.read(string: string) } catch { throw .overflow }
    }

    /// Text up to the next start delimiter (consumed) or line break (not consumed).
    static func readUntilDelimiterOrNewline(_ scanner: inout MustacheScanner, state: State) throws(MustacheSyntaxError) -> String {
        guard let first = state.startDelimiter.first else { return "" }
        var total = ""
        while !scanner.reachedEnd {
            total += scanner.read(while: { $0 != "\n" && $0 != "\r\n" && $0 != first })
            if scanner.current.isNewline { break }
            if scanner.current == first {
                if try read(&scanner, string: state.startDelimiter) { break }
                total.append(first)
                scanner.advance()
            }
        }
        return total
    }

    private static let nameCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    private static let nameCharactersWithBrackets = nameCharacters.union("()")
    private static let partialNameCharacters = nameCharactersWithBrackets.union("/")

    /// A tag's name and its transforms (`uppercased(name)` is `name` with `["uppercased"]`).
    static func parseName(_ scanner: inout MustacheScanner, state: State) throws(MustacheSyntaxError) -> (String, [String]) {
        scanner.read(while: \.isWhitespace)
        let text = scanner.read(while: { nameCharactersWithBrackets.contains($0) })
        scanner.read(while: \.isWhitespace)
        guard try read(&scanner, string: state.endDelimiter) else { throw .unfinishedName }
        var inner = MustacheScanner(text)
        let first = inner.read(while: { nameCharacters.contains($0) })
        if inner.reachedEnd { return (text, []) }
        guard inner.current == "(" else { throw .unfinishedName }
        inner.advance()
        var transforms = [first]
        while true {
            let name = inner.read(while: { nameCharacters.contains($0) })
            switch inner.current {
            case ")":
                inner.advance()
                let closing = inner.read(while: { $0 == ")" }).count
                guard closing + 1 == transforms.count, inner.reachedEnd else { throw .unfinishedName }
                return (name, transforms)
            case "(":
                inner.advance()
                transforms.append(name)
            default:
                throw .unfinishedName
            }
        }
    }

    static func parsePartialName(_ scanner: inout MustacheScanner, state: State) throws(MustacheSyntaxError) -> String {
        scanner.read(while: \.isWhitespace)
        let text = scanner.read(while: { partialNameCharacters.contains($0) })
        scanner.read(while: \.isWhitespace)
        guard try read(&scanner, string: state.endDelimiter) else { throw .unfinishedName }
        return text
    }

    static func setDelimiters(_ scanner: inout MustacheScanner, state: State) throws(MustacheSyntaxError) -> State {
        let start: String
        let end: String
        do {
            scanner.read(while: \.isWhitespace)
            start = try scanner.read(until: \.isWhitespace)
            scanner.read(while: \.isWhitespace)
            end = try scanner.read(until: { $0 == "=" || $0.isWhitespace })
            scanner.read(while: \.isWhitespace)
        } catch {
            throw .invalidSetDelimiter
        }
        guard try read(&scanner, "=") else { throw .invalidSetDelimiter }
        guard try read(&scanner, string: state.endDelimiter) else { throw .invalidSetDelimiter }
        guard !start.isEmpty, !end.isEmpty else { throw .invalidSetDelimiter }
        var next = state
        next.startDelimiter = start
        next.endDelimiter = end
        next.partialDefinitionTopLevel = false
        return next
    }

    static func configVariable(_ scanner: inout MustacheScanner, state: State) throws(MustacheSyntaxError) -> MustacheToken {
        scanner.read(while: \.isWhitespace)
        let variable = scanner.read(while: { nameCharacters.contains($0) })
        scanner.read(while: \.isWhitespace)
        guard (try? scanner.read(":")) == true else { throw .invalidConfigVariableSyntax }
        scanner.read(while: \.isWhitespace)
        let value = scanner.read(while: { nameCharacters.contains($0) })
        scanner.read(while: \.isWhitespace)
        guard (try? scanner.read(string: state.endDelimiter)) == true else { throw .invalidConfigVariableSyntax }
        guard !variable.isEmpty, !value.isEmpty else { throw .invalidConfigVariableSyntax }
        guard variable == "CONTENT_TYPE", value == "HTML" || value == "TEXT" else { throw .unrecognisedConfigVariable }
        return .contentType(html: value == "HTML")
    }

    /// Whether the rest of the line is blank; if so it is consumed with its line break.
    static func isStandalone(_ scanner: inout MustacheScanner, state: State) -> Bool {
        guard state.newLine else { return false }
        if scanner.reachedEnd { return true }
        var ahead = scanner
        ahead.read(while: { $0 == " " || $0 == "\t" })
        guard ahead.current.isNewline else { return false }
        ahead.advance()
        scanner.position = ahead.position
        return true
    }
}
