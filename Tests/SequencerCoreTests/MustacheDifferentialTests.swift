import Foundation
import Mustache
import SequencerCore
import Testing

/// SequencerCore's own Mustache parser and renderer (no Foundation, so the Lambda bootstrap needs
/// no ICU) against hummingbird-project/swift-mustache, which Sequencer used before: the same
/// output or the same syntax error (reason, line, column) for hand-written edge cases and for
/// 30,000 generated templates, HTML-escaped and not, over one runner object.
@Suite("Mustache: own renderer against swift-mustache")
struct MustacheDifferentialTests {
    static let runner: JSONValue = [
        "id": "u-1", "sequence": "s", "step": "k",
        "data": [
            "a": "A<b>&\"'", "n": 3, "f": 0.5, "zero": 0, "empty": "", "flag": true, "off": false, "nul": nil,
            "list": [1, "x", ["a": "in", "flag": false], nil, [], ["b": ["c": "deep"]]], "emptyList": [],
            "obj": ["x": "X", "flag": true, "list": [["x": 1], ["x": 2]], "a": "shadow"], "é": "accent", "sp ace": 1,
        ],
    ]

    static let edgeCases: [String] = [
        "plain", "{{data.a}}", "{{{data.a}}}", "{{&data.a}}", "{{ data.a }}", "{{data.missing}}|", "{{.}}", "{{}}",
        "{{#data.list}}[{{.}}]{{/data.list}}", "{{^data.emptyList}}none{{/data.emptyList}}",
        "{{#data.obj}}{{x}}{{a}}{{data.n}}{{/data.obj}}", "{{#data.obj.list}}{{x}}{{#first()}}F{{/first()}}{{/data.obj.list}}",
        "{{#data.list}}{{index()}}{{plusone(index())}}{{#last()}}L{{/last()}}{{even()}}{{/data.list}}",
        "{{#data.flag}}yes {{data.n}}{{/data.flag}}{{^data.off}}no{{/data.off}}", "{{#data.zero}}z{{/data.zero}}{{^data.zero}}nz{{/data.zero}}",
        "{{#data.nul}}x{{/data.nul}}{{^data.nul}}null{{/data.nul}}", "{{#data.empty}}e{{/data.empty}}", "{{data.list}}|{{data.obj}}|{{data.f}}",
        "a\n  {{#data.flag}}\n  in\n  {{/data.flag}}\nb", "  {{! comment }}  \nx", "{{=<% %>=}}<% data.a %>{{data.a}}", "{{=| |=}}|data.n|",
        "\n{{data.n}}", "\r\n  {{#data.flag}}\r\n x\r\n  {{/data.flag}}\r\n", "{{% CONTENT_TYPE: TEXT}}{{data.a}}", "{{>partial}}x",
        "  {{>partial}}\n", "{{<parent}}{{$block}}d{{/block}}{{/parent}}", "{{$block}}default {{data.n}}{{/block}}", "  {{$b}}\n  x\n  {{/b}}\n",
        "{{.data.n}}", "{{#data.obj}}{{.x}}{{.data}}{{/data.obj}}", "{{data..n}}", "{{uppercased(data.a)}}", "{{#data.list}}{{.a}}{{/data.list}}",
        "{{data.é}}", "{{data.sp ace}}", "{{#data.list}}{{#.}}{{.}}{{/.}}{{/data.list}}", "{{#data.list}}{{b.c}}{{/data.list}}",
        // Syntax errors.
        "{{#a}}", "{{/a}}", "{{#a}}{{/b}}", "{{a", "{{a}", "x {{", "{", "{{{a}}", "{{=<% %>}}", "{{= =}}", "{{% CONTENT_TYPE: XML}}",
        "{{%}}", "{{!unclosed", "line\n  {{#x}}\n", "{{a b}}", "{{a(b}}", "{{a(b))}}", "{{$a(b)}}{{/a(b)}}", "{{<p}}{{x}}{{/p}}",
        "{{<p}}text{{/p}}", "{{#a}}\n{{/a}}\n{{/a}}", "{{=<% %>=}}<%#a%><%/b%>", "}}", "{{#data.list}}{{/data.list}}{{#a}}",
    ]

    @Test("hand-written edge cases render and fail alike", arguments: [TemplateString.Escaping.none, .html])
    func edgeCasesAgree(escaping: TemplateString.Escaping) {
        for template in Self.edgeCases {
            let (ours, reference) = (Self.ours(template, escaping), Self.reference(template, escaping))
            #expect(ours == reference, "template \(template.debugDescription)")
        }
    }

    @Test("30,000 generated templates render and fail alike")
    func generatedTemplatesAgree() {
        var random = SeededRandom(seed: 17)
        var mismatches: [String] = []
        for index in 0..<30_000 {
            let template = index % 2 == 0 ? Self.structured(&random, depth: 0) : Self.pieces(&random)
            let escaping: TemplateString.Escaping = index % 3 == 0 ? .html : .none
            let (ours, reference) = (Self.ours(template, escaping), Self.reference(template, escaping))
            if ours != reference, mismatches.count < 10 {
                mismatches.append("\(template.debugDescription): ours \(ours), swift-mustache \(reference)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    // MARK: - The two implementations

    static func ours(_ template: String, _ escaping: TemplateString.Escaping) -> String {
        do {
            return "ok " + (try TemplateString(template, escaping: escaping)).render(TemplateContext(runner))
        } catch {
            return "error \(error)"
        }
    }

    /// Sequencer's TemplateString as it was on swift-mustache (without the nesting check, which
    /// both share and which these templates stay under).
    static func reference(_ source: String, _ escaping: TemplateString.Escaping) -> String {
        guard source.contains("{{") else { return "ok " + source }
        let pragma = escaping == .html ? "{{% CONTENT_TYPE: HTML}}" : "{{% CONTENT_TYPE: TEXT}}"
        do {
            let template = try MustacheTemplate(string: pragma + source)
            return "ok " + template.render(Reference.convert(runner))
        } catch let error as MustacheTemplate.ParserError {
            let line = error.context.lineNumber
            let column = line == 1 ? error.context.columnNumber - pragma.count : error.context.columnNumber
            return "error invalid template: \(Reference.explain(error.error)) at line \(line), column \(max(1, column))"
        } catch {
            return "error \(error)"
        }
    }

    // MARK: - Generators

    static let names = ["data.a", "data.n", "data.list", "data.obj", "data.obj.x", "data.obj.list", "x", "a", ".", "data.flag",
                        "data.off", "data.zero", "data.empty", "data.nul", "data.emptyList", "first()", "last()", "index()",
                        "plusone(index())", "even()", "data.missing", ".x", "data.f", " data.n ", "b.c", "id"]
    static let texts = ["x", " ", "\n", "\r\n", "\t", "  ", "<&>", "é", "{", "}", "|", "=", ":"]
    static let pieceVocabulary = ["{{", "}}", "{{{", "}}}", "{{#", "{{^", "{{/", "{{!", "{{&", "{{>", "{{<", "{{$", "{{=", "{{%",
                                  "<%", "%>", "=}}", "CONTENT_TYPE: TEXT", "CONTENT_TYPE: HTML", "<% %>", "(", ")"]

    /// A mostly well-formed template: text, variables, comments and nested sections.
    static func structured(_ random: inout SeededRandom, depth: Int) -> String {
        var result = ""
        for _ in 0..<random.next(upTo: 5) {
            let name = names[random.next(upTo: names.count)]
            switch random.next(upTo: depth < 3 ? 9 : 6) {
            case 0, 1: result += texts[random.next(upTo: texts.count)]
            case 2: result += "{{\(name)}}"
            case 3: result += random.next(upTo: 2) == 0 ? "{{{\(name)}}}" : "{{&\(name)}}"
            case 4: result += ["{{! note }}", "{{>p}}", "{{$b}}d{{/b}}", "{{=<% %>=}}<%\(name)%><%={{ }}=%>"][random.next(upTo: 4)]
            case 5: result += "\n" + String(repeating: " ", count: random.next(upTo: 3))
            default:
                let sigil = random.next(upTo: 2) == 0 ? "#" : "^"
                let inside = structured(&random, depth: depth + 1)
                let newline = random.next(upTo: 2) == 0 ? "\n" : ""
                let close = random.next(upTo: 12) == 0 ? names[random.next(upTo: names.count)] : name
                result += "{{\(sigil)\(name)}}\(newline)\(inside)\(newline){{/\(close)}}"
            }
        }
        return result
    }

    /// A random run of tag fragments, names and text: mostly syntax errors.
    static func pieces(_ random: inout SeededRandom) -> String {
        var result = ""
        for _ in 0..<(1 + random.next(upTo: 10)) {
            switch random.next(upTo: 3) {
            case 0: result += pieceVocabulary[random.next(upTo: pieceVocabulary.count)]
            case 1: result += names[random.next(upTo: names.count)]
            default: result += texts[random.next(upTo: texts.count)]
            }
        }
        return result
    }
}

/// swift-mustache's view of a runner object, as Sequencer built it before (TemplateContext).
private enum Reference {
    struct Scalar: MustacheCustomRenderable {
        let renderText: String
        let isNull: Bool
    }

    struct List: MustacheSequence, MustacheCustomRenderable {
        let elements: [Any]
        let renderText: String
        var isNull: Bool { elements.isEmpty }
        func makeIterator() -> IndexingIterator<[Any]> { elements.makeIterator() }
    }

    struct Object: MustacheParent, MustacheCustomRenderable {
        let members: [String: Any]
        func child(named name: String) -> Any? { members[name] }
        var renderText: String { "[object Object]" }
        var isNull: Bool { false }
    }

    static func convert(_ json: JSONValue) -> Any {
        switch json {
        case .null: NSNull()
        case .bool(let flag): flag
        case .number(let number): Scalar(renderText: JavaScript.numberToString(number), isNull: number == 0 || number.isNaN)
        case .string(let string): Scalar(renderText: string, isNull: string.isEmpty)
        case .array(let elements): List(elements: elements.map(convert), renderText: JavaScript.toString(json))
        case .object(let members): Object(members: members.mapValues(convert))
        }
    }

    static func explain(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: "a section is closed with another name than it was opened with"
        case .unfinishedName?: "a tag is not closed with }}"
        case .expectedSectionEnd?: "a section ({{#name}} or {{^name}}) is never closed with {{/name}}"
        case .invalidSetDelimiter?: "a set-delimiter tag is malformed"
        default: "\(error)"
        }
    }
}

/// A small deterministic generator (SplitMix64), so every run checks the same templates.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(upTo bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
