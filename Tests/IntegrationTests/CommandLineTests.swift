import Foundation
import SequencerCore
import SequencerKit
import SequencerStore
import SequencerTestSupport
import Testing

/// Runs the real `sequencer` binary against a fresh database.
struct SequencerCLI {
    let databaseURL: String

    static var binary: String {
        let candidates = [
            URL(fileURLWithPath: Swift.CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sequencer").path,
            TestPostgres.repositoryRoot.appendingPathComponent(".build/debug/sequencer").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
    }

    func run(_ arguments: [String], input: String? = nil) throws -> ChildProcess.Result {
        try ChildProcess.run(Self.binary, arguments, input: input,
                             environment: ["DATABASE_URL": databaseURL, "SEQUENCER_CONFIG": ""])
    }
}

@Suite struct CommandLineTests {
    let cli: SequencerCLI
    let fixture: Fixture

    init() throws {
        fixture = try Fixture()
        cli = SequencerCLI(databaseURL: fixture.url)
    }

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("seq-\(UUID().uuidString).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func badDefinitionsAreRefusedWithPointersAndChangeNothing() throws {
        let good = try write(#"{"name": "good", "steps": [{"key": "w", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}"#)
        let bad = try write(#"{"name": "bad", "steps": [{"key": "w", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "fortnight"}, "next": "gone"}]}"#)
        let result = try cli.run(["sequences", "apply", good, bad])
        #expect(result.status == 2)
        #expect(result.standardError.contains("/steps/0/config/unit: \"fortnight\" is not a moment.js duration unit"))
        #expect(result.standardError.contains("/steps/0/next: names step \"gone\", which does not exist"))
        #expect(result.standardError.contains("nothing was applied"))
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.sequences") == "0")
    }

    /// A key that is not a string is refused by pointer (it once vanished, and with it the
    /// idempotency it was meant to give).
    @Test func enrollRefusesAKeyThatIsNotAString() throws {
        let definition = try write(#"{"name": "s", "steps": [{"key": "w", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}"#)
        #expect(try cli.run(["sequences", "apply", definition]).status == 0)
        let result = try cli.run(["enroll", "s", "-"], input: "{\"id\": \"a\", \"idempotencyKey\": 5}\n{\"id\": \"b\", \"cancellationKey\": [1]}\n")
        #expect(result.status == 2)
        #expect(result.standardError.contains("-:1 /idempotencyKey: "), "\(result.standardError)")
        #expect(result.standardError.contains("-:2 /cancellationKey: "), "\(result.standardError)")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners") == "0")
    }

    @Test func enrollRefusesABadFileWhole() throws {
        let definition = try write(#"{"name": "s", "steps": [{"key": "w", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}"#)
        #expect(try cli.run(["sequences", "apply", definition]).status == 0)
        let result = try cli.run(["enroll", "s", "-"], input: "{\"id\": \"a\", \"data\": {}}\n{\"id\": 7}\n{\"id\": \"a\", \"date\": {}}\n")
        #expect(result.status == 2)
        #expect(result.standardError.contains("-:2 /id: must be a string, not number"))
        #expect(result.standardError.contains("-:3 /date: unknown field"))
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners") == "0")
    }

    @Test func statusAndHistoryAgreeWithTheDatabase() throws {
        let definition = try write("""
            {"name": "s", "steps": [
              {"key": "hello", "runner": "Email", "config": {"from": "a@example.com", "to": "{{data.email}}", "subject": "Hi"}, "next": "w"},
              {"key": "w", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}
            ]}
            """)
        #expect(try cli.run(["sequences", "apply", definition]).standardOutput == "s: created version 1\n")
        let enrolled = try cli.run(["enroll", "s", "-", "--now", "2026-01-05T09:00:00Z"],
                                   input: "{\"id\": \"u1\", \"data\": {\"email\": \"u1@example.com\"}}\n{\"id\": \"u2\", \"data\": {}}\n")
        #expect(enrolled.standardOutput.hasPrefix("enrolled 2 runners in s"))
        let tick = try cli.run(["tick", "--now", "2026-01-05T09:00:00Z"])
        #expect(tick.status == 0)
        #expect(tick.standardOutput.contains("examined 2, moved 1 (1 step), waiting 1, completed 0, errors 1"))

        let status = try cli.run(["status", "s"]).standardOutput
        let rows = status.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(rows.contains(["s", "v1", "hello", "1", "0", "0", "0", "0", "1"]))
        #expect(rows.contains(["s", "v1", "w", "1", "0", "0", "0", "0", "1"]))
        let counted = try fixture.connection.query("SELECT step, count(*) FROM sequencer.runners GROUP BY step ORDER BY step").map { [$0[0]!, $0[1]!] }
        #expect(counted == [["hello", "1"], ["w", "1"]])

        let history = try cli.run(["history", "u2"]).standardOutput
        #expect(history.contains("u2 in s v1: active at hello, last error: config.to: no recipient"))
        #expect(history.contains("enrolled"))
        #expect(history.contains("error"))
        let rowsInDatabase = try fixture.scalar("SELECT count(*) FROM sequencer.runner_history WHERE runner_id = 'u2'")
        #expect(rowsInDatabase == "2")
    }

    /// `outbox --uncertain` lists only uncertain rows with their ids; `outbox resend` refuses, with
    /// the reason, a row that is not uncertain and one whose provider is not the configured one.
    @Test func outboxListsUncertainRowsAndResendRefusesWithReasons() throws {
        let definition = try write("""
            {"name": "s", "steps": [
              {"key": "hello", "runner": "Email", "config": {"from": "a@example.com", "to": "{{data.email}}", "subject": "Hi"}, "next": "w"},
              {"key": "w", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
            """)
        #expect(try cli.run(["sequences", "apply", definition]).status == 0)
        _ = try cli.run(["enroll", "s", "-", "--now", "2026-01-05T09:00:00Z"],
                        input: "{\"id\": \"u1\", \"data\": {\"email\": \"u1@example.com\"}}\n{\"id\": \"u2\", \"data\": {\"email\": \"u2@example.com\"}}\n")
        #expect(try cli.run(["tick", "--now", "2026-01-05T09:00:00Z"]).status == 0)
        // As if SES had timed out on u2's message after the request went out.
        try fixture.connection.execute("""
            UPDATE sequencer.deliveries SET provider = 'ses', status = 'uncertain', error = 'SESV2: timed out after the request was sent'
            WHERE runner_id = 'u2'
            """)
        let id = try #require(try fixture.scalar("SELECT id FROM sequencer.deliveries WHERE runner_id = 'u2'"))
        let sentID = try #require(try fixture.scalar("SELECT id FROM sequencer.deliveries WHERE runner_id = 'u1'"))
        let listed = try cli.run(["outbox", "--uncertain"])
        #expect(listed.status == 0)
        #expect(listed.standardOutput.contains("email uncertain: 1"))
        #expect(listed.standardOutput.contains("--- #\(id) email via ses (uncertain) for u2 at hello, visit 1"))
        #expect(listed.standardOutput.contains("error: SESV2: timed out"))
        #expect(!listed.standardOutput.contains("for u1"))
        #expect(try cli.run(["outbox"]).standardOutput.contains("--- #\(sentID) email via outbox (sent) for u1"))

        let otherProvider = try cli.run(["outbox", "resend", id])
        #expect(otherProvider.status == 2)
        #expect(otherProvider.standardError.contains("delivery was for ses but the configured provider of its channel is outbox"))
        let notUncertain = try cli.run(["outbox", "resend", sentID])
        #expect(notUncertain.standardError.contains("delivery \(sentID) is sent, not uncertain"))
        #expect(try cli.run(["outbox", "resend", "424242"]).standardError.contains("no delivery has id 424242"))
        #expect(try fixture.scalar("SELECT status FROM sequencer.deliveries WHERE runner_id = 'u2'") == "uncertain")
    }

    @Test func retryMakesAFailedRunnerActiveAgain() throws {
        let definition = try write(#"{"name": "r", "steps": [{"key": "d", "runner": "WaitForDate", "config": {"date": "{{data.when}}"}}]}"#)
        #expect(try cli.run(["sequences", "apply", definition]).status == 0)
        #expect(try cli.run(["enroll", "r", "-", "--now", "2026-01-05T09:00:00Z"], input: #"{"id": "f", "data": {"when": "soon"}}"#).status == 0)
        try fixture.connection.query("UPDATE sequencer.runners SET status = 'failed', attempts = 5, last_error = 'x'")
        #expect(try cli.run(["retry", "f"]).standardOutput == "f is active again at d\n")
        let state = try fixture.runner("f")
        #expect(state.status == .active && state.attempts == 0 && state.lastError == nil)
        #expect(try cli.run(["retry", "f"]).standardOutput.contains("not failed; nothing to retry"))
        #expect(try fixture.history("f").last?.action.rawValue == "retried")
    }

    @Test func aLambdaRunnerOutsideTheAllowListIsRefusedWhenApplied() throws {
        let definition = try write(#"{"name": "c", "steps": [{"key": "s", "runner": "arn:aws:lambda:us-west-2:123456789012:function:score"}]}"#)
        let refused = try cli.run(["sequences", "apply", definition])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("/steps/0/runner: Lambda function \"arn:aws:lambda:us-west-2:123456789012:function:score\" is not in the configured allow-list"))
        let config = try write(#"{"lambda": {"allowedFunctions": ["arn:aws:lambda:us-west-2:123456789012:function:sc*"]}}"#)
        #expect(try cli.run(["sequences", "apply", definition, "--config", config]).status == 0)
    }

    @Test func definitionsOverTheConfiguredLimitsAreRefusedWithThePointer() throws {
        let steps = (0..<3).map { #"{"key": "w\#($0)", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}"# }
        let definition = try write(#"{"name": "long", "steps": [\#(steps.joined(separator: ", "))]}"#)
        let few = try write(#"{"limits": {"definitionSteps": 2}}"#)
        let tooMany = try cli.run(["sequences", "apply", definition, "--config", few])
        #expect(tooMany.status == 2)
        #expect(tooMany.standardError.contains("/steps: has 3 steps, more than the limit of 2 (limits.definitionSteps)"))
        let small = try write(#"{"limits": {"definitionBytes": 1024}}"#)
        let padded = try write(#"{"name": "big", "description": "\#(String(repeating: "d", count: 1_000))", "steps": [\#(steps[0])]}"#)
        let tooBig = try cli.run(["sequences", "apply", padded, "--config", small])
        #expect(tooBig.status == 2)
        #expect(tooBig.standardError.contains("/: the definition is 1130 bytes, more than the limit of 1024 (limits.definitionBytes)"))
        #expect(tooBig.standardError.contains("nothing was applied"))
        #expect(try cli.run(["sequences", "apply", definition, padded]).status == 0)
    }

    @Test func badInputExitsTwoWithOneLine() throws {
        let result = try cli.run(["tick", "--now", "yesterday"])
        #expect(result.status == 2)
        #expect(result.standardError == "sequencer: --now: \"yesterday\" is not an ISO-8601 date (e.g. 2026-12-01T09:00:00Z)\n")
        let update = try cli.run(["update", "nobody", "[1]"])
        #expect(update.status == 2)
        #expect(update.standardError == "sequencer: <json>: must be a JSON object, not array\n")
    }

    func applyWaitSequence() throws {
        let definition = try write(#"{"name": "s", "steps": [{"key": "w", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}"#)
        #expect(try cli.run(["sequences", "apply", definition]).status == 0)
    }

    /// `enroll` sends a large file in chunks (`Enroll.chunkLines`), one transaction for all: a
    /// subject or idempotency key repeated in a later chunk is answered as within one call, and
    /// a bad line in a later chunk reports every bad line and rolls back what was sent.
    @Test func aFileLargerThanAChunkIsOneEnrolment() throws {
        try applyWaitSequence()
        let size = 20_500  // more than two chunks of `Enroll.chunkLines` (10,000)
        func lines(_ change: (Int) -> String?) -> String {
            (1...size).map { change($0) ?? "{\"id\": \"u-\($0)\"}" }.joined(separator: "\n") + "\n"
        }
        let bad = try cli.run(["enroll", "s", "-"], input: lines { n in
            n == 3 || n == size - 1 ? "{\"id\": \"u-\(n)\", \"data\": 1}" : nil
        })
        #expect(bad.status == 2)
        #expect(bad.standardError == "sequencer: -:3 /data: must be an object, not number\n-:\(size - 1) /data: must be an object, not number\nnothing was enrolled\n")
        let late = try cli.run(["enroll", "s", "-"], input: lines { n in n == size ? "{\"id\": \"u-\(n)\", \"data\": {\"n\": 1e999}}" : nil })
        #expect(late.status == 2, "\(late.standardError)")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners") == "0")
        // Line 2 and the last line name one subject (re-entry "never"); lines 1 and size − 1 one key.
        let good = try cli.run(["enroll", "s", "-"], input: lines { n in
            switch n {
            case size: "{\"id\": \"u-2\"}"
            case 1, size - 1: "{\"id\": \"u-\(n)\", \"idempotencyKey\": \"k\"}"
            default: nil
            }
        })
        #expect(good.status == 0, "\(good.standardError)")
        #expect(good.standardOutput.hasPrefix("enrolled \(size - 1) runners in s\nnot enrolled: 1\n  u-2: "), "\(good.standardOutput)")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners") == String(size - 2))
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners WHERE subject_id = 'u-\(size - 1)'") == "0")
    }

    /// Every bad line of `update --file` and `cancel --file` is named, a missing member as well
    /// as a wrong value (the database, which also checks, saw none of them); `--key` honours
    /// `--sequence`; a subject with several lines is counted once; a subject's data that would
    /// grow past the limit is bad input (exit 2), as the database refuses the whole call.
    @Test func updateAndCancelFilesNameEveryBadLine() throws {
        try applyWaitSequence()
        let update = try cli.run(["update", "--file", "-"], input: "{\"subject\": \"u-3\", \"data\": 5}\n{\"subject\": \"u-4\"}\n")
        #expect(update.status == 2)
        #expect(update.standardError == "sequencer: -:1 /data: must be an object, not number\n-:2 /data: is required\nnothing was updated\n")
        // A line's syntax error is placed by its column alone (the line is the file's line).
        let broken = try cli.run(["update", "--file", "-"], input: "{\"subject\": \"u-3\", \"data\": {}}\n{\"subject\": \"u-4\", \"data\": }\n")
        #expect(broken.status == 2)
        #expect(broken.standardError.hasPrefix("sequencer: -:2: invalid JSON at column 28: "), "\(broken.standardError)")
        let cancel = try cli.run(["cancel", "--file", "-"], input: "{}\n{\"subject\": \"\"}\n{\"subject\": \"a\", \"cancellationKey\": \"k\"}\n")
        #expect(cancel.status == 2)
        #expect(cancel.standardError == """
            sequencer: -:1 /subject: is required (or give cancellationKey)
            -:2 /subject: must not be empty
            -:3 /cancellationKey: give subject (and sequence) or cancellationKey, not both
            nothing was cancelled

            """)
        let counted = try cli.run(["update", "--file", "-"], input: "{\"subject\": \"a\", \"data\": {\"x\": 1}}\n{\"subject\": \"a\", \"data\": {\"y\": 1}}\n")
        #expect(counted.standardOutput == "updated 1 subject from 2 lines (1 created)\n", "\(counted.standardError)")

        let other = try write(#"{"name": "t", "steps": [{"key": "w", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}"#)
        #expect(try cli.run(["sequences", "apply", other]).status == 0)
        for sequence in ["s", "t"] {
            #expect(try cli.run(["enroll", sequence, "-"], input: "{\"id\": \"k-1\", \"cancellationKey\": \"cart\"}\n").status == 0)
        }
        let unknown = try cli.run(["cancel", "--key", "cart", "--sequence", "nope"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("/sequence: no sequence named \"nope\""), "\(unknown.standardError)")
        #expect(try cli.run(["cancel", "--key", "cart", "--sequence", "t"]).standardOutput == "cancelled 1 runner of --key cart\n")
        #expect(try fixture.scalar("SELECT string_agg(sequence_name || ':' || status, ',' ORDER BY sequence_name) FROM sequencer.runners WHERE subject_id = 'k-1'")
                == "s:active,t:cancelled")

        try fixture.connection.execute("UPDATE sequencer.settings SET value = '1024' WHERE name = 'subjectDataMaxBytes'")
        let half = String(repeating: "x", count: 600)
        let grown = try cli.run(["enroll", "s", "-"], input: "{\"id\": \"g\", \"data\": {\"a\": \"\(half)\"}}\n{\"id\": \"g\", \"data\": {\"b\": \"\(half)\"}}\n")
        #expect(grown.status == 2, "\(grown.standardError)")
        #expect(grown.standardError.hasPrefix("sequencer: data: subject \"g\" would hold "), "\(grown.standardError)")
        #expect(grown.standardError.hasSuffix("\nnothing was enrolled\n"))
    }

    /// An integer a double cannot keep is refused naming the line and JSON pointer, where it was
    /// once rounded silently (9007199254740993 stored as 9007199254740992).
    @Test func integersBeyondTwoToThe53AreRefusedNotRounded() throws {
        try applyWaitSequence()
        let enrolled = try cli.run(["enroll", "s", "-"],
                                   input: "{\"id\": \"a\"}\n{\"id\": \"b\"}\n{\"id\": \"c\", \"data\": {\"n\": 9007199254740993}}\n")
        #expect(enrolled.status == 2)
        #expect(enrolled.standardError == """
            sequencer: -:3 /data/n: 9007199254740993 is beyond ±(2^53 − 1) and cannot be kept exactly
            nothing was enrolled

            """)
        let file = try write("{\"subject\": \"a\", \"data\": {\"ids\": [1, 18014398509481985]}}\n")
        let updated = try cli.run(["update", "--file", file])
        #expect(updated.status == 2)
        #expect(updated.standardError.contains("\(file):1 /data/ids/1: 18014398509481985 is beyond ±(2^53 − 1)"), "\(updated.standardError)")
        let inline = try cli.run(["update", "a", #"{"n": -9007199254740993}"#])
        #expect(inline.standardError == "sequencer: <json>: /n: -9007199254740993 is beyond ±(2^53 − 1) and cannot be kept exactly\n")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.subjects") == "0")
        #expect(try cli.run(["update", "a", #"{"n": 9007199254740991}"#]).status == 0)
        #expect(try fixture.scalar("SELECT data ->> 'n' FROM sequencer.subjects WHERE id = 'a'") == "9007199254740991")
    }

    /// Blank ids, white space at either end and control characters or line breaks are refused
    /// by every command that writes, naming the line (or argument) and the field.
    @Test func blankAndControlCharacterIdsAreRefused() throws {
        try applyWaitSequence()
        let lines = [#"{"id": ""}"#, #"{"id": "  "}"#, #"{"id": "a\nb"}"#, #"{"id": "ok", "cancellationKey": "k\u0007"}"#, #"{"id": " u"}"#]
        let enrolled = try cli.run(["enroll", "s", "-"], input: lines.joined(separator: "\n"))
        #expect(enrolled.status == 2)
        #expect(enrolled.standardError == """
            sequencer: -:1 /id: must not be empty
            -:2 /id: must not be blank
            -:3 /id: must not contain control characters or line breaks (U+000A at character 2)
            -:4 /cancellationKey: must not contain control characters or line breaks (U+0007 at character 2)
            -:5 /id: must not start or end with white space
            nothing was enrolled

            """)
        let updated = try cli.run(["update", "--file", "-"], input: #"{"subject": "\t", "data": {}}"#)
        #expect(updated.standardError.contains("-:1 /subject: must not contain control characters or line breaks (U+0009 at character 1)"))
        #expect(try cli.run(["update", "  ", "{}"]).standardError == "sequencer: <subject> \"  \": must not be blank\n")
        let cancelled = try cli.run(["cancel", "u-1", "a\nb"])
        #expect(cancelled.status == 2)
        #expect(cancelled.standardError == "sequencer: <subject> \"a\\nb\": must not contain control characters or line breaks (U+000A at character 2)\n")
        #expect(try cli.run(["cancel", " "]).standardError == "sequencer: <subject> \" \": must not be blank\n")
        #expect(try cli.run(["cancel", "--key", ""]).standardError == "sequencer: --key \"\": must not be empty\n")
        #expect(try cli.run(["cancel", "--file", "-"], input: #"{"subject": "u", "sequence": " s"}"#).standardError
            .contains("-:1 /sequence: must not start or end with white space"))
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.subjects") == "0")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners") == "0")
    }

    /// `--now` and the other times take what moment reads, narrowed to years 1–9999 and offsets
    /// within ±18:00.
    @Test func timesOutsideYearsOneTo9999OrOffsetsBeyond18HoursAreRefused() throws {
        let offset = try cli.run(["tick", "--now", "2026-12-01T09:00:00+25:00"])
        #expect(offset.status == 2)
        #expect(offset.standardError == "sequencer: --now: \"2026-12-01T09:00:00+25:00\" has UTC offset +25:00; the offset must be within ±18:00\n")
        let yearZero = try cli.run(["tick", "--now", "0000-01-01T00:00:00Z"])
        #expect(yearZero.standardError == "sequencer: --now: \"0000-01-01T00:00:00Z\" has year 0; the year must be from 1 to 9999\n")
        #expect(try cli.run(["tick", "--now", "+010000-01-01T00:00:00Z"]).standardError.contains("has year 10000"))
        #expect(try cli.run(["prune", "--before", "2026-01-01T00:00:00-1801"]).standardError.contains("--before: "))
        #expect(try cli.run(["tick", "--now", "2026-12-01T09:00:00-18:00"]).status == 0)
        #expect(try cli.run(["tick", "--now", "9999-12-31T23:59:59+18:00"]).status == 0)
    }

    /// Files that cannot be read are named with what is wrong, never Foundation's sentences or
    /// `NSCocoaErrorDomain` codes.
    @Test func unreadableFilesAreNamedPlainly() throws {
        let missing = "/nonexistent-\(UUID().uuidString).json"
        let directory = FileManager.default.temporaryDirectory.path
        let cases: [([String], String)] = [
            (["enroll", "s", missing], "sequencer: \(missing): no such file\n"),
            (["update", "--file", missing], "sequencer: --file \(missing): no such file\n"),
            (["cancel", "--file", directory], "sequencer: --file \(directory): is a directory\n"),
            (["sequences", "apply", directory], "sequencer: \(directory): is a directory\n"),
            (["check", "s", "w", "--runner", missing], "sequencer: --runner \(missing): no such file\n"),
            (["preview", "s", "--runner", missing, "--from", "2026-01-01", "--until", "2026-01-02"], "sequencer: --runner \(missing): no such file\n"),
            (["status", "--config", missing], "sequencer: configuration \(missing): no such file\n"),
        ]
        for (arguments, expected) in cases {
            let result = try cli.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.standardError == expected)
        }
    }

    /// `check --runner` refuses unknown fields by JSON pointer, as definitions do (`sequence` and
    /// `step` come from the arguments).
    @Test func checkRefusesUnknownRunnerFields() throws {
        try applyWaitSequence()
        let runner = try write(#"{"id": "u", "dta": {"x": 1}, "step": "w"}"#)
        let result = try cli.run(["check", "s", "w", "--runner", runner])
        #expect(result.status == 2)
        #expect(result.standardError == """
            sequencer: \(runner): /dta: unknown field (allowed: data, event, id, stepEnteredAt, subject)
            \(runner): /step: unknown field (allowed: data, event, id, stepEnteredAt, subject)

            """)
        let good = try write(#"{"id": "u", "subject": "u", "data": {"x": 1}, "event": {}, "stepEnteredAt": "2026-01-05T09:00:00Z"}"#)
        let checked = try cli.run(["check", "s", "w", "--runner", good, "--now", "2026-01-05T10:00:00Z"])
        #expect(checked.status == 0, "\(checked.standardError)")
        #expect(checked.standardOutput.contains(#""action":"noop""#))
    }

    @Test func versionPrintsTheOneConstant() throws {
        let result = try cli.run(["--version"])
        #expect(result.status == 0)
        #expect(result.standardOutput == Sequencer.version + "\n")
        // A subcommand's own --version option (a sequence version) is still that option.
        let graph = try cli.run(["graph", "nothing", "--version", "1"])
        #expect(graph.status == 2)
        #expect(graph.standardError.contains("nothing"), "\(graph.standardError)")
    }
}
