import Foundation
import SequencerCore
import Testing

/// Renders an Email step with `config` for a runner with `data`.
private func email(_ config: String, _ data: JSONValue) throws -> StepDecision {
    BuiltinTaskRunner.decide(try parsedConfig("Email", config), runner: runner(data), now: Date())
}

/// The recipients of a delivered email, or the failure.
private func recipients(_ decision: StepDecision) -> Result<[String], StepFailure>? {
    switch decision {
    case .deliver(.email(let message)): .success(message.to + message.cc + message.bcc)
    case .fail(let failure): .failure(failure)
    default: nil
    }
}

/// A value from a runner's data never adds a recipient or a header line (issue 15).
struct AddressHijackTests {
    struct Attack: Sendable, CustomStringConvertible {
        var name: String
        var config: String
        var data: JSONValue
        var field: String
        var reasonContains: String
        var description: String { name }
    }

    static let basic = #""from": "hello@example.com", "subject": "Hi""#

    static let attacks: [Attack] = [
        Attack(name: "a comma in the address", config: #"{\#(basic), "to": "{{data.email}}"}"#,
               data: ["email": "me@x.com, victim@y.com"], field: "to", reasonContains: "holds a comma (\"me@x.com, victim@y.com\" rendered from \"{{data.email}}\")"),
        Attack(name: "a semicolon", config: #"{\#(basic), "to": "{{data.email}}"}"#,
               data: ["email": "me@x.com;victim@y.com"], field: "to", reasonContains: "holds a semicolon"),
        Attack(name: "CR LF and a header", config: #"{\#(basic), "to": "{{data.email}}"}"#,
               data: ["email": "me@x.com\r\nBcc: victim@y.com"], field: "to", reasonContains: "holds a line break (\"me@x.com\\r\\nBcc: victim@y.com\""),
        Attack(name: "a Unicode line separator", config: #"{\#(basic), "to": "{{data.email}}"}"#,
               data: ["email": "me@x.com\u{2028}victim@y.com"], field: "to", reasonContains: "holds a line break"),
        Attack(name: "NEL", config: #"{\#(basic), "to": "{{data.email}}"}"#,
               data: ["email": "me@x.com\u{85}victim@y.com"], field: "to", reasonContains: "holds a line break"),
        Attack(name: "an array joined with commas", config: #"{\#(basic), "to": "{{data.email}}"}"#,
               data: ["email": ["me@x.com", "victim@y.com"]], field: "to", reasonContains: "holds a comma"),
        Attack(name: "triple braces do not escape the check", config: #"{\#(basic), "to": "{{{data.email}}}"}"#,
               data: ["email": "me@x.com,victim@y.com"], field: "to", reasonContains: "holds a comma"),
        Attack(name: "ampersand tags neither", config: #"{\#(basic), "to": "{{& data.email}}"}"#,
               data: ["email": "me@x.com,victim@y.com"], field: "to", reasonContains: "holds a comma"),
        Attack(name: "inside a list entry", config: #"{\#(basic), "to": ["boss@x.com", "{{data.email}}"]}"#,
               data: ["email": "me@x.com,victim@y.com"], field: "to", reasonContains: "holds a comma"),
        Attack(name: "in cc", config: #"{\#(basic), "to": "a@x.com", "cc": "{{data.email}}"}"#,
               data: ["email": "me@x.com,victim@y.com"], field: "cc", reasonContains: "holds a comma"),
        Attack(name: "in bcc", config: #"{\#(basic), "to": "a@x.com", "bcc": "{{data.email}}"}"#,
               data: ["email": "me@x.com,victim@y.com"], field: "bcc", reasonContains: "holds a comma"),
        Attack(name: "in replyTo", config: #"{\#(basic), "to": "a@x.com", "replyTo": "{{data.email}}"}"#,
               data: ["email": "me@x.com\nvictim@y.com"], field: "replyTo", reasonContains: "holds a line break"),
        Attack(name: "in from", config: #"{"from": "{{data.name}} <hello@example.com>", "to": "a@x.com", "subject": "Hi"}"#,
               data: ["name": "Acme, <victim@y.com>"], field: "from", reasonContains: "holds a comma"),
        Attack(name: "a display name carrying an address", config: #"{\#(basic), "to": "{{data.name}} <{{data.email}}>"}"#,
               data: ["name": "Evil <victim@y.com> x", "email": "me@x.com"], field: "to",
               reasonContains: "is not an email address: the address must be the one <…> at the end"),
        Attack(name: "a quote closing the author's quoted name", config: #"{\#(basic), "to": "\"{{data.name}}\" <{{data.email}}>"}"#,
               data: ["name": "a\" <victim@y.com> \"", "email": "me@x.com"], field: "to", reasonContains: "is not an email address"),
        Attack(name: "an opened quote swallowing the author's comma", config: #"{\#(basic), "to": "{{data.name}} <{{data.email}}>, boss@x.com"}"#,
               data: ["name": "\"Evil", "email": "me@x.com"], field: "to", reasonContains: "the quoted display name is not closed"),
        Attack(name: "a header in the subject", config: #"{"from": "hello@example.com", "to": "a@x.com", "subject": "Hi {{data.name}}"}"#,
               data: ["name": "Zoë\r\nBcc: victim@y.com"], field: "subject", reasonContains: "holds a control character or line break (U+000D)"),
        Attack(name: "two senders written by the author", config: #"{"from": "a@example.com, b@example.com", "to": "a@x.com", "subject": "Hi"}"#,
               data: [:], field: "from", reasonContains: "must be one address, not 2"),
    ]

    @Test(arguments: attacks)
    func refusesTheRunnerAndSendsNothing(_ attack: Attack) throws {
        let decision = try email(attack.config, attack.data)
        guard case .fail(let failure) = decision else {
            Issue.record("expected a failed attempt, got \(decision)")
            return
        }
        #expect(failure.field == attack.field)
        #expect(failure.reason.contains(attack.reasonContains), "reason was: \(failure.reason)")
        #expect(!failure.reason.contains("\r") && !failure.reason.contains("\n"), "the reason stays on one line")
    }

    @Test func literalListsWrittenByTheAuthorStillWork() throws {
        let string = try email(#"{\#(Self.basic), "to": "a@x.com, b@x.com", "cc": ["c@x.com", "{{data.email}}"]}"#, ["email": "d@y.com"])
        #expect(try recipients(string)?.get() == ["a@x.com", "b@x.com", "c@x.com", "d@y.com"])
        let quoted = try email(#"{\#(Self.basic), "to": "\"Doe, Jane\" <jane@x.com>, \"{{data.name}}\" <{{data.email}}>"}"#,
                               ["name": "Zoë \\\"Z\\\" O'Brien", "email": "zoe@y.com"])
        #expect(try recipients(quoted)?.get() == ["\"Doe, Jane\" <jane@x.com>", "\"Zoë \\\"Z\\\" O'Brien\" <zoe@y.com>"])
    }

    @Test func aSectionTheAuthorWroteAroundACommaRepeatsIt() throws {
        let decision = try email(#"{\#(Self.basic), "to": "{{#data.team}}{{.}}, {{/data.team}}lead@x.com"}"#,
                                 ["team": ["a@y.com", "b@y.com"]])
        #expect(try recipients(decision)?.get() == ["a@y.com", "b@y.com", "lead@x.com"])
    }

    @Test func displayNamesFromDataThatAreNamesPass() throws {
        let decision = try email(#"{"from": "Acme Team <hello@example.com>", "to": "{{data.name}} <{{data.email}}>", "subject": "Hi {{data.name}}"}"#,
                                 ["name": "Zoë Q. O'Brien-Smith", "email": "zoe+news@example.co.uk"])
        guard case .deliver(.email(let message)) = decision else {
            Issue.record("expected an email, got \(decision)")
            return
        }
        #expect(message.from == "Acme Team <hello@example.com>")
        #expect(message.to == ["Zoë Q. O'Brien-Smith <zoe+news@example.co.uk>"])
        #expect(message.subject == "Hi Zoë Q. O'Brien-Smith")
    }

    @Test func entriesThatRenderEmptyAreDroppedAsBefore() throws {
        let decision = try email(#"{\#(Self.basic), "to": ["{{data.email}}", "{{data.second}}"]}"#, ["email": "a@y.com"])
        #expect(try recipients(decision)?.get() == ["a@y.com"])
    }

    @Test func smsNumbersFromDataCarryNothingElse() throws {
        let config = try parsedConfig("SMS", #"{"to": "{{data.phone}}", "message": "Hi"}"#)
        for phone in ["+15555550100\n", "+15555550100, +15555550101", "+1555555010\u{0661}", "+1\u{301}5555550100", "+1555 5550100", "+1555\u{200B}5550100"] {
            let decision = BuiltinTaskRunner.decide(config, runner: runner(["phone": .string(phone)]), now: Date())
            guard case .fail(let failure) = decision else {
                Issue.record("\(phone.unicodeScalars.map { String($0.value, radix: 16) }) was accepted: \(decision)")
                continue
            }
            #expect(failure.field == "to")
            #expect(failure.reason.contains("is not an E.164 phone number"))
            #expect(!failure.reason.contains("\n"))
        }
        // Blanks around the number are trimmed (Foundation counts U+200B among them): what is sent is the number alone.
        guard case .deliver(.sms(let sms)) = BuiltinTaskRunner.decide(config, runner: runner(["phone": " +15555550100\u{200B}"]), now: Date()) else {
            Issue.record("a number with blanks around it was refused")
            return
        }
        #expect(sms.to.unicodeScalars.elementsEqual("+15555550100".unicodeScalars))
        #expect(PhoneNumber.isE164("+15555550100"))
        #expect(PhoneNumber.isE164(" +15555550100 ") == false, "the caller trims, the check does not")
    }
}
