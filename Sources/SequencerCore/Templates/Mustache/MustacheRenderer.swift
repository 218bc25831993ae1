/// One parsed piece of a template.
indirect enum MustacheToken: Sendable {
    case text(String)
    case variable(name: String, transforms: [String])
    case unescapedVariable(name: String, transforms: [String])
    case section(name: String, transforms: [String], body: [MustacheToken])
    case invertedSection(name: String, transforms: [String], body: [MustacheToken])
    /// `{{$name}}…{{/name}}` directly inside `{{<parent}}`: only a parent partial uses it.
    case blockDefinition
    /// `{{$name}}default{{/name}}` elsewhere: renders its default (no partial overrides it).
    case blockExpansion(body: [MustacheToken], indentation: String)
    /// `{{>name}}`, `{{>*name}}`, `{{<name}}…{{/name}}`: no partials are defined, so they render empty.
    case partial(name: String, dynamic: Bool)
    /// `{{% CONTENT_TYPE: HTML}}` or `TEXT`: whether later values are HTML-escaped.
    case contentType(html: Bool)
}

/// A value as templates see it, converted once from JSON by ``TemplateContext``.
indirect enum TemplateNode: Sendable {
    /// JSON `null`: renders empty, falsy.
    case null
    case bool(Bool)
    /// A string or number: its JavaScript text, and whether it is falsy (`""`, `0`, `NaN`).
    case scalar(text: String, isFalsy: Bool)
    /// An array: iterated by sections, rendered as JavaScript joins it.
    case list([TemplateNode], text: String)
    /// An object: members by name, rendered as `[object Object]`.
    case object([String: TemplateNode])
    /// An integer from a transform (`index()`, `plusone(index())`).
    case integer(Int)
    /// A list's position while a section iterates it: the target of `first()`, `index()`…
    case position(first: Bool, last: Bool, index: Int)
}

/// Renders parsed templates as swift-mustache 2.1 renders them with Sequencer's values (see
/// ``MustacheParser``): names are looked up through the section stack, `.`-prefixed names only
/// in the innermost value; lists iterate; `false`, `null`, falsy scalars and empty lists skip a
/// section; `true` renders it in the same context; transforms apply to list positions and
/// integers only.
struct MustacheRenderer {
    private var stack: [TemplateNode]
    private var position: TemplateNode?
    private var html: Bool
    private var indentation: String?

    /// A renderer for one runner's context; HTML escaping until a pragma says otherwise.
    init(root: TemplateNode) {
        stack = [root]
        position = nil
        html = true
        indentation = nil
    }

    /// The rendered tokens.
    func render(_ tokens: [MustacheToken]) -> String {
        var output = ""
        var renderer = self
        for token in tokens {
            let piece = renderer.render(token)
            if let indentation, !indentation.isEmpty, !piece.isEmpty, output.last == "\n" {
                output += indentation
            }
            output += piece
        }
        return output
    }

    private mutating func render(_ token: MustacheToken) -> String {
        switch token {
        case .text(let text):
            return text
        case .variable(let name, let transforms):
            return lookup(name, transforms).map { escape(text(of: $0)) } ?? ""
        case .unescapedVariable(let name, let transforms):
            return lookup(name, transforms).map(text(of:)) ?? ""
        case .section(let name, let transforms, let body):
            return section(lookup(name, transforms), body)
        case .invertedSection(let name, let transforms, let body):
            return invertedSection(lookup(name, transforms), body)
        case .blockExpansion(let body, let indented):
            var inner = self
            inner.position = nil
            inner.indentation = (indentation ?? "") + indented
            return inner.render(body)
        case .blockDefinition, .partial:
            return ""
        case .contentType(let html):
            self.html = html
            return ""
        }
    }

    private func section(_ value: TemplateNode?, _ body: [MustacheToken]) -> String {
        switch value {
        case .list(let elements, _)?:
            var output = ""
            for (index, element) in elements.enumerated() {
                output += pushing(element, position: .position(first: index == 0, last: index == elements.count - 1, index: index))
                    .render(body)
            }
            return output
        case .bool(let flag)?:
            return flag ? render(body) : ""
        case .scalar(_, true)?, .null?, nil:
            return ""
        case let value?:
            return pushing(value, position: nil).render(body)
        }
    }

    private func invertedSection(_ value: TemplateNode?, _ body: [MustacheToken]) -> String {
        switch value {
        case .list(let elements, _)?:
            return elements.isEmpty ? pushing(value!, position: nil).render(body) : ""
        case .bool(let flag)?:
            return flag ? "" : render(body)
        case .scalar(_, true)?, .null?, nil:
            return render(body)
        case .some:
            return ""
        }
    }

    private func pushing(_ value: TemplateNode, position: TemplateNode?) -> MustacheRenderer {
        var inner = self
        inner.stack.append(value)
        inner.position = position
        return inner
    }

    private func escape(_ text: String) -> String {
        guard html, text.contains(where: { "<>&\"'".contains($0) }) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    private func text(of value: TemplateNode) -> String {
        switch value {
        case .null: ""
        case .bool(let flag): flag ? "true" : "false"
        case .scalar(let text, _), .list(_, let text): text
        case .object: "[object Object]"
        case .integer(let number): String(number)
        case .position(let first, let last, let index):
            "MustacheSequenceContext(first: \(first), last: \(last), index: \(index))"
        }
    }

    /// The value a tag names, after its transforms (innermost first); `nil` when missing.
    private func lookup(_ name: String, _ transforms: [String]) -> TemplateNode? {
        var value: TemplateNode?
        if name == "." {
            value = stack.last
        } else if name.isEmpty, !transforms.isEmpty {
            value = position
        } else if name.first == "." {
            value = Self.descend(name.split(separator: "."), from: stack.last)
        } else {
            let names = name.split(separator: ".")
            if let first = names.first {
                value = stack.reversed().lazy.compactMap { Self.child(first, of: $0) }.first
                    .flatMap { Self.descend(names.dropFirst(), from: $0) }
            } else {
                value = stack.last
            }
        }
        if case .null? = value { return nil }
        guard var current = value else { return nil }
        for transform in transforms.reversed() {
            guard let next = Self.apply(transform, to: current) else { return nil }
            current = next
        }
        return current
    }

    private static func descend(_ names: some Collection<Substring>, from value: TemplateNode?) -> TemplateNode? {
        var current = value
        for name in names {
            guard let node = current, let next = child(name, of: node) else { return nil }
            current = next
        }
        return current
    }

    private static func child(_ name: Substring, of value: TemplateNode) -> TemplateNode? {
        guard case .object(let members) = value else { return nil }
        return members[String(name)]
    }

    /// swift-mustache's transforms on sequence positions and integers.
    private static func apply(_ transform: String, to value: TemplateNode) -> TemplateNode? {
        switch (value, transform) {
        case (.position(let first, _, _), "first"): .bool(first)
        case (.position(_, let last, _), "last"): .bool(last)
        case (.position(_, _, let index), "index"): .integer(index)
        case (.position(_, _, let index), "even"), (.integer(let index), "even"): .bool(index & 1 == 0)
        case (.position(_, _, let index), "odd"), (.integer(let index), "odd"): .bool(index & 1 == 1)
        case (.integer(let number), "equalzero"): .bool(number == 0)
        case (.integer(let number), "plusone"): .integer(number + 1)
        case (.integer(let number), "minusone"): .integer(number - 1)
        default: nil
        }
    }
}
