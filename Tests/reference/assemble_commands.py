import json, os
j = json.load(open('js.json'))
rows = open('commands.txt').read().rstrip('\n')
out = '''import Testing
@testable import SequencerCore

// Expected values come from lodash 4.17.21 (Debian node-lodash) and Node.js 20:
// `_[command](value, other)`, `String(x)`, `+x` and `_.toString(x)`, with `nil` for `undefined`.

/// One row of the lodash table: `_[command](value, other)` gave `expected`.
struct LodashCommandCase: Sendable, CustomTestStringConvertible {
    var command: LodashCommand
    var value: JSONValue?
    var other: JSONValue?
    var expected: Bool

    init(_ command: LodashCommand, _ value: JSONValue?, _ other: JSONValue?, _ expected: Bool) {
        (self.command, self.value, self.other, self.expected) = (command, value, other, expected)
    }

    var testDescription: String {
        "_.\\(command.rawValue)(\\(value.map { "\\($0)" } ?? "undefined"), \\(other.map { "\\($0)" } ?? "undefined")) == \\(expected)"
    }
}

struct LodashCommandTests {
    static let cases: [LodashCommandCase] = [
%ROWS%
    ]

    @Test("_[command](value, other)", arguments: cases)
    func evaluate(_ row: LodashCommandCase) {
        #expect(row.command.evaluate(row.value, row.other) == row.expected)
    }

    @Test("every command is covered by the table")
    func coverage() {
        #expect(Set(Self.cases.map(\\.command)) == Set(LodashCommand.allCases))
    }

    @Test("decoded objects are distinct references: _.eq and includes never see them as identical")
    func referenceSemantics() {
        let object: JSONValue = .object(["a": .number(1)])
        #expect(!LodashCommand.eq.evaluate(object, object))
        #expect(!LodashCommand.includes.evaluate(.array([object]), object))
        #expect(LodashCommand.isEqual.evaluate(object, object))
        #expect(LodashCommand.isMatch.evaluate(object, object))
    }
}

struct JavaScriptTests {
    static let numberCases: [(Double, String)] = [
%NUMBERS%
    ]

    @Test("Number::toString", arguments: numberCases)
    func numberToString(number: Double, expected: String) {
        #expect(JavaScript.numberToString(number) == expected)
    }

    static let stringCases: [(String, Double)] = [
%STRINGS%
    ]

    @Test("StringToNumber (+string)", arguments: stringCases)
    func stringToNumber(text: String, expected: Double) {
        let number = JavaScript.toNumber(.string(text))
        #expect(number == expected || (number.isNaN && expected.isNaN))
        #expect(number.sign == expected.sign || expected.isNaN)
    }

    /// `(value, String(value), +value, _.toString(value))`.
    static let valueCases: [(JSONValue?, String, Double, String)] = [
%VALUES%
    ]

    @Test("String(), ToNumber and lodash toString of JSON values", arguments: valueCases)
    func conversions(value: JSONValue?, string: String, number: Double, lodashString: String) {
        #expect(JavaScript.toString(value) == string)
        let converted = JavaScript.toNumber(value)
        #expect(converted == number || (converted.isNaN && number.isNaN))
        #expect(LodashCommand.toString(value) == lodashString)
    }
}
'''
out = out.replace('%ROWS%', rows).replace('%NUMBERS%', '\n'.join(j['numberRows'])).replace('%STRINGS%', '\n'.join(j['stringRows'])).replace('%VALUES%', '\n'.join(j['valueRows']))
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'SequencerCoreTests', 'LodashCommandTests.swift'), 'w').write(out)
