/// How deeply a template's sections nest, checked before swift-mustache parses it: its parser
/// recurses once per section (`{{#…}}`, `{{^…}}`, `{{$…}}`, `{{<…}}`), and some thousands of
/// nested sections overflowed the thread's stack (found with the fuzz target `template`; see
/// `FuzzRegressionTests`). A task-runner Lambda parses the templates of the config it is invoked
/// with, so the limit also keeps a crafted event from crashing it.
enum TemplateNesting {
    /// The deepest nesting accepted; real templates nest a few levels.
    static let maximumDepth = 100

    /// The characters that open a section after a tag's start delimiter.
    private static let openers: Set<Character> = ["#", "^", "$", "<"]

    /// Why `source` is refused before parsing, or `nil` when its sections nest at most
    /// ``maximumDepth`` deep.
    ///
    /// Each level of the parser's recursion consumes one opener character, so a template with few
    /// of them is accepted at once. Otherwise its tags are read as swift-mustache reads them, by
    /// `Character`, following set-delimiter tags (`{{=<% %>=}}`), counting opened and closed
    /// sections; a set-delimiter tag this reading cannot follow is refused too, since the depth
    /// after it is unknown.
    /// - Parameter source: the template text.
    /// - Returns: the reason for a syntax error, or `nil`.
    static func problem(in source: String) -> String? {
        let text = Array(source)
        guard text.count(where: openers.contains) > maximumDepth else { return nil }
        var (start, end): ([Character], [Character]) = (["{", "{"], ["}", "}"])
        var depth = 0
        var position = 0
        while let open = find(start, in: text, from: position), open + start.count < text.count,
              let close = find(end, in: text, from: open + start.count) {
            let content = text[(open + start.count)..<close]
            switch content.first {
            case let sigil? where openers.contains(sigil):
                depth += 1
                if depth > maximumDepth { return "sections are nested more than \(maximumDepth) deep" }
            case "/"?:
                depth = max(0, depth - 1)
            case "="?:
                guard let delimiters = setDelimiters(content.dropFirst()) else {
                    return "a set-delimiter tag this check cannot follow, in a template with more than \(maximumDepth) of #, ^, $, <"
                }
                (start, end) = delimiters
            default:
                break
            }
            position = close + end.count
        }
        return nil
    }

    /// The delimiters of a set-delimiter tag's body (`<% %>=` in `{{=<% %>=}}`), read as
    /// swift-mustache reads them, or `nil`.
    private static func setDelimiters(_ body: ArraySlice<Character>) -> ([Character], [Character])? {
        var rest = body.drop(while: \.isWhitespace)
        let start = rest.prefix { !$0.isWhitespace }
        rest = rest.dropFirst(start.count).drop(while: \.isWhitespace)
        let end = rest.prefix { $0 != "=" && !$0.isWhitespace }
        rest = rest.dropFirst(end.count).drop(while: \.isWhitespace)
        guard !start.isEmpty, !end.isEmpty, rest.elementsEqual(["="]) else { return nil }
        return (Array(start), Array(end))
    }

    /// The index of the first occurrence of `needle` in `text` at or after `from`.
    private static func find(_ needle: [Character], in text: [Character], from: Int) -> Int? {
        guard !needle.isEmpty, from <= text.count - needle.count else { return nil }
        return (from...(text.count - needle.count)).first { text[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
