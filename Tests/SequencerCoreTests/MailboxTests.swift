import SequencerCore
import Testing

/// What `Mailbox.parse` accepts as one address (documented on `Mailbox` and in docs/sequences.md).
struct MailboxTests {
    @Test(arguments: [
        "a@example.com", "  a@example.com\t", "first.last+tag@sub.example.co.uk", "o'brien@example.com",
        "x!#$%&'*+-/=?^_`{|}~@example.com", "a@xn--bcher-kva.example", "<a@example.com>",
        "Zoë Example <z@example.com>", "Acme Analytics <hello@example.com>", "John Q. Public <jqp@example.com>",
        "\"Doe, Jane\" <jane@example.com>", "\"Evil <x@y.z>\" <real@example.com>", "\"a \\\" b\" <a@example.com>",
        "\"\" <a@example.com>", "Name<a@example.com>",
    ])
    func accepts(_ text: String) {
        #expect(EmailAddress.isValid(text), "\(text) was refused: \(Mailbox.parse(text))")
    }

    @Test func readsTheNameAndTheAddress() throws {
        let mailbox = try Mailbox.parse(" \"Doe, Jane\"  <jane@example.com> ").get()
        #expect(mailbox.displayName == "\"Doe, Jane\"")
        #expect(mailbox.address == "jane@example.com")
        let bare = try Mailbox.parse("a@b.io").get()
        #expect(bare.displayName == nil && bare.address == "a@b.io")
    }

    static let refused: [(String, MailboxProblem)] = [
        ("", .empty),
        ("   ", .empty),
        ("not-an-address", .atSign),
        ("a@b@example.com", .atSign),
        ("a@localhost", .domain),
        ("a@-x.example.com", .domain),
        ("a@example..com", .domain),
        ("a@[127.0.0.1]", .domain),
        ("a@exämple.com", .domain),
        (".a@example.com", .localPart),
        ("a..b@example.com", .localPart),
        ("zoë@example.com", .localPart),
        ("\"quoted local\"@example.com", .textAfterQuotedName),
        (String(repeating: "a", count: 65) + "@example.com", .localPart),
        ("a b@example.com", .localPart),
        ("a@example.com\r\nBcc: b@example.com", .controlCharacter("\r")),
        ("Name\u{0} <a@example.com>", .controlCharacter("\u{0}")),
        ("a@example.com\u{2028}", .controlCharacter("\u{2028}")),
        ("Evil <victim@y.com> <a@example.com>", .angleBrackets),
        ("Name <a@example.com> trailing", .angleBrackets),
        ("Name <a@example.com", .angleBrackets),
        ("Name a@example.com>", .displayName("@")),
        ("Name a.example.com>", .angleBrackets),
        ("<>", .atSign),
        ("Doe, Jane <jane@example.com>", .displayName(",")),
        ("me@x.com <a@example.com>", .displayName("@")),
        ("Smith (CEO) <a@example.com>", .displayName("(")),
        ("Na\"me <a@example.com>", .displayName("\"")),
        ("\"open <a@example.com>", .unterminatedQuote),
        ("\"a\" b <a@example.com>", .textAfterQuotedName),
        ("\"a\"", .angleBrackets),
    ]

    @Test(arguments: refused.indices)
    func refuses(_ index: Int) {
        let (text, problem) = Self.refused[index]
        #expect(Mailbox.parse(text) == .failure(problem), "\(text)")
        #expect(!EmailAddress.isValid(text))
    }
}
