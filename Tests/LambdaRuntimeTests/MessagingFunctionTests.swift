import AWS
import Foundation
import SequencerCore
import SequencerTestSupport
import Testing

/// The `Email` and `SMS` functions deployed on their own send through the configured provider —
/// SES and SNS in moto, signatures checked — with the tick's rendering and validation.
@Suite struct MessagingFunctionTests {
    let moto: MotoServer.Instance

    init() throws {
        moto = try MotoServer.shared.get()
        let client = try AWSClient(environment: try AWSEnvironment(environment: moto.environment))
        _ = try? client.send(.sesv2, method: "POST", path: "/v2/email/identities", headers: [("Content-Type", "application/json")],
                             body: Data(#"{"EmailIdentity": "example.com"}"#.utf8))
    }

    func harness(_ handler: String, provider: (String, String)) throws -> BootstrapHarness {
        var environment = moto.environment
        environment[provider.0] = provider.1
        return try BootstrapHarness(handler: handler, environment: environment)
    }

    func received() throws -> JSONValue { try JSONValue(parsing: try MotoServer.json("/moto-api/data.json")) }

    @Test func theEmailFunctionSendsThroughSESAndAnswersPerRunner() throws {
        let tag = UUID().uuidString.prefix(8).lowercased()
        let harness = try harness("Email", provider: ("SEQUENCER_EMAIL_PROVIDER", "ses"))
        let event = """
            {"config": {"from": "hello@example.com", "to": "{{data.email}}", "subject": "Hi {{data.name}}", "text": "Welcome"},
             "runners": [{"id": "ok", "data": {"email": "fn-\(tag)@example.org", "name": "Zoë"}},
                         {"id": "bad", "data": {"email": "a-\(tag)@example.org, b-\(tag)@example.org", "name": "Two"}},
                         {"id": "refused", "data": {"email": "", "name": "Nobody"}}]}
            """
        let answer = try JSONValue(parsing: try #require(harness.invoke(event)?.responseText))
        let byID = Dictionary(uniqueKeysWithValues: (answer.arrayValue ?? []).compactMap { item in item["id"]?.stringValue.map { ($0, item) } })
        #expect(byID["ok"]?["action"] == "next")
        let message = try #require(try received()["ses"]?["Message"]?.arrayValue?.first {
            $0["destinations"]?["ToAddresses"] == .array([.string("fn-\(tag)@example.org")])
        })
        #expect(message["subject"] == "Hi Zoë")
        #expect(byID["ok"]?["message"]?.stringValue?.contains(message["id"]?.stringValue ?? "?") == true)
        // A value from data may not add a recipient: that runner fails, nothing is sent for it.
        #expect(byID["bad"]?["action"] == "noop" && byID["bad"]?["error"] != nil)
        #expect(byID["refused"]?["error"] != nil)
        #expect(try received()["ses"]?["Message"]?.arrayValue?.filter { "\($0)".contains("b-\(tag)@example.org") }.isEmpty == true)
    }

    @Test func theSMSFunctionPublishesThroughSNS() throws {
        let phone = "+1415666\(String(Int.random(in: 1000...9999)))"
        let harness = try harness("SMS", provider: ("SEQUENCER_SMS_PROVIDER", "sns"))
        let event = #"{"config": {"to": "{{data.phone}}", "message": "Code {{data.code}}"}, "runners": [{"id": "p", "data": {"phone": "\#(phone)", "code": 42}}]}"#
        let answer = try JSONValue(parsing: try #require(harness.invoke(event)?.responseText))
        #expect(answer.arrayValue?.first?["action"] == "next")
        let sms = try #require(try received()["sns"]?["SMS"]?.arrayValue?.first { $0["phone_number"] == .string(phone) })
        #expect(sms["message"] == "Code 42")
    }
}
