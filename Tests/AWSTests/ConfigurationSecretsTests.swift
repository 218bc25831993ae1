import AWS
import Foundation
import SequencerEngine
import SequencerTestSupport
import Testing

/// `{"kms": …}` configuration values and `sequencer encrypt`, against moto.
@Suite struct ConfigurationSecretsTests {
    let moto: MotoServer.Instance

    init() throws {
        moto = try MotoServer.shared.get()
    }

    func newKey() throws -> String {
        let client = try AWSClient(environment: try AWSEnvironment(environment: moto.environment))
        let answer = try client.callJSON(.kms, target: "TrentService.CreateKey", [:])
        return try #require((answer["KeyMetadata"] as? [String: Any])?["KeyId"] as? String)
    }

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs the real `sequencer encrypt` with the secret on standard input.
    func encryptWithCLI(_ secret: String, key: String, context: String) throws -> String {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sequencer").path
        let result = try ChildProcess.run(FileManager.default.isExecutableFile(atPath: binary) ? binary
                                            : TestPostgres.repositoryRoot.appendingPathComponent(".build/debug/sequencer").path,
                                          ["encrypt", "--key", key, "--context", context], input: secret + "\n",
                                          environment: moto.environment)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardOutput.contains(secret))
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func encryptedPasswordsAreDecryptedAtLoad() throws {
        let value = try encryptWithCLI(TestSecrets.databasePassword, key: try newKey(), context: "purpose=database")
        let path = try write(#"{"database": {"host": "db.example.com", "user": "app", "password": \#(value)}}"#)
        let configuration = try Configuration.load(path: path, environment: [:], decrypt: KMS.lazyDecrypter(environment: moto.environment))
        #expect(configuration.databaseURL == "postgresql://app:pg%2DTest%2DSecret%207x%24%20w%C3%B6rd@db.example.com:5432/sequencer")
    }

    @Test func aKMSFailureNamesTheFieldAndTheKMSErrorButNotTheSecret() throws {
        let value = try encryptWithCLI(TestSecrets.kmsTamperedPlaintext, key: try newKey(), context: "purpose=database")
        let tampered = value.replacingOccurrences(of: "database", with: "other")
        let path = try write(#"{"database": {"host": "db", "password": \#(tampered)}}"#)
        #expect {
            _ = try Configuration.load(path: path, environment: [:], decrypt: KMS.lazyDecrypter(environment: moto.environment))
        } throws: { error in
            let text = "\(error)"
            return text.contains("/database/password") && text.contains("KMS 400 InvalidCiphertextException") && !text.contains(TestSecrets.kmsTamperedPlaintext)
        }
    }

    @Test func withoutAWSAccessTheErrorSaysSo() throws {
        let path = try write(#"{"database": {"host": "db", "password": {"kms": "AQID"}}}"#)
        #expect {
            _ = try Configuration.load(path: path, environment: [:], decrypt: KMS.lazyDecrypter(environment: [:]))
        } throws: { error in
            "\(error)".contains("AWS_ACCESS_KEY_ID is not set")
        }
    }
}
