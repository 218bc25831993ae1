import json, os
p = json.load(open('paths.json'))
j = json.load(open('js.json'))
out = '''import Testing
@testable import SequencerCore

// Expected values come from lodash 4.17.21 (Debian node-lodash) run under Node.js 20:
// `_.toPath(path)` and `_.get(root, path)` with `root` decoded by `JSON.parse`.
// Where JavaScript finds a function on a prototype, these tables expect `nil`: the documented choice
// that prototype members are not JSON (a comment on the row says so).

struct LodashPathTests {
    /// The runner-like document the `_.get` table reads.
    static let fixture: JSONValue = %FIXTURE%

    static let parseCases: [(String, [String])] = [
%PARSE%
    ]

    @Test("_.toPath", arguments: parseCases)
    func parse(path: String, expected: [String]) {
        #expect(LodashPath.parse(path) == expected)
    }

    static let getCases: [(String, JSONValue?)] = [
%GET%
    ]

    @Test("_.get on the fixture", arguments: getCases)
    func get(path: String, expected: JSONValue?) {
        #expect(LodashPath.get(Self.fixture, path) == expected)
    }

    static let otherRootCases: [(JSONValue, String, JSONValue?)] = [
%ROOTS%
    ]

    @Test("_.get on other roots", arguments: otherRootCases)
    func getOnOtherRoots(root: JSONValue, path: String, expected: JSONValue?) {
        #expect(LodashPath.get(root, path) == expected)
    }

    @Test("half a surrogate pair becomes U+FFFD (JavaScript gives the lone code unit \\\\uD83D)")
    func loneSurrogate() {
        #expect(LodashPath.get(Self.fixture, "data.emoji[0]") == .string("\\u{FFFD}"))
        #expect(LodashPath.get(Self.fixture, "data.emoji[1]") == .string("\\u{FFFD}"))
    }

    @Test("a key of the root that is the whole path wins over the path")
    func wholePathKey() {
        let root: JSONValue = .object(["a.b": .number(1), "a": .object(["b": .number(2)])])
        #expect(LodashPath.get(root, "a.b") == .number(1))
        #expect(LodashPath.get(.object(["a": .object(["b": .number(2)])]), "a.b") == .number(2))
    }
}
'''
out = out.replace('%FIXTURE%', p['fixture']).replace('%PARSE%', '\n'.join(p['parseRows'])).replace('%GET%', '\n'.join(p['getRows'])).replace('%ROOTS%', '\n'.join(j['rootRows']))
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'SequencerCoreTests', 'LodashPathTests.swift'), 'w').write(out)
