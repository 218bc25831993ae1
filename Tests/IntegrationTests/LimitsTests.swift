import Foundation
import SequencerCore
import SequencerEngine
import SequencerKit
import SequencerStore
import SequencerTestSupport
import Testing

/// The size limits of the SQL entry points (`sequencer.settings` subjectDataMaxBytes, eventMaxBytes):
/// refused with SQLSTATE 22023 naming the field, or `{"error", "field"}` in batch answers, before
/// anything is written (issue 15.4).
@Suite struct LimitsTests {
    let goal = """
        {"name": "g", "steps": [
          {"key": "wait", "runner": "Goal", "config": {"lodashCommand": "eq", "value": {"type": "get", "value": "data.done"}, "compareTo": {"type": "raw", "value": true}}, "next": "end"},
          {"key": "end", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
        """

    /// A JSON object whose text is `{"big": "xxx…"}`, `bytes` long.
    func object(bytes: Int, key: String = "big") -> String {
        let overhead = #"{"": ""}"#.utf8.count + key.utf8.count
        return #"{"\#(key)": "\#(String(repeating: "x", count: bytes - overhead))"}"#
    }

    /// Rows of the tables an enrolment writes, to show nothing was written.
    func written(_ fixture: Fixture) throws -> [String?] {
        try ["subjects", "runners", "runner_history", "idempotency_keys"].map {
            try fixture.scalar("SELECT count(*) FROM sequencer.\($0)")
        }
    }

    func refusal(_ body: () throws -> Void) -> PostgresError? {
        do {
            try body()
            return nil
        } catch let error as PostgresError {
            return error
        } catch {
            return nil
        }
    }

    @Test func enrollRefusesOversizedDataAndEventWith22023BeforeWritingAnything() throws {
        let fixture = try Fixture()
        try fixture.apply(goal)
        #expect(object(bytes: 262_144).utf8.count == 262_144)
        let before = try written(fixture)
        let call = "SELECT sequencer.enroll('g', 'u-1', $1::jsonb, $2::jsonb, idempotency_key => 'k-1')"
        let data = refusal { try fixture.connection.query(call, [object(bytes: 262_145), "{}"]) }
        #expect(data?.code == .server(sqlState: "22023"))
        #expect(data?.message == "data: must be at most 262144 bytes as JSON text (it has 262145; the limit is sequencer.settings subjectDataMaxBytes)")
        let event = refusal { try fixture.connection.query(call, ["{}", object(bytes: 65_537)]) }
        #expect(event?.code == .server(sqlState: "22023"))
        #expect(event?.message == "event: must be at most 65536 bytes as JSON text (it has 65537; the limit is sequencer.settings eventMaxBytes)")
        #expect(try written(fixture) == before)
        // At the limits exactly, it enrols.
        try fixture.connection.query(call, [object(bytes: 262_144), object(bytes: 65_536)])
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.runners") == "1")
    }

    @Test func batchesAnswerTheFieldForOversizedItemsAndRunTheOthers() throws {
        let fixture = try Fixture()
        try fixture.apply(goal)
        let directory = RunnerDirectory(connection: fixture.connection)
        let items: [JSONValue] = [
            ["sequence": "g", "subject": "big-data", "data": try JSONValue(parsing: object(bytes: 300_000))],
            ["sequence": "g", "subject": "big-event", "event": try JSONValue(parsing: object(bytes: 70_000)), "idempotencyKey": "k"],
            ["sequence": "g", "subject": "fine"],
        ]
        let answers = try directory.enroll(json: items, now: clock())
        #expect(answers.invalid.map(\.field) == ["data", "event"])
        #expect(answers.invalid.first?.reason == "must be at most 262144 bytes as JSON text (it has 300000; the limit is sequencer.settings subjectDataMaxBytes)")
        #expect(answers.enrolled.map(\.subject) == ["fine"])
        #expect(try fixture.scalar("SELECT string_agg(id, ',') FROM sequencer.subjects") == "fine")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.idempotency_keys") == "0")

        let updates = try directory.update(json: [["subject": "fine", "data": try JSONValue(parsing: object(bytes: 262_145))],
                                                  ["subject": "fine", "data": ["plan": "paid"]]])
        #expect(updates.invalid.map(\.field) == ["data"])
        #expect(try directory.subjectData("fine") == ["plan": "paid"])
        let single = refusal { try fixture.connection.query("SELECT sequencer.update_subject('fine', $1::jsonb)", [object(bytes: 262_145)]) }
        #expect(single?.code == .server(sqlState: "22023"))
        #expect(single?.message.hasPrefix("data: must be at most 262144 bytes") == true)
    }

    @Test func theLimitsAreSettingsRows() throws {
        let fixture = try Fixture()
        try fixture.apply(goal)
        #expect(try fixture.scalar("SELECT value::text FROM sequencer.settings WHERE name = 'eventMaxBytes'") == "65536")
        try fixture.connection.execute("UPDATE sequencer.settings SET value = '1024' WHERE name IN ('subjectDataMaxBytes', 'eventMaxBytes')")
        let answers = try RunnerDirectory(connection: fixture.connection).enroll(json: [
            ["sequence": "g", "subject": "a", "data": try JSONValue(parsing: object(bytes: 1_025))],
            ["sequence": "g", "subject": "b", "data": try JSONValue(parsing: object(bytes: 1_024))],
        ], now: clock())
        #expect(answers.invalid.first?.reason == "must be at most 1024 bytes as JSON text (it has 1025; the limit is sequencer.settings subjectDataMaxBytes)")
        #expect(answers.enrolled.map(\.subject) == ["b"])
        let single = refusal { try fixture.connection.query("SELECT sequencer.enroll('g', 'c', event => $1::jsonb)", [object(bytes: 1_025)]) }
        #expect(single?.message == "event: must be at most 1024 bytes as JSON text (it has 1025; the limit is sequencer.settings eventMaxBytes)")
        let grown = refusal { try fixture.connection.query("SELECT sequencer.update_subject('b', $1::jsonb)", [object(bytes: 100, key: "more")]) }
        #expect(grown?.message.hasPrefix("data: subject \"b\" would hold 1124 bytes") == true)
        // Below 1,024 bytes (sequencer.size_floor()) values pass without a look at the limits, so no limit may be set there.
        for value in ["1023", "1500.5", "\"big\""] {
            let refused = refusal { try fixture.connection.query("UPDATE sequencer.settings SET value = $1::jsonb WHERE name = 'eventMaxBytes'", [value]) }
            #expect(refused?.code == .server(sqlState: "23514"), "\(value)")
        }
    }

    @Test func dataMayNotGrowPastTheLimitThroughSeveralUpdates() throws {
        let fixture = try Fixture()
        try fixture.apply(goal)
        let directory = RunnerDirectory(connection: fixture.connection)
        _ = try directory.enroll(json: [["sequence": "g", "subject": "u", "data": try JSONValue(parsing: object(bytes: 200_000, key: "a"))]],
                             now: clock())
        let grown = refusal { _ = try directory.update(json: [["subject": "u", "data": try JSONValue(parsing: object(bytes: 100_000, key: "b"))]]) }
        #expect(grown?.code == .server(sqlState: "22023"))
        #expect(grown?.message == "data: subject \"u\" would hold 300000 bytes of data (JSON text) after this change, more than the limit of 262144 (sequencer.settings subjectDataMaxBytes)")
        let viaEnroll = refusal {
            try fixture.connection.query("SELECT sequencer.enroll('g', 'u', $1::jsonb)", [object(bytes: 100_000, key: "b")])
        }
        #expect(viaEnroll?.message.hasPrefix("data: subject \"u\" would hold 300000 bytes") == true)
        #expect(try fixture.scalar("SELECT octet_length(data::text) FROM sequencer.subjects WHERE id = 'u'") == "200000")
    }

    /// A new subject's patches within one call are checked together (migration 010 writes a new
    /// subject's only patch unchecked, its caller having checked it): two patches of 200,000
    /// bytes each fail the whole call, through the update and the enrolment batch alike.
    @Test func aNewSubjectsPatchesInOneCallAreCheckedTogether() throws {
        let fixture = try Fixture()
        try fixture.apply(goal)
        let directory = RunnerDirectory(connection: fixture.connection)
        let first = try JSONValue(parsing: object(bytes: 200_000, key: "a")), second = try JSONValue(parsing: object(bytes: 200_000, key: "b"))
        let updated = refusal { _ = try directory.update(json: [["subject": "n", "data": first], ["subject": "n", "data": second]]) }
        #expect(updated?.code == .server(sqlState: "22023"))
        #expect(updated?.message.hasPrefix("data: subject \"n\" would hold 400") == true, "\(String(describing: updated))")
        let enrolled = refusal {
            _ = try directory.enroll(json: [["sequence": "g", "subject": "m", "data": first], ["sequence": "g", "subject": "m", "data": second]],
                                     now: clock())
        }
        #expect(enrolled?.message.hasPrefix("data: subject \"m\" would hold 400") == true, "\(String(describing: enrolled))")
        #expect(try fixture.scalar("SELECT count(*) FROM sequencer.subjects") == "0")
    }

    /// Data over the limit written by plain SQL is read by the tick like any other (nothing in the
    /// tick checks sizes); through the entry points it can shrink, not grow.
    @Test func dataAlreadyOverTheLimitNeitherBlocksTheTickNorGrows() throws {
        let fixture = try Fixture()
        try fixture.apply(goal)
        let directory = RunnerDirectory(connection: fixture.connection)
        _ = try directory.enroll(json: [["sequence": "g", "subject": "huge"], ["sequence": "g", "subject": "small"]], now: clock())
        try fixture.connection.query("UPDATE sequencer.subjects SET data = $1::jsonb WHERE id = 'huge'", [object(bytes: 1_048_576)])
        try fixture.connection.query("UPDATE sequencer.subjects SET data = data || '{\"done\": true}'")

        let summary = try fixture.tick(at: clock())
        #expect(summary.moved == 2)
        #expect(try fixture.runner("huge").step == "end")

        let grow = refusal { try directory.update("huge", merging: ["more": 1]) }
        #expect(grow?.code == .server(sqlState: "22023"))
        try directory.update("huge", merging: ["big": .null])
        #expect(try directory.subjectData("huge") == ["done": true])
    }

    @Test func theAPIAnswersThePointerOfTheOversizedField() throws {
        let fixture = try Fixture()
        try fixture.apply(goal)
        let request: JSONValue = ["commands": [
            ["command": "enroll", "sequence": "g", "subject": "u", "event": try JSONValue(parsing: object(bytes: 65_537))],
            ["command": "enroll", "sequence": "g", "subject": "v"],
        ]]
        let results = EntryPoints(connection: fixture.connection).run(request, now: clock())
        #expect(results.first?.json["pointer"] == "/commands/0/event")
        #expect(results.first?.json["error"]?.stringValue?.hasPrefix("must be at most 65536 bytes") == true)
        #expect(results.last?.json["ok"] == true)
    }
}
