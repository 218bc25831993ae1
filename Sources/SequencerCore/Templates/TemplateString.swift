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
    /// - Throws: `TemplateSyntaxError` when the Mustache syntax is invalid (an unclosed section…).
    public init(_ source: String, escaping: Escaping = .none) throws(TemplateSyntaxError) {
        self.source = source
        guard source.contains("{{") else {
            self.template = nil
            return
        }
        let pragma = escaping == .html ? "{{% CONTENT_TYPE: HTML}}" : "{{% CONTENT_TYPE: TEXT}}"
        do {
            self.template = try MustacheTemplate(string: pragma + source)
        } catch {
            throw TemplateSyntaxError(reason: "\(error)")
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

    public static func == (lhs: TemplateString, rhs: TemplateString) -> Bool { lhs.source == rhs.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }
}

/// A Mustache syntax error in a config string.
public struct TemplateSyntaxError: Error, Sendable, CustomStringConvertible {
    /// The parser's reason.
    public var reason: String
    public var description: String { "invalid template: \(reason)" }
}

/// A JSON value converted once into the shapes swift-mustache renders, for rendering several
/// templates against the same runner.
public struct TemplateContext: @unchecked Sendable {
    // Holds only immutable Foundation values ([String: Any], [Any], String, Bool), never mutated.
    let value: Any

    /// Converts `json` for rendering.
    public init(_ json: JSONValue) {
        self.value = Self.convert(json)
    }

    private static func convert(_ json: JSONValue) -> Any {
        switch json {
        case .null: NSNull()
        case .bool(let flag): flag
        case .number(let number): JavaScript.numberToString(number)
        case .string(let text): text
        case .array(let elements): elements.map(convert)
        case .object(let members): members.mapValues(convert)
        }
    }
}
