import Testing
@testable import SequencerCore

// Expected values come from lodash 4.17.21 (Debian node-lodash) run under Node.js 20:
// `_.toPath(path)` and `_.get(root, path)` with `root` decoded by `JSON.parse`.
// Where JavaScript finds a function on a prototype, these tables expect `nil`: the documented choice
// that prototype members are not JSON (a comment on the row says so).

struct LodashPathTests {
    /// The runner-like document the `_.get` table reads.
    static let fixture: JSONValue = .object(["id": .string("r-1"), "data": .object(["0": .string("zero key"), "10": .string("ten key"), "user": .object(["age": .number(42), "name": .string("Zoë"), "tags": .array([.string("a"), .string("b")]), "address": .null]), "items": .array([.object(["price": .number(9.5)]), .object(["price": .number(12), "sku": .string("X-1")])]), "a.b": .number(1), "": .string("empty key"), "q'k": .number(2), "d\"q": .number(3), "back\\slash": .number(4), "sp ace": .number(5), "[0]": .string("bracket key"), "emoji": .string("😀x"), "text": .string("héllo"), "flag": .bool(true), "n": .number(5), "nested": .array([.array([.number(1), .number(2)]), .array([.number(3), .array([.number(4), .number(5)])])]), "__proto__": .object(["polluted": .string("no")]), "x": .object(["y": .object(["z": .string("deep")])]), "a": .object(["b": .string("not the dotted key")])]), "data.user.age": .string("shadowing key"), "list": .array([.number(10), .number(20), .number(30)]), "a[0]": .string("bracketed root key"), "empty": .string(""), "zero": .number(0), "nil": .null])

    static let parseCases: [(String, [String])] = [
        ("a", ["a"]),
        ("a.b.c", ["a", "b", "c"]),
        ("a[0].b", ["a", "0", "b"]),
        ("a[0][1]", ["a", "0", "1"]),
        ("a[-1]", ["a", "-1"]),
        ("a[1.5]", ["a", "1.5"]),
        ("a[01]", ["a", "01"]),
        ("a['b.c']", ["a", "b.c"]),
        ("a[\"b.c\"]", ["a", "b.c"]),
        ("a['it\\'s']", ["a", "it's"]),
        ("a[\"say \\\"hi\\\"\"]", ["a", "say \"hi\""]),
        ("a['back\\\\slash']", ["a", "back\\slash"]),
        ("a['x\\ny']", ["a", "xny"]),
        (".a", ["", "a"]),
        ("..a", ["", "", "a"]),
        ("a.", ["a", ""]),
        ("a..b", ["a", "", "b"]),
        ("a[].b", ["a", "", "b"]),
        ("[]", [""]),
        ("[0]", ["0"]),
        ("a[b]", ["a", "b"]),
        ("a[b].c", ["a", "b", "c"]),
        ("a]b", ["a", "b"]),
        ("a[", ["a"]),
        ("[a", ["a"]),
        ("['a']['b']", ["a", "b"]),
        ("a['']", ["a", ""]),
        ("a[ 0 ]", ["a", " 0 "]),
        ("a[-0]", ["a", "-0"]),
        ("", []),
        (".", ["", ""]),
        ("a.b[0].c[\"d\"].e", ["a", "b", "0", "c", "d", "e"]),
        ("a['unclosed", ["a", "'unclosed"]),
        ("a['mixed\"]", ["a", "'mixed\""]),
        ("a[1e3]", ["a", "1e3"]),
        ("a[+1]", ["a", "+1"]),
        ("data.items[0].price", ["data", "items", "0", "price"]),
        ("data.user.tags[1]", ["data", "user", "tags", "1"]),
        ("a.[0]", ["a", "0"]),
        ("a.0.b", ["a", "0", "b"]),
        ("ü.ñ[0]", ["ü", "ñ", "0"]),
        ("😀.x", ["😀", "x"]),
        ("a b.c d", ["a b", "c d"]),
        ("a['b']c", ["a", "b", "c"]),
        ("a[0]b", ["a", "0", "b"]),
        ("a\\.b", ["a\\", "b"]),
    ]

    @Test("_.toPath", arguments: parseCases)
    func parse(path: String, expected: [String]) {
        #expect(LodashPath.parse(path) == expected)
    }

    static let getCases: [(String, JSONValue?)] = [
        ("id", .string("r-1")),
        ("data", .object(["0": .string("zero key"), "10": .string("ten key"), "user": .object(["age": .number(42), "name": .string("Zoë"), "tags": .array([.string("a"), .string("b")]), "address": .null]), "items": .array([.object(["price": .number(9.5)]), .object(["price": .number(12), "sku": .string("X-1")])]), "a.b": .number(1), "": .string("empty key"), "q'k": .number(2), "d\"q": .number(3), "back\\slash": .number(4), "sp ace": .number(5), "[0]": .string("bracket key"), "emoji": .string("😀x"), "text": .string("héllo"), "flag": .bool(true), "n": .number(5), "nested": .array([.array([.number(1), .number(2)]), .array([.number(3), .array([.number(4), .number(5)])])]), "__proto__": .object(["polluted": .string("no")]), "x": .object(["y": .object(["z": .string("deep")])]), "a": .object(["b": .string("not the dotted key")])])),
        ("data.user.age", .string("shadowing key")),
        ("data.user.name", .string("Zoë")),
        ("data.user.tags[0]", .string("a")),
        ("data.user.tags.1", .string("b")),
        ("data.user.tags[2]", nil),
        ("data.user.tags.length", .number(2)),
        ("data.user.tags[-1]", nil),
        ("data.user.tags[01]", nil),
        ("data.user.tags[\"0\"]", .string("a")),
        ("data.user.address", .null),
        ("data.user.address.street", nil),
        ("data.items[0].price", .number(9.5)),
        ("data.items[1].sku", .string("X-1")),
        ("data.items[1][\"sku\"]", .string("X-1")),
        ("data.items.1.price", .number(12)),
        ("data.items[2].price", nil),
        ("data.items.length", .number(2)),
        ("data.a.b", .string("not the dotted key")),
        ("data['a.b']", .number(1)),
        ("data[\"a.b\"]", .number(1)),
        ("data[\"\"]", .string("empty key")),
        ("data.", .string("empty key")),
        ("data[0]", .string("zero key")),
        ("data.0", .string("zero key")),
        ("data[10]", .string("ten key")),
        ("data.10", .string("ten key")),
        ("data['q\\'k']", .number(2)),
        ("data[\"d\\\"q\"]", .number(3)),
        ("data['back\\\\slash']", .number(4)),
        ("data.sp ace", .number(5)),
        ("data['[0]']", .string("bracket key")),
        ("data.[0]", .string("zero key")),
        ("data.emoji.length", .number(3)),
        ("data.emoji[0].length", .number(1)),
        ("data.emoji[2]", .string("x")),
        ("data.emoji[3]", nil),
        ("data.text[1]", .string("é")),
        ("data.text.length", .number(5)),
        ("data.flag", .bool(true)),
        ("data.flag.length", nil),
        ("data.n.toFixed", nil),  // JavaScript: a function from a prototype
        ("data.constructor", nil),  // JavaScript: a function from a prototype
        ("data.user.constructor", nil),  // JavaScript: a function from a prototype
        ("data.user.tags.push", nil),  // JavaScript: a function from a prototype
        ("data.text.toUpperCase", nil),  // JavaScript: a function from a prototype
        ("data.__proto__", .object(["polluted": .string("no")])),
        ("data.__proto__.polluted", .string("no")),
        ("data.hasOwnProperty", nil),  // JavaScript: a function from a prototype
        ("data.nested[1][1][0]", .number(4)),
        ("data.nested.1.1.1", .number(5)),
        ("data.nested[0].length", .number(2)),
        ("data.x.y.z", .string("deep")),
        ("data.x.y.z.length", .number(4)),
        ("data.x[\"y\"].z", .string("deep")),
        ("data.user.age.value", nil),
        ("data.missing", nil),
        ("data.missing.deeper", nil),
        ("data.user.tags[0][0]", .string("a")),
        ("data.user.tags[0].length", .number(1)),
        ("data.user.age", .string("shadowing key")),
        ("list[0]", .number(10)),
        ("list.2", .number(30)),
        ("list[3]", nil),
        ("list.length", .number(3)),
        ("a[0]", .string("bracketed root key")),
        ("empty", .string("")),
        ("empty.length", .number(0)),
        ("zero", .number(0)),
        ("nil", .null),
        ("nil.x", nil),
        ("", nil),
        ("constructor", nil),  // JavaScript: a function from a prototype
        ("toString", nil),  // JavaScript: a function from a prototype
        ("missing", nil),
        (".id", nil),
        ("[id]", .string("r-1")),
        ("['id']", .string("r-1")),
        ("list[0.0]", nil),
        ("list[1.5]", nil),
        ("data.user[\"age\"]", .number(42)),
        ("data.items[0]", .object(["price": .number(9.5)])),
        ("data.user.tags", .array([.string("a"), .string("b")])),
    ]

    @Test("_.get on the fixture", arguments: getCases)
    func get(path: String, expected: JSONValue?) {
        #expect(LodashPath.get(Self.fixture, path) == expected)
    }

    static let otherRootCases: [(JSONValue, String, JSONValue?)] = [
        (.array([.number(1), .array([.number(2), .number(3)])]), "1[0]", .number(2)),
        (.string("abc"), "1", .string("b")),
        (.string("abc"), "length", .number(3)),
        (.string("abc"), "01", nil),
        (.number(5), "toFixed", nil),
        (.null, "a", nil),
        (.object(["a.b": .object(["c": .number(1)])]), "a.b.c", nil),
        (.object(["a.b": .object(["c": .number(1)])]), "['a.b'].c", .number(1)),
        (.array([.array([.number(1), .number(2)])]), "[0][1]", .number(2)),
        (.array([.array([.number(1), .number(2)])]), "0.1", .number(2)),
        (.bool(true), "length", nil),
        (.object(["a": .array([])]), "a.length", .number(0)),
        (.object(["a": .object([:])]), "a.length", nil),
        (.object(["length": .number(7)]), "length", .number(7)),
        (.array([]), "0", nil),
        (.object(["a]": .number(1)]), "a]", .number(1)),
        (.object(["a[": .number(1)]), "a[", .number(1)),
        (.object(["[1]": .string("k")]), "[1]", .string("k")),
        (.array([.string("x")]), "[0]", .string("x")),
        (.object([" ": .number(1)]), " ", .number(1)),
    ]

    @Test("_.get on other roots", arguments: otherRootCases)
    func getOnOtherRoots(root: JSONValue, path: String, expected: JSONValue?) {
        #expect(LodashPath.get(root, path) == expected)
    }

    @Test("half a surrogate pair becomes U+FFFD (JavaScript gives the lone code unit \\uD83D)")
    func loneSurrogate() {
        #expect(LodashPath.get(Self.fixture, "data.emoji[0]") == .string("\u{FFFD}"))
        #expect(LodashPath.get(Self.fixture, "data.emoji[1]") == .string("\u{FFFD}"))
    }

    @Test("a key of the root that is the whole path wins over the path")
    func wholePathKey() {
        let root: JSONValue = .object(["a.b": .number(1), "a": .object(["b": .number(2)])])
        #expect(LodashPath.get(root, "a.b") == .number(1))
        #expect(LodashPath.get(.object(["a": .object(["b": .number(2)])]), "a.b") == .number(2))
    }
}
