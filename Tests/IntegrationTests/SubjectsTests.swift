import Foundation
import SequencerCore
import SequencerEngine
import SequencerStore
import SequencerTestSupport
import Testing

/// Subjects in many sequences, re-entry, idempotency, exit criteria and cancellation through the
/// SQL entry points (issue 13).
@Suite struct SubjectsTests {
    func sequence(_ name: String, _ extra: String = "") -> String {
        """
        {"name": "\(name)", \(extra) "steps": [
          {"key": "hello", "runner": "Email", "config": {"from": "a@example.com", "to": "{{data.email}}", "subject": "{{event.campaign}} for {{data.name}}"}, "next": "wait"},
          {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
        """
    }

    /// `SELECT sequencer.enroll(…)::text` as JSON.
    func enroll(_ fixture: Fixture, _ sequence: String, _ subject: String, data: String = "{}", event: String = "{}",
                key: String? = nil) throws -> JSONValue {
        let answer = try fixture.scalar("SELECT sequencer.enroll($1, $2, $3::jsonb, $4::jsonb, $5, at => to_timestamp($6))::text",
                                        [sequence, subject, data, event, key, String(clock().timeIntervalSince1970)])
        return try JSONValue(parsing: answer ?? "null")
    }

    @Test func aSubjectRunsInTwoSequencesAtOnceSharingItsData() throws {
        let fixture = try Fixture()
        try fixture.apply(sequence("trial"))
        try fixture.apply(sequence("win-back"))
        #expect(try enroll(fixture, "trial", "u-1", data: #"{"email": "u@example.com", "name": "Ann"}"#, event: #"{"campaign": "Trial"}"#)["runner"] == "u-1")
        let second = try enroll(fixture, "win-back", "u-1", event: #"{"campaign": "Back"}"#)
        #expect(second["enrolled"] == true)
        #expect(second["runner"]?.stringValue?.count == 36)

        let summary = try fixture.tick(at: clock())
        #expect(summary.deliveries == 2)
        let subjects = try fixture.connection.query("SELECT payload->>'subject' FROM sequencer.deliveries ORDER BY 1").map { $0[0] }
        #expect(subjects == ["Back for Ann", "Trial for Ann"])
        let runners = try RunnerDirectory(connection: fixture.connection).runners(ofSubject: "u-1")
        #expect(runners.map(\.sequence) == ["trial", "win-back"])
        #expect(runners.allSatisfy { $0.step == "wait" })

        // One update wakes both runners.
        try RunnerDirectory(connection: fixture.connection).update("u-1", merging: ["name": "Annie"])
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners WHERE wake_at = '-infinity'") == "2")
        #expect(try RunnerDirectory(connection: fixture.connection).history("u-1").map(\.action.rawValue).filter { $0 == "enrolled" }.count == 2)
    }

    @Test func reentryFollowsEachSequencesPolicy() throws {
        let fixture = try Fixture()
        try fixture.apply(sequence("once"))
        try fixture.apply(sequence("again", #""reentry": "afterExit","#))
        try fixture.apply(sequence("many", #""reentry": "always","#))
        try fixture.apply(sequence("daily", #""reentry": "always", "reentryAfterSeconds": 86400,"#))

        #expect(try enroll(fixture, "once", "s")["enrolled"] == true)
        let refused = try enroll(fixture, "once", "s")
        #expect(refused["enrolled"] == false)
        #expect(refused["reason"] == #"re-entry refused: subject "s" has already entered sequence "once" (reentry: never)"#)

        #expect(try enroll(fixture, "again", "s")["enrolled"] == true)
        #expect(try enroll(fixture, "again", "s")["reason"]?.stringValue?.contains("(reentry: afterExit)") == true)
        #expect(try RunnerDirectory(connection: fixture.connection).cancel("s", sequence: "again", now: clock()) == 1)
        #expect(try enroll(fixture, "again", "s")["enrolled"] == true)

        for _ in 0..<3 { #expect(try enroll(fixture, "many", "s")["enrolled"] == true) }
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners WHERE sequence_name = 'many' AND status = 'active'") == "3")

        #expect(try enroll(fixture, "daily", "s")["enrolled"] == true)
        #expect(try enroll(fixture, "daily", "s")["reason"]?.stringValue?.contains("less than 86400 seconds ago") == true)
    }

    @Test func anIdempotencyKeyEnrollsOnceAndRepeatsTheFirstAnswer() throws {
        let fixture = try Fixture()
        try fixture.apply(sequence("many", #""reentry": "always","#))
        let first = try enroll(fixture, "many", "k", key: "order-1")
        let again = try enroll(fixture, "many", "k", key: "order-1")
        #expect(first == again)
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners") == "1")
        #expect(try enroll(fixture, "many", "k", key: "order-2")["runner"] != first["runner"])
        // After the retention window the key is new again.
        try fixture.connection.query("UPDATE sequencer.idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'order-1'")
        #expect(try enroll(fixture, "many", "k", key: "order-1")["runner"] != first["runner"])
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners") == "3")
    }

    @Test func aRolledBackTransactionEnrollsNothing() throws {
        let fixture = try Fixture()
        try fixture.apply(sequence("once"))
        try fixture.connection.execute("BEGIN")
        _ = try enroll(fixture, "once", "ghost", data: #"{"email": "g@example.com"}"#)
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners") == "1")
        try fixture.connection.execute("ROLLBACK")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners") == "0")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.subjects") == "0")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runner_history") == "0")
    }

    @Test(arguments: [
        ("SELECT sequencer.enroll('nope', 's')", "sequence: no sequence named \"nope\" (apply it first: sequencer sequences apply FILE)"),
        ("SELECT sequencer.enroll('once', '')", "subject: must not be empty"),
        ("SELECT sequencer.enroll('once', repeat('x', 201))", "subject: must be at most 200 characters (it has 201)"),
        ("SELECT sequencer.enroll('once', E'a\\nb')", "subject: must not contain control characters or line breaks (U+000A at character 2)"),
        ("SELECT sequencer.enroll('once', ' s')", "subject: must not start or end with white space"),
        ("SELECT sequencer.enroll(' once', 's')", "sequence: must not start or end with white space"),
        ("SELECT sequencer.enroll(' once', 's', idempotency_key => 'k')", "sequence: must not start or end with white space"),
        ("SELECT sequencer.enroll('once', 's', idempotency_key => '  ')", "idempotencyKey: must not be blank"),
        ("SELECT sequencer.enroll('once', 's', '[1]')", "data: must be a JSON object, not array"),
        ("SELECT sequencer.enroll('once', 's', '{}', '\"x\"')", "event: must be a JSON object, not string"),
        ("SELECT sequencer.update_subject('s', '3')", "data: must be a JSON object, not number"),
        ("SELECT sequencer.cancel(NULL)", "subject: is required"),
        ("SELECT sequencer.cancel_by_key(NULL)", "cancellationKey: is required"),
        ("SELECT sequencer.cancel('s', 'nope')", "sequence: no sequence named \"nope\" (apply it first: sequencer sequences apply FILE)"),
    ])
    func invalidInputRaises22023NamingTheField(_ sql: String, _ message: String) throws {
        let fixture = try Fixture()
        try fixture.apply(sequence("once"))
        #expect {
            try fixture.connection.query(sql)
        } throws: { error in
            guard let error = error as? PostgresError, case .server("22023") = error.code else { return false }
            return error.message == message
        }
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.subjects") == "0")
    }

    @Test func updatesMergeDeleteWithNullAndCreateSubjects() throws {
        let fixture = try Fixture()
        let directory = RunnerDirectory(connection: fixture.connection)
        let answers = try directory.update(json: [["subject": "n", "data": ["a": 1, "b": 2]], ["subject": "n", "data": ["b": .null, "c": 3]],
                                                  ["subject": "", "data": [:]]])
        #expect(answers.answers[0]["created"] == true)
        #expect(answers.invalid.map(\.field) == ["subject"])
        #expect(try directory.subjectData("n") == ["a": 1, "c": 3])
        #expect(try fixture.scalar("SELECT sequencer.update_subject('n', '{\"a\": null}')::text").map { try JSONValue(parsing: $0) }
                == ["updated": true, "subject": "n", "created": false])
        #expect(try directory.subjectData("n") == ["c": 3])
    }

    @Test func anExitConditionEndsARunnerAfterAnUpdate() throws {
        let fixture = try Fixture()
        try fixture.apply(sequence("nurture", #""exitWhen": {"lodashCommand": "eq", "value": {"type": "get", "value": "data.plan"}, "compareTo": {"type": "raw", "value": "paid"}},"#))
        _ = try enroll(fixture, "nurture", "p", data: #"{"email": "p@example.com"}"#)
        _ = try fixture.tick(at: clock())
        #expect(try fixture.tick(at: clock(60)).examined == 0)
        try RunnerDirectory(connection: fixture.connection).update("p", merging: ["plan": "paid"])
        let summary = try fixture.tick(at: clock(120))
        #expect(summary.examined == 1 && summary.completed == 1)
        let state = try fixture.runner("p")
        #expect(state.status == .exited)
        #expect(try fixture.history("p").last?.action == .exited)
        #expect(try fixture.scalar("SELECT ended_at IS NOT NULL FROM sequencer.runners WHERE id = 'p'") == "t")
    }

    @Test func cancelBySubjectSequenceOrKey() throws {
        let fixture = try Fixture()
        try fixture.apply(sequence("a"))
        try fixture.apply(sequence("b"))
        let directory = RunnerDirectory(connection: fixture.connection)
        _ = try directory.enroll([.init(id: "x", data: [:], cancellationKey: "cart-9"), .init(id: "y", data: [:])], in: "a", now: clock())
        _ = try directory.enroll([.init(id: "x", data: [:]), .init(id: "y", data: [:], cancellationKey: "cart-9")], in: "b", now: clock())
        #expect(try fixture.scalar("SELECT sequencer.cancel_by_key('cart-9')") == "2")
        #expect(try directory.cancel("x", now: clock()) == 1)
        #expect(try directory.cancel("y", sequence: "a", now: clock()) == 1)
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners WHERE status = 'active'") == "0")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runner_history WHERE action = 'cancelled'") == "4")
    }

    /// A sequence narrows a cancellation by key as it narrows one by subject, and an unknown one
    /// is refused (migration 011; before, the key's runners in every sequence were cancelled).
    @Test func aSequenceNarrowsACancellationByKey() throws {
        let fixture = try Fixture()
        try fixture.apply(sequence("a"))
        try fixture.apply(sequence("b"))
        let directory = RunnerDirectory(connection: fixture.connection)
        for name in ["a", "b"] { _ = try directory.enroll([.init(id: "x", data: [:], cancellationKey: "cart")], in: name, now: clock()) }
        let answers = try directory.cancel(json: [["cancellationKey": "cart", "sequence": "nope"], ["cancellationKey": "cart", "sequence": "b"]],
                                           now: clock()).answers
        #expect(answers[0]["field"] == "sequence", "\(answers[0])")
        #expect(answers[1]["cancelled"] == 1, "\(answers[1])")
        #expect(try fixture.scalar("SELECT string_agg(sequence_name || ':' || status, ',' ORDER BY sequence_name) FROM sequencer.runners") == "a:active,b:cancelled")
        let created = try fixture.connection.query("SELECT a ->> 'created' FROM sequencer.update_subjects('[{\"subject\": \"n\", \"data\": {}}, {\"subject\": \"n\", \"data\": {\"k\": 1}}]') a")
        #expect(created.map { $0[0] } == ["true", "false"])
    }

    /// Two connections enrol one subject at once into a once-only sequence: exactly one wins.
    @Test func concurrentEnrollmentsOfOneSubjectAdmitOne() throws {
        let fixture = try Fixture()
        try fixture.apply(sequence("once"))
        let other = try PostgresConnection(url: fixture.url)
        try other.execute("BEGIN")
        _ = try other.query("SELECT sequencer.enroll('once', 'race')")
        let done = DispatchSemaphore(value: 0)
        let url = fixture.url
        final class Box: @unchecked Sendable { var answer = "" }
        let box = Box()
        Thread {
            box.answer = (try? PostgresConnection(url: url).query("SELECT sequencer.enroll('once', 'race')::text").first?[0]) ?? "failed"
            done.signal()
        }.start()
        // The second waits on the first transaction's lock on the subject.
        let waiting = try fixture.waitsOnALock(done)
        #expect(waiting)
        try other.execute("COMMIT")
        done.wait()
        #expect(box.answer.contains("re-entry refused"))
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners") == "1")
    }

    /// `enroll` (one subject per call, the lean path) and `enroll_batch` (the set-based path the
    /// CLI, api and SQS use) apply the same rules and answer alike.
    @Test(arguments: ["", #""reentry": "afterExit","#, #""reentry": "always","#, #""reentry": "always", "reentryAfterSeconds": 60,"#])
    func theSingleAndTheBatchPathsAnswerAlike(_ policy: String) throws {
        let fixture = try Fixture()
        try fixture.apply(sequence("p", policy))
        let directory = RunnerDirectory(connection: fixture.connection)
        var single: [String] = []
        var batch: [String] = []
        for round in 0..<3 {
            if round == 2 {
                _ = try directory.cancel("one", now: clock())
                _ = try directory.cancel("two", now: clock())
            }
            single.append(try enroll(fixture, "p", "one").jsonText.replacingOccurrences(of: "one", with: "S"))
            let answer = try directory.enroll([.init(id: "two", data: [:])], in: "p", now: clock()).answers[0]
            batch.append(answer.jsonText.replacingOccurrences(of: "two", with: "S"))
        }
        // Runner ids differ (the subject's own, then generated): compare without them.
        let strip = { (text: String) in text.replacingOccurrences(of: #""runner":"[^"]*","#, with: "", options: .regularExpression) }
        #expect(single.map(strip) == batch.map(strip))
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners WHERE subject_id = 'one'")
                == fixture.scalar("SELECT count(*) FROM sequencer.runners WHERE subject_id = 'two'"))
    }

    /// An idempotency key repeated within one `enroll_batch` call: the first item enrols, the
    /// repeat answers the same (migration 007; before, both enrolled).
    @Test func aKeyRepeatedWithinOneBatchEnrolsOnce() throws {
        let fixture = try Fixture()
        try fixture.apply(sequence("p", #""reentry": "always","#))
        let answers = try fixture.connection.query("""
            SELECT a::text FROM sequencer.enroll_batch('[
              {"sequence": "p", "subject": "a", "idempotencyKey": "k"},
              {"sequence": "p", "subject": "a", "idempotencyKey": "k"},
              {"sequence": "p", "subject": "b", "idempotencyKey": 5},
              {"sequence": "p", "subject": "b", "idempotencyKey": "k2"},
              {"sequence": "p", "subject": "c", "idempotencyKey": "k"}]') a
            """).map { try JSONValue(parsing: $0[0] ?? "") }
        #expect(answers.count == 5)
        #expect(answers[1] == answers[0] && answers[4] == answers[0], "\(answers)")
        #expect(answers[0]["enrolled"] == true)
        #expect(answers[2]["field"] == "idempotencyKey")
        #expect(answers[3]["enrolled"] == true)
        #expect(try fixture.scalar("SELECT string_agg(subject_id, ',' ORDER BY subject_id) FROM sequencer.runners") == "a,b")
        // A later call with the key answers the same again.
        let again = try fixture.scalar("""
            SELECT a::text FROM sequencer.enroll_batch('[{"sequence": "p", "subject": "a", "idempotencyKey": "k"}]') a
            """)
        #expect(try JSONValue(parsing: again ?? "") == answers[0])
    }

    /// A new subject named like another subject's generated runner id: its runner cannot take
    /// the subject's id, and gets a generated one, through both paths (migration 008's one-statement
    /// path for new subjects falls back to the full path).
    @Test func aNewSubjectWhoseIdATakenRunnerIdGetsAGeneratedRunner() throws {
        let fixture = try Fixture()
        try fixture.apply(sequence("p", #""reentry": "always","#))
        let directory = RunnerDirectory(connection: fixture.connection)
        _ = try enroll(fixture, "p", "a")
        let taken = try #require(try enroll(fixture, "p", "a")["runner"]?.stringValue)
        let takenToo = try #require(try enroll(fixture, "p", "a")["runner"]?.stringValue)
        let single = try enroll(fixture, "p", taken, data: #"{"k": 1}"#)
        let batch = try directory.enroll([.init(id: takenToo, data: ["k": 2])], in: "p", now: clock()).answers[0]
        for (subject, answer) in [(taken, single), (takenToo, batch)] {
            #expect(answer["enrolled"] == true, "\(answer)")
            let runner = try #require(answer["runner"]?.stringValue)
            #expect(runner != subject && runner.count == 36)
            #expect(try fixture.scalar("SELECT subject_id FROM sequencer.runners WHERE id = $1", [runner]) == subject)
            #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runner_history WHERE runner_id = $1 AND action = 'enrolled'",
                                       [runner]) == "1")
        }
        #expect(try fixture.scalar("SELECT data->>'k' FROM sequencer.subjects WHERE id = $1", [taken]) == "1")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners WHERE subject_id = 'a'") == "3")
    }

    /// One batch enrolling a new subject twice, and new and existing subjects together: the
    /// re-entry rules still apply (enroll_batch skips that pass only when no item can be refused).
    @Test func aBatchOfNewSubjectsStillAppliesReentryToRepeats() throws {
        let fixture = try Fixture()
        try fixture.apply(sequence("once"))
        let directory = RunnerDirectory(connection: fixture.connection)
        _ = try enroll(fixture, "once", "old")
        let answers = try directory.enroll([.init(id: "new", data: [:]), .init(id: "new", data: [:]), .init(id: "other", data: [:])],
                                           in: "once", now: clock()).answers
        #expect(answers.map { $0["enrolled"] } == [true, false, true])
        #expect(answers[1]["reason"]?.stringValue?.contains("reentry: never") == true)
        let mixed = try directory.enroll([.init(id: "fresh", data: [:]), .init(id: "old", data: [:])], in: "once", now: clock()).answers
        #expect(mixed.map { $0["enrolled"] } == [true, false])
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners") == "4")
    }

    /// The SQL batch functions refuse an item with a member they do not know, as the api and the
    /// CLI do (migration 012; before, a misspelt "idempotencykey" enrolled without a key): the item
    /// is answered with the first unknown member and has no effect, the others go on, and "command"
    /// is allowed so that the api's command objects pass as they are.
    @Test func theBatchFunctionsRefuseUnknownMembers() throws {
        let fixture = try Fixture()
        try fixture.apply(sequence("p", #""reentry": "always","#))
        func answers(_ sql: String) throws -> [JSONValue] {
            try fixture.connection.query(sql).map { try JSONValue(parsing: $0[0] ?? "") }
        }
        let enrolled = try answers("""
            SELECT a::text FROM sequencer.enroll_batch('[
              {"sequence": "p", "subject": "a", "idempotencykey": "k"},
              {"command": "enroll", "sequence": "p", "subject": "b", "idempotencyKey": "k"},
              {"sequence": "p", "subjet": "c", "zz": 1}]') a
            """)
        let allowed = "unknown field (allowed: cancellationKey, command, data, event, idempotencyKey, sequence, subject)"
        #expect(enrolled[0] == ["error": .string(allowed), "field": "idempotencykey"])
        #expect(enrolled[1]["enrolled"] == true)
        #expect(enrolled[2]["field"] == "subjet")
        #expect(try fixture.scalar("SELECT string_agg(subject_id, ',') FROM sequencer.runners") == "b")
        let updated = try answers("""
            SELECT a::text FROM sequencer.update_subjects('[{"subject": "b", "data": {"x": 1}, "dta": 2},
                                                            {"command": "update", "subject": "b", "data": {"y": 1}}]') a
            """)
        #expect(updated[0] == ["error": "unknown field (allowed: command, data, subject)", "field": "dta"])
        #expect(updated[1]["updated"] == true)
        #expect(try fixture.scalar("SELECT data::text FROM sequencer.subjects WHERE id = 'b'") == #"{"y": 1}"#)
        let cancelled = try answers("""
            SELECT a::text FROM sequencer.cancel_batch('[{"subject": "b", "sequnce": "p"}, {}]') a
            """)
        #expect(cancelled == [["error": "unknown field (allowed: cancellationKey, command, sequence, subject)", "field": "sequnce"],
                              ["error": "is required (or give cancellationKey)", "field": "subject"]])
        #expect(try fixture.scalar("SELECT status FROM sequencer.runners WHERE subject_id = 'b'") == "active")
    }

    /// `enroll` deletes a null member of `data` and keeps the string "null" (the text test that
    /// lets a patch without nulls skip the jsonpath, migration 012), and an unknown sequence leaves
    /// no subject behind (the subject's insert no longer waits for the sequence's lookup).
    @Test func enrollDeletesNullMembersAndLeavesNothingForAnUnknownSequence() throws {
        let fixture = try Fixture()
        try fixture.apply(sequence("p"))
        _ = try enroll(fixture, "p", "n", data: #"{"a": null, "b": "null", "c": 1}"#)
        #expect(try fixture.scalar("SELECT data::text FROM sequencer.subjects WHERE id = 'n'") == #"{"b": "null", "c": 1}"#)
        #expect(throws: (any Error).self) { try enroll(fixture, "nope", "ghost") }
        // A JSON null data or event reads as {}, as enroll_batch reads a null member (it broke the row rules).
        #expect(try enroll(fixture, "p", "jn", data: "null", event: "null")["enrolled"] == true)
        #expect(try fixture.scalar("SELECT s.data::text || r.event::text FROM sequencer.subjects s JOIN sequencer.runners r ON r.subject_id = s.id WHERE s.id = 'jn'")
                == "{}{}")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.subjects WHERE id = 'ghost'") == "0")
    }

    /// The row rules hold for writes that bypass the entry points (migration 008 keeps them as one
    /// CHECK constraint per table): PostgreSQL's check_violation, nothing written.
    @Test(arguments: [
        "INSERT INTO sequencer.subjects (id) VALUES ('')",
        "INSERT INTO sequencer.subjects (id, data) VALUES ('s', '[]')",
        "UPDATE sequencer.runners SET status = 'paused'",
        "UPDATE sequencer.runners SET cancellation_key = repeat('k', 201)",
        "UPDATE sequencer.runners SET event = '3'",
        "INSERT INTO sequencer.idempotency_keys (key, answer) VALUES ('', 'null')",
    ])
    func theRowRulesHoldForPlainSQL(_ sql: String) throws {
        let fixture = try Fixture()
        try fixture.apply(sequence("once"))
        _ = try enroll(fixture, "once", "a")
        #expect {
            try fixture.connection.execute(sql)
        } throws: { error in
            guard let error = error as? PostgresError, case .server("23514") = error.code else { return false }
            return true
        }
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.subjects") == "1")
        #expect(try fixture.scalar("SELECT status || coalesce(cancellation_key, '-') || event::text FROM sequencer.runners") == "active-{}")
    }

    /// The identifier rule has one wording in Swift (`IdentifierRule`, the CLI's early check) and
    /// SQL (`sequencer.text_problem`, every entry point; migration 008): they agree id by id.
    @Test func theSwiftAndTheSQLIdentifierRulesAgree() throws {
        let fixture = try Fixture()
        let ids = ["u-1", "Ann Smith", "", " ", " \t", "a\nb", "\tlead", "trail ", "x\u{7F}", "x\u{9F}y", "é", "a\u{2028}b",
                   "\u{00A0}nb", "ok\u{3000}", "\u{85}", "in\u{2009}side", String(repeating: "x", count: 200),
                   String(repeating: "é", count: 201), "😀"]
        for id in ids {
            let sql = try fixture.scalar("SELECT sequencer.text_problem($1, true)", [id])
            #expect(sql == IdentifierRule.problem(id), "\(id.debugDescription)")
        }
        // The batch path's quick check lets none of them through either.
        try fixture.apply(sequence("p", #""reentry": "always","#))
        let items = JSONValue.array(ids.map { ["sequence": "p", "subject": .string($0)] })
        let answers = try fixture.connection.query("SELECT a::text FROM sequencer.enroll_batch($1::jsonb) a", [items.jsonText])
            .map { try JSONValue(parsing: $0[0] ?? "") }
        for (id, answer) in zip(ids, answers) {
            #expect(answer["error"]?.stringValue == IdentifierRule.problem(id), "\(id.debugDescription): \(answer)")
        }
    }
}
