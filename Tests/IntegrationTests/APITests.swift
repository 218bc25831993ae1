import Foundation
import SequencerCore
import SequencerKit
import SequencerStore
import SequencerTestSupport
import Testing

/// The `api` handler's three event forms — direct invocation, Function URL, SQS — against the
/// real database (issue 13).
@Suite struct APITests {
    let definition = """
        {"name": "trial", "reentry": "always", "steps": [{"key": "w", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
        """

    func service(_ fixture: Fixture) -> APIService { APIService(connection: fixture.connection) }

    @Test func aBatchWithOneBadCommandAnswersTheOthers() throws {
        let fixture = try Fixture()
        try fixture.apply(definition)
        let event: JSONValue = ["commands": [
            ["command": "enroll", "sequence": "trial", "subject": "a", "data": ["plan": "free"]],
            ["command": "enroll", "sequence": "trial", "subject": "b", "data": [1]],
            ["command": "update", "subject": "a", "data": ["plan": "paid"]],
            ["command": "enroll", "sequence": "nope", "subject": "c"],
            ["command": "launch"],
            ["command": "cancel", "subject": "a", "sequence": "trial"],
        ]]
        let results = try #require(service(fixture).handle(event, now: clock())["results"]?.arrayValue)
        #expect(results.count == 6)
        #expect(results[0]["ok"] == true && results[0]["enrolled"] == true && results[0]["runner"] == "a")
        #expect(results[1] == ["ok": false, "error": "must be an object, not array", "pointer": "/commands/1/data"])
        #expect(results[2]["ok"] == true && results[2]["updated"] == true)
        #expect(results[3]["ok"] == false && results[3]["pointer"] == "/commands/3/sequence")
        #expect(results[4]["pointer"] == "/commands/4/command")
        #expect(results[5]["cancelled"] == 1)
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.subjects") == "1")
        #expect(try RunnerDirectory(connection: fixture.connection).subjectData("a") == ["plan": "paid"])
    }

    @Test func anIdempotencyKeyEnrollsOnceThroughEveryEntryPoint() throws {
        let fixture = try Fixture()
        try fixture.apply(definition)
        let command: JSONValue = ["command": "enroll", "sequence": "trial", "subject": "k", "idempotencyKey": "signup-k"]
        let direct = service(fixture).handle(["commands": [command]], now: clock())["results"]?.arrayValue?.first
        let queued = service(fixture).handle(["Records": [["messageId": "m-1", "eventSource": "aws:sqs", "body": .string(command.jsonText)]]],
                                             now: clock())
        #expect(queued == ["batchItemFailures": []])
        let http = service(fixture).handle(["version": "2.0", "requestContext": ["http": ["method": "POST"]],
                                            "body": .string(JSONValue.object(["commands": [command]]).jsonText), "isBase64Encoded": false],
                                           now: clock())
        #expect(http["statusCode"] == 200)
        let viaHTTP = try JSONValue(parsing: http["body"]?.stringValue ?? "")["results"]?.arrayValue?.first
        let viaSQL = try JSONValue(parsing: try fixture.scalar("SELECT sequencer.enroll('trial', 'k', idempotency_key => 'signup-k')::text") ?? "")
        #expect(direct == viaHTTP)
        #expect(direct?["runner"] == viaSQL["runner"])
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners") == "1")
    }

    @Test func anSQSBatchNamesExactlyItsFailedRecordsAndAppliesThemWholeOrNot() throws {
        let fixture = try Fixture()
        try fixture.apply(definition)
        let records: [JSONValue] = [
            ["messageId": "ok-1", "body": .string(#"{"command": "enroll", "sequence": "trial", "subject": "s1"}"#)],
            ["messageId": "not-json", "body": "{oops"],
            ["messageId": "half", "body": .string(#"{"commands": [{"command": "enroll", "sequence": "trial", "subject": "s2"}, {"command": "update", "subject": "s2"}]}"#)],
            ["messageId": "ok-2", "body": .string(#"{"commands": [{"command": "update", "subject": "s3", "data": {"x": 1}}]}"#)],
            ["messageId": "empty", "body": .string(#"{"commands": []}"#)],
        ]
        let answer = service(fixture).handle(["Records": .array(records)], now: clock())
        #expect(answer == ["batchItemFailures": [["itemIdentifier": "not-json"], ["itemIdentifier": "half"], ["itemIdentifier": "empty"]]])
        // The failed record's good command was rolled back with it: SQS delivers it again whole.
        #expect(try fixture.scalar("SELECT string_agg(id, ',' ORDER BY id) FROM sequencer.subjects") == "s1,s3")
    }

    @Test func aFunctionURLRefusesOtherMethodsAndBadBodies() throws {
        let fixture = try Fixture()
        let get = service(fixture).handle(["requestContext": ["http": ["method": "GET"]]], now: clock())
        #expect(get["statusCode"] == 405)
        let bad = service(fixture).handle(["requestContext": ["http": ["method": "POST"]], "body": "{"], now: clock())
        #expect(bad["statusCode"] == 400)
        #expect(bad["body"]?.stringValue?.contains("the body is not JSON") == true)
        let encoded = Data(#"{"commands": [{"command": "update", "subject": "b64", "data": {}}]}"#.utf8).base64EncodedString()
        let ok = service(fixture).handle(["requestContext": ["http": ["method": "POST"]], "body": .string(encoded), "isBase64Encoded": true],
                                         now: clock())
        #expect(ok["statusCode"] == 200)
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.subjects WHERE id = 'b64'") == "1")
    }

    /// An integer a double cannot keep is refused, not rounded, as the CLI refuses it: a Function
    /// URL body answers 400 naming its pointer, an SQS record fails alone.
    @Test func integersBeyondTwoToThe53AreRefusedNotRounded() throws {
        let fixture = try Fixture()
        let body = #"{"commands": [{"command": "update", "subject": "big", "data": {"n": 9007199254740993}}]}"#
        let http = service(fixture).handle(["requestContext": ["http": ["method": "POST"]], "body": .string(body)], now: clock())
        #expect(http["statusCode"] == 400)
        #expect(http["body"]?.stringValue?.contains("/commands/0/data/n") == true, "\(http)")
        let records: [JSONValue] = [["messageId": "big", "body": .string(body)],
                                    ["messageId": "fine", "body": .string(body.replacingOccurrences(of: "9007199254740993", with: "9007199254740991"))]]
        #expect(service(fixture).handle(["Records": .array(records)], now: clock()) == ["batchItemFailures": [["itemIdentifier": "big"]]])
        #expect(try fixture.scalar("SELECT data->>'n' FROM sequencer.subjects WHERE id = 'big'") == "9007199254740991")
    }
}
