import Foundation
import SequencerCore
import SequencerEngine
import SequencerTestSupport
import Testing

/// `config.example.json` is a working configuration.
struct ConfigurationExampleTests {
    @Test func theExampleLoadsWithItsSecretDecrypted() throws {
        let path = TestPostgres.repositoryRoot.appendingPathComponent("config.example.json").path
        nonisolated(unsafe) var seen: [String: String] = [:]
        let configuration = try Configuration.load(path: path, environment: [:]) { blob, context in
            seen = context
            #expect(!blob.isEmpty)
            return Data(TestSecrets.databasePassword.utf8)
        }
        #expect(seen == ["purpose": "database"])
        // sslrootcert is relative to the configuration's folder.
        let bundle = TestPostgres.repositoryRoot.appendingPathComponent("global-bundle.pem").path
            .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        #expect(configuration.databaseURL == "postgresql://sequencer:pg%2DTest%2DSecret%207x%24%20w%C3%B6rd@db.internal.example.com:5432/sequencer?sslmode=verify%2Dfull&sslrootcert=\(bundle)")
        #expect(configuration.allows("arn:aws:lambda:us-west-2:123456789012:function:sequencer-custom-score"))
        #expect(!configuration.allows("arn:aws:lambda:us-west-2:123456789012:function:other"))
        #expect(configuration.tick.batchSize == 1_000)
        #expect(configuration.tick.workers == 2)
        #expect(configuration.definitionLimits == DefinitionLimits(bytes: 1_048_576, steps: 500))
        #expect(configuration.tick.messageLimits == MessageLimits(emailPartBytes: 262_144, smsCharacters: 1_600))
        #expect(configuration.historyPerRunner == 1_000)
    }

    @Test func workersOutOfRangeAreRefusedByName() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("workers-\(UUID().uuidString).json").path
        try #"{"tick": {"workers": 0}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        do {
            _ = try Configuration.load(path: path, environment: ["DATABASE_URL": "postgresql:///x"]) { _, _ in Data() }
            Issue.record("workers 0 was accepted")
        } catch {
            #expect("\(error)".contains("/tick/workers"))
        }
    }

    @Test func databaseURLReplacesTheDatabaseSectionWithoutDecryptingIt() throws {
        let path = TestPostgres.repositoryRoot.appendingPathComponent("config.example.json").path
        let configuration = try Configuration.load(path: path, environment: ["DATABASE_URL": "postgresql:///local"]) { _, _ in
            Issue.record("the password was decrypted although DATABASE_URL replaces it")
            return Data()
        }
        #expect(configuration.databaseURL == "postgresql:///local")
    }
}
