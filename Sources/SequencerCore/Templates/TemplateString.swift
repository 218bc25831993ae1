#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A string from a step's config that may hold Mustache tags (`{{data.firstName}}`), rendered per
/// runner with the runner object `{id, data, sequence, step, stepEnteredAt}` as context.
///
/// Follows the Mustache spec as hummingbird-project/swift-mustache 2.1 does (``MustacheParser``,
/// ``MustacheRenderer``: the same parsing, errors and output without its Foundation dependency):
/// a missing name renders as empty, sections (`{{#data.company}}…{{/data.company}}`) and
/// inverted sections work.
/// Numbers render as JavaScript prints them (`3`, not `3.0`).
public struct TemplateString: Sendable, Hashable, CustomStringConvertible {
    /// Whether rendered values are HTML-escaped (`&`, `<`, `>`, `"`, `'`).
    public enum Escaping: Sendable, Hashable { case none, html }

    /// The text as written in the config.
    public let source: String
    /// `nil` when the text has no tags: then it renders to itself.
    private let tokens: [MustacheToken]?

    /// Parses `source`.
    /// - Throws: `TemplateSyntaxError` when the Mustache syntax is invalid (an unclosed section…),
    ///   or when sections nest more than 100 deep (the Mustache parser's recursion would overflow
    ///   the stack on some thousands).
    public init(_ source: String, escaping: Escaping = .none) throws(TemplateSyntaxError) {
        self.source = source
        guard source.contains("{{") else {
            self.tokens = nil
            return
        }
        if let problem = TemplateNesting.problem(in: source) {
            throw TemplateSyntaxError(reason: problem)
        }
        let pragma = escaping == .html ? "{{% CONTENT_TYPE: HTML}}" : "{{% CONTENT_TYPE: TEXT}}"
        do {
            self.tokens = try MustacheParser.parse(pragma + source)
        } catch {
            // Positions are counted in the user's text, without the pragma we put in front.
            let column = error.line == 1 ? error.column - pragma.count : error.column
            throw TemplateSyntaxError(reason: "\(Self.explain(error.error)) at line \(error.line), column \(max(1, column))")
        }
    }

    /// Whether the text holds tags, so its value depends on the runner.
    public var isTemplated: Bool { tokens != nil }

    /// The text rendered for one runner.
    /// - Parameter context: the runner object (see ``RunnerSnapshot/templateContext``).
    public func render(_ context: TemplateContext) -> String {
        guard let tokens else { return source }
        return MustacheRenderer(root: context.node).render(tokens)
    }

    public var description: String { source }

    private static func explain(_ error: MustacheSyntaxError) -> String {
        switch error {
        case .sectionCloseNameIncorrect: "a section is closed with another name than it was opened with"
        case .unfinishedName: "a tag is not closed with }}"
        case .expectedSectionEnd: "a section ({{#name}} or {{^name}}) is never closed with {{/name}}"
        case .invalidSetDelimiter: "a set-delimiter tag is malformed"
        default: "\(error)"
        }
    }

    public static func == (lhs: TemplateString, rhs: TemplateString) -> Bool { lhs.source == rhs.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }
}

/// A Mustache syntax error in a config string.
public struct TemplateSyntaxError: Error, Sendable, CustomStringConvertible {
    /// The parser's reason.
    public var reason: String
    public var description: String { "invalid template: \(reason)" }
}

/// A JSON value converted once into the values templates render, with JavaScript's rendering
/// and truthiness as mustache.js has them: numbers print as JavaScript does (`3`), arrays as
/// `Array.prototype.join` (`1,a,`), objects as `[object Object]`; `""`, `0`, `null`, `false` and
/// `[]` are falsy in sections.
public struct TemplateContext: Sendable {
    let node: TemplateNode
    /// The runner object it was made from (for ``markingDataSeparators()``).
    let json: JSONValue

    /// Converts `json` for rendering.
    public init(_ json: JSONValue) {
        self.init(json, text: { $0 })
    }

    /// Converts `json` for rendering, passing every text a value renders as through `text`.
    init(_ json: JSONValue, text: (String) -> String) {
        self.node = Self.convert(json, text: text)
        self.json = json
    }

    static func convert(_ json: JSONValue, text: (String) -> String) -> TemplateNode {
        switch json {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let number): .scalar(text: text(JavaScript.numberToString(number)), isFalsy: number == 0 || number.isNaN)
        case .string(let string): .scalar(text: text(string), isFalsy: string.isEmpty)
        case .array(let elements): .list(elements.map { convert($0, text: text) }, text: text(JavaScript.toString(json)))
        case .object(let members): .object(members.mapValues { convert($0, text: text) })
        }
    }
}
