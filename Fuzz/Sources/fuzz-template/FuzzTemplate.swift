import Foundation
import FuzzSupport
import SequencerCore

// Template parsing and rendering (`TemplateString`), against fuzzed JSON data.
//
// Properties: a template without `{{` renders to itself; rendering is deterministic; a syntax
// error has a reason. Against the fuzzed value `v`, fixed templates render as documented
// (mustache.js semantics): `{{v}}` as JavaScript prints strings, numbers, arrays and objects;
// with HTML escaping the same text escaped, with no raw `<`, `>`, `"` or `'` left; `{{#v}}x{{/v}}`
// once per element of an array, once for any other truthy value, never for `""`, `0`, `null`,
// `false` and `[]`; `{{^v}}x{{/v}}` exactly when `v` is falsy.

/// libFuzzer's entry point. Input: one byte for the escaping, the template text, a NUL, then the
/// JSON data (the runner's `data` member).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let escaping: TemplateString.Escaping = input.byte() % 2 == 0 ? .none : .html
    let source = input.text()
    let value = (try? JSONValue(parsing: Data(input.rest()))) ?? .object(["name": "Ada", "n": 3])
    let context = TemplateContext(["data": value, "v": value, "id": "u-1"])
    do {
        let template = try TemplateString(source, escaping: escaping)
        require(template.isTemplated == source.contains("{{"), "isTemplated wrong for \(shown(source))")
        let rendered = template.render(context)
        if !template.isTemplated { require(rendered == source, "a plain text changed when rendered") }
        require(template.render(context) == rendered, "rendering \(shown(source)) is not deterministic")
    } catch {
        require(!error.reason.isEmpty, "a syntax error without a reason for \(shown(source))")
    }
    checkFixedTemplates(value)
    return 0
}

/// The documented rendering of one value by `{{v}}`, `{{#v}}` and `{{^v}}`.
private func checkFixedTemplates(_ value: JSONValue) {
    let context = TemplateContext(["v": value])
    func render(_ text: String, _ escaping: TemplateString.Escaping = .none) -> String {
        do { return try TemplateString(text, escaping: escaping).render(context) } catch { fail("\(text) refused: \(error)") }
    }
    let plain = render("{{v}}")
    if let expected = expectedText(value) {
        require(plain == expected, "{{v}} of \(shown(value)) rendered \(shown(plain)), expected \(shown(expected))")
    }
    let escaped = render("{{v}}", .html)
    require(!escaped.contains(where: { "<>\"'".contains($0) }), "HTML rendering left a special character: \(shown(escaped))")
    require(unescapeHTML(escaped) == plain, "HTML rendering \(shown(escaped)) is not the escaped text \(shown(plain))")
    let elements: Int
    switch value {
    case .array(let items): elements = items.count
    default: elements = isFalsy(value) ? 0 : 1
    }
    let section = render("{{#v}}x{{/v}}")
    require(section == String(repeating: "x", count: elements), "{{#v}}x{{/v}} of \(shown(value)) rendered \(shown(section))")
    let inverted = render("{{^v}}x{{/v}}")
    require(inverted == (isFalsy(value) ? "x" : ""), "{{^v}}x{{/v}} of \(shown(value)) rendered \(shown(inverted))")
}

/// What `{{v}}` prints for strings, numbers, arrays and objects (JavaScript's `String(v)`);
/// `nil` for `null` and booleans, which the README leaves to the Mustache library.
private func expectedText(_ value: JSONValue) -> String? {
    switch value {
    case .null, .bool: nil
    case .string, .number, .array: JavaScript.toString(value)
    case .object: "[object Object]"
    }
}

/// mustache.js falsiness: `""`, `0`, `null`, `false`, `[]`.
private func isFalsy(_ value: JSONValue) -> Bool {
    switch value {
    case .null: true
    case .bool(let flag): !flag
    case .number(let number): number == 0
    case .string(let text): text.isEmpty
    case .array(let items): items.isEmpty
    case .object: false
    }
}

/// Undoes the five HTML escapes (`&amp;` last, so `&amp;lt;` stays `&lt;`).
private func unescapeHTML(_ text: String) -> String {
    var result = text
    for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&apos;", "'")] {
        result = result.replacingOccurrences(of: entity, with: character)
    }
    return result.replacingOccurrences(of: "&amp;", with: "&")
}
