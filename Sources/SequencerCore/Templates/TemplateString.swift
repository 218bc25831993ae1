import Foundation
import Mustache

/// A string from a step's config that may hold Mustache tags (`{{data.firstName}}`), rendered per
/// runner with the runner object `{id, data, sequence, step, stepEnteredAt}` as context.
///
/// Follows the Mustache spec through hummingbird-project/swift-mustache: a missing name renders
/// as empty, sections (`{{#data.company}}…{{/data.company}}`) and inverted sections work.
/// Numbers render as JavaScript prints them (`3`, not `3.0`).
public struct TemplateString: Sendable, Hashable, CustomStringConvertible {
    /// Whether rendered values are HTML-escaped (`&`, `<`, `>`, `"`, `'`).
    public enum Escaping: Sendable, Hashable { case none, html }

    /// The text as written in the config.
    public let source: String
    /// `nil` when the text has no tags: then it renders to itself.
    private let template: MustacheTemplate?

    /// Parses `source`.
    /// - Throws: `TemplateSyntaxError` when the Mustache syntax is invalid (an unclosed section…),
    ///   or when sections nest more than 100 deep (the Mustache parser's recursion would overflow
    ///   the stack on some thousands).
    public init(_ source: String, escaping: Escaping = .none) throws(TemplateSyntaxError) {
        self.source = source
        guard source.contains("{{") else {
            self.template = nil
            return
        }
        if let problem = TemplateNesting.problem(in: source) {
            throw TemplateSyntaxError(reason: problem)
        }
        let pragma = escaping == .html ? "{{% CONTENT_TYPE: HTML}}" : "{{% CONTENT_TYPE: TEXT}}"
        do {
            self.template = try MustacheTemplate(string: pragma + source)
        } catch let error as MustacheTemplate.ParserError {
            // Positions are counted in the user's text, without the pragma we put in front.
            let line = error.context.lineNumber
            let column = line == 1 ? error.context.columnNumber - pragma.count : error.context.columnNumber
            throw TemplateSyntaxError(reason: "\(Self.explain(error.error)) at line \(line), column \(max(1, column))")
        } catch {
            throw TemplateSyntaxError(reason: Self.explain(error))
        }
    }

    /// Whether the text holds tags, so its value depends on the runner.
    public var isTemplated: Bool { template != nil }

    /// The text rendered for one runner.
    /// - Parameter context: the runner object (see ``RunnerSnapshot/templateContext``).
    public func render(_ context: TemplateContext) -> String {
        guard let template else { return source }
        return template.render(context.value)
    }

    public var description: String { source }

    private static func explain(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: "a section is closed with another name than it was opened with"
        case .unfinishedName?: "a tag is not closed with }}"
        case .expectedSectionEnd?: "a section ({{#name}} or {{^name}}) is never closed with {{/name}}"
        case .invalidSetDelimiter?: "a set-delimiter tag is malformed"
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

/// A JSON value converted once into the shapes swift-mustache renders, with JavaScript's
/// rendering and truthiness as mustache.js has them: numbers print as JavaScript does (`3`),
/// arrays as `Array.prototype.join` (`1,a,`), objects as `[object Object]`; `""`, `0`, `null`,
/// `false` and `[]` are falsy in sections.
public struct TemplateContext: @unchecked Sendable {
    // Holds only immutable values (TemplateObject, TemplateList, TemplateScalar, Bool, NSNull).
    let value: Any
    /// The runner object it was made from (for ``markingDataSeparators()``).
    let json: JSONValue

    /// Converts `json` for rendering.
    public init(_ json: JSONValue) {
        self.init(json, text: { $0 })
    }

    /// Converts `json` for rendering, passing every text a value renders as through `text`.
    init(_ json: JSONValue, text: (String) -> String) {
        self.value = Self.convert(json, text: text)
        self.json = json
    }

    static func convert(_ json: JSONValue, text: (String) -> String) -> Any {
        switch json {
        case .null: NSNull()
        case .bool(let flag): flag
        case .number(let number): TemplateScalar(renderText: text(JavaScript.numberToString(number)), isNull: number == 0 || number.isNaN)
        case .string(let string): TemplateScalar(renderText: text(string), isNull: string.isEmpty)
        case .array(let elements):
            TemplateList(elements: elements.map { convert($0, text: text) }, renderText: text(JavaScript.toString(json)))
        case .object(let members): TemplateObject(members: members.mapValues { convert($0, text: text) })
        }
    }
}

/// A string or number: renders its JavaScript text; falsy in a section when JavaScript says so.
struct TemplateScalar: MustacheCustomRenderable {
    let renderText: String
    let isNull: Bool
}

/// An array: iterated by sections, rendered as JavaScript joins it.
struct TemplateList: MustacheSequence, MustacheCustomRenderable {
    let elements: [Any]
    let renderText: String
    var isNull: Bool { elements.isEmpty }
    func makeIterator() -> IndexingIterator<[Any]> { elements.makeIterator() }
}

/// An object: its members are looked up by name; rendered as `[object Object]`.
struct TemplateObject: MustacheParent, MustacheCustomRenderable {
    let members: [String: Any]
    func child(named name: String) -> Any? { members[name] }
    var renderText: String { "[object Object]" }
    var isNull: Bool { false }
}
