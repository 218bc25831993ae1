import Foundation
import SequencerCore
import SequencerEngine
import SequencerTestSupport
import Testing

/// The configuration's `limits` section and `database.sslrootcert`, and the tick applying the
/// message limits (issue 15.4, 15.6).
struct ConfigurationLimitsTests {
    func load(_ text: String) throws -> Configuration {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("config.json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try Configuration.load(path: path, environment: [:])
    }

    func problem(_ text: String) -> String {
        do {
            _ = try load(text)
            return "accepted"
        } catch let error as ConfigurationError {
            return error.pointer + ": " + error.reason
        } catch {
            return "\(error)"
        }
    }

    @Test func frequencyCapsAreReadAndBadOnesNamed() throws {
        #expect(try load("{}").frequencyCaps == FrequencyCaps())
        let caps = try load(#"{"frequencyCaps": [{"channel": "email", "max": 2, "perSeconds": 86400}, {"channel": "sms", "max": 1, "perSeconds": 3600}]}"#)
        #expect(caps.frequencyCaps.caps == [FrequencyCap(channel: .email, max: 2, perSeconds: 86_400),
                                           FrequencyCap(channel: .sms, max: 1, perSeconds: 3_600)])
        #expect(problem(#"{"frequencyCaps": {"channel": "email"}}"#) == "/frequencyCaps: must be an array, not object")
        #expect(problem(#"{"frequencyCaps": [{"channel": "push", "max": 1, "perSeconds": 60}]}"#)
            == #"/frequencyCaps/0/channel: "push" is not a channel (expected one of email, sms)"#)
        #expect(problem(#"{"frequencyCaps": [{"channel": "sms", "max": 1, "perSeconds": 60}, {"channel": "email", "max": 0, "perSeconds": 60}]}"#)
            == "/frequencyCaps/1/max: must be a whole number from 1 to 1000000")
        #expect(problem(#"{"frequencyCaps": [{"channel": "email", "max": 1}]}"#) == "/frequencyCaps/0/perSeconds: is required")
        #expect(problem(#"{"frequencyCaps": [{"channel": "email", "max": 1, "perSeconds": 60, "per": "day"}]}"#)
            == "/frequencyCaps/0/per: unknown field (allowed: channel, max, perSeconds)")
        #expect(problem(#"{"frequencyCaps": [3]}"#) == "/frequencyCaps/0: must be a JSON object, not number")
    }

    @Test func limitsAreReadWithDefaultsAndRanges() throws {
        let defaults = try load("{}")
        #expect(defaults.definitionLimits == DefinitionLimits(bytes: 1_048_576, steps: 500))
        #expect(defaults.tick.messageLimits == MessageLimits(emailPartBytes: 262_144, smsCharacters: 1_600))
        #expect(defaults.historyPerRunner == 1_000)
        let set = try load(#"{"limits": {"definitionBytes": 2048, "definitionSteps": 10, "emailPartBytes": 1000, "smsCharacters": 160, "historyPerRunner": 0}}"#)
        #expect(set.definitionLimits == DefinitionLimits(bytes: 2_048, steps: 10))
        #expect(set.tick.messageLimits == MessageLimits(emailPartBytes: 1_000, smsCharacters: 160))
        #expect(set.historyPerRunner == 0)
        #expect(problem(#"{"limits": {"smsCharacters": 1601}}"#) == "/limits/smsCharacters: must be a whole number from 1 to 1600")
        #expect(problem(#"{"limits": {"emailPartBytes": 0}}"#) == "/limits/emailPartBytes: must be a whole number from 1 to 41943040")
        #expect(problem(#"{"limits": {"historyLines": 5}}"#).hasPrefix("/limits/historyLines: unknown field"))
    }

    @Test func sslrootcertIsRelativeToTheConfigurationFile() throws {
        let relative = try load(#"{"database": {"host": "db.example.com", "sslmode": "verify-full", "sslrootcert": "certs/global-bundle.pem"}}"#)
        #expect(relative.databaseURL.hasPrefix("postgresql://sequencer@db.example.com:5432/sequencer?sslmode=verify%2Dfull&sslrootcert=%2F"))
        #expect(relative.databaseURL.hasSuffix("%2Fcerts%2Fglobal%2Dbundle%2Epem"))
        let absolute = try load(#"{"database": {"host": "db", "sslrootcert": "/opt/rds.pem"}}"#)
        #expect(absolute.databaseURL == "postgresql://sequencer@db:5432/sequencer?sslrootcert=%2Fopt%2Frds%2Epem")
        #expect(problem(#"{"database": {"host": "db", "sslrootcert": ""}}"#) == "/database/sslrootcert: must be the path of a PEM file of CA certificates, not empty")
    }

    @Test func theTickRefusesAnOversizedRenderedMessageAsAFailedAttempt() throws {
        let fixture = EngineFixture()
        try fixture.apply("""
            {"name": "sms", "steps": [
              {"key": "text", "runner": "SMS", "config": {"to": "+14155550100", "message": "{{data.text}}"}, "next": "wait"},
              {"key": "wait", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}}]}
            """)
        try fixture.database.enroll(["long", "short"], in: "sms", now: instant())
        fixture.database.update("long", merging: ["text": .string(String(repeating: "a", count: 161))])
        fixture.database.update("short", merging: ["text": "hello"])
        var configuration = TickConfiguration()
        configuration.messageLimits.smsCharacters = 160

        let summary = try fixture.tick(at: instant(), configuration)

        #expect(summary.errors == 1)
        let long = try #require(fixture.database.runner("long"))
        #expect(long.step == "text" && long.attempts == 1)
        #expect(long.lastError == "config.message: is 161 characters (2 segments) after rendering, more than the limit of 160 (limits.smsCharacters)")
        #expect(fixture.database.runner("short")?.step == "wait")
        #expect(fixture.database.deliveries.map(\.runnerID) == ["short"])
    }
}
