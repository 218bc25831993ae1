import Foundation
import SequencerCore
import Testing

struct JSONTests {
    @Test(arguments: [
        (#"{"a": 1, "a": 2}"#, "line 1, column 10: duplicate member name \"a\""),
        ("{\"a\": 1,}", "trailing comma in an object"),
        ("[1, 2,]", "trailing comma in an array"),
        ("{\"n\": 1e400}", "number 1e400 is out of range"),
        ("{\"s\": \"a\\u0000b\"}", "\\u0000 is not accepted"),
        ("{\n  \"a\": tru\n}", "line 2, column 8: invalid literal"),
        ("[01]", "leading zero"),
        ("\"unterminated", "unterminated string"),
        ("{} extra", "unexpected text after the JSON value"),
        ("{\"a\": \"\\x\"}", "invalid escape"),
    ])
    func refusesWithAPosition(_ text: String, _ expected: String) {
        #expect {
            _ = try JSONValue(parsing: text)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test func parsesWhatJavaScriptParses() throws {
        let value = try JSONValue(parsing: #"{"s": "Zo\u00eb \ud83d\ude00 \"q\" \\ \/", "n": [-0.5, 1e3, 0], "b": [true, false, null], "o": {}}"#)
        #expect(value["s"] == "Zoë 😀 \"q\" \\ /")
        #expect(value["n"] == [-0.5, 1000, 0])
        #expect(value["b"] == [true, false, nil])
        #expect(value["o"] == [:])
    }

    @Test func writesLikeJSONStringifyWithSortedKeys() throws {
        let value: JSONValue = ["b": [1, 1.5, 1e21, -0.0], "a": "tab\tquote\"\u{1}", "c": nil]
        #expect(value.jsonText == #"{"a":"tab\tquote\"\u0001","b":[1,1.5,1e+21,0],"c":null}"#)
        #expect(try JSONValue(parsing: value.jsonText) == value)
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: JSONTextError.self) { try JSONValue(parsing: Data([0x22, 0xFF, 0x22])) }
    }
}

struct TemplateTests {
    func render(_ template: String, _ data: JSONValue, escaping: TemplateString.Escaping = .none) throws -> String {
        try TemplateString(template, escaping: escaping).render(TemplateContext(["data": data]))
    }

    @Test func rendersValuesAsMustacheJSDoes() throws {
        #expect(try render("{{data.n}} {{data.f}} {{data.arr}} {{data.obj}} {{data.missing}}|",
                           ["n": 3, "f": 0.5, "arr": [1, "a", nil], "obj": ["k": 1]]) == "3 0.5 1,a, [object Object] |")
    }

    @Test func emptyStringsZeroAndEmptyListsAreFalsy() throws {
        #expect(try render("{{#data.c}} at {{data.c}}{{/data.c}}.", ["c": ""]) == ".")
        #expect(try render("{{#data.c}} at {{data.c}}{{/data.c}}.", ["c": "Acme"]) == " at Acme.")
        #expect(try render("{{^data.n}}none{{/data.n}}", ["n": 0]) == "none")
        #expect(try render("{{#data.l}}[{{.}}]{{/data.l}}{{^data.l}}empty{{/data.l}}", ["l": []]) == "empty")
        #expect(try render("{{#data.l}}[{{.}}]{{/data.l}}", ["l": ["x", "y"]]) == "[x][y]")
    }

    @Test func htmlIsEscapedOnlyWhenAsked() throws {
        #expect(try render("{{data.n}}", ["n": "<b>&"]) == "<b>&")
        #expect(try render("{{data.n}}", ["n": "<b>&"], escaping: .html) == "&lt;b&gt;&amp;")
    }

    @Test func syntaxErrorsNamePositionsInTheUsersText() {
        #expect {
            _ = try TemplateString("Hi {{#data.x}} there")
        } throws: { error in
            "\(error)".contains("is never closed") && !"\(error)".contains("CONTENT_TYPE")
        }
    }
}
