#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

/// Sequencer's settings, read once at start-up from a JSON file in `config.example.json`'s
/// format (`--config FILE` or `SEQUENCER_CONFIG`) and the environment, over embedded defaults
/// that run locally with no file at all.
public struct Configuration: Sendable {
    /// libpq connection URI. Default: the local cluster `scripts/local-db` runs in `./.local/pg`.
    public var databaseURL: String
    public var tick: TickConfiguration
    /// `outbox` (default) or `ses`.
    public var emailProvider: Provider
    /// `outbox` (default) or `sns`.
    public var smsProvider: Provider
    /// Messages (email and SMS) per second a tick may send, to stay within SES/SNS quotas; 0 = no limit.
    public var messagesPerSecond: Double = 0
    /// Lambda function ARNs or names (a trailing `*` matches a prefix) that sequences may name as task runners.
    public var allowedFunctions: [String]
    /// How large a definition `sequences apply` accepts (`limits.definitionBytes`, `limits.definitionSteps`).
    public var definitionLimits = DefinitionLimits()
    /// History lines `sequencer prune` keeps per runner, newest first (`limits.historyPerRunner`,
    /// default 1,000); 0 = no cap.
    public var historyPerRunner = 1_000
    /// Per-subject message limits across every sequence (`frequencyCaps`: `[{"channel": "email"
    /// | "sms", "max": N, "perSeconds": S}]`); none by default.
    public var frequencyCaps = FrequencyCaps()

    /// The defaults: local database, outbox providers, no custom runners.
    public static func defaults(currentDirectory: String = FileManager.default.currentDirectoryPath) -> Configuration {
        Configuration(databaseURL: "postgresql://sequencer@/sequencer?host=\(currentDirectory)/.local/pg",
                      tick: TickConfiguration(), emailProvider: .outbox, smsProvider: .outbox, allowedFunctions: [])
    }

    /// Whether `arn` is in ``allowedFunctions``.
    public func allows(_ arn: String) -> Bool {
        allowedFunctions.contains { pattern in
            pattern.hasSuffix("*") ? arn.hasPrefix(pattern.dropLast()) : arn == pattern
        }
    }

    /// Decrypts a KMS ciphertext blob with its encryption context (KMS `Decrypt`).
    public typealias SecretDecrypter = (_ ciphertext: Data, _ context: [String: String]) throws -> Data

    /// Reads the file named by `path` (or by `SEQUENCER_CONFIG`; none: defaults), then applies
    /// `DATABASE_URL`, `SEQUENCER_EMAIL_PROVIDER` and `SEQUENCER_SMS_PROVIDER` from `environment`.
    /// Values written `{"kms": "<base64 ciphertext>", "context"?: {...}}` are decrypted with
    /// `decrypt`, once, here; their plaintext is never logged or put in an error.
    /// - Throws: `ConfigurationError` naming the file and JSON pointer of a bad value, or the
    ///   KMS error (service, status, code, message) when decryption fails.
    public static func load(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                            decrypt: SecretDecrypter? = nil) throws(ConfigurationError) -> Configuration {
        var configuration = defaults()
        if let path = path ?? environment["SEQUENCER_CONFIG"], !path.isEmpty {
            let json: JSONValue
            do {
                json = try JSONValue(parsing: try InputFile.contents(of: path))
            } catch let error as JSONTextError {
                throw ConfigurationError(file: path, pointer: "", reason: error.description)
            } catch let error as InputFileError {
                throw ConfigurationError(file: path, pointer: "", reason: error.reason)
            } catch {
                throw ConfigurationError(file: path, pointer: "", reason: "cannot read it: \(error)")
            }
            // DATABASE_URL replaces the database section, which is then not read (nor decrypted).
            let databaseFromEnvironment = !(environment["DATABASE_URL"] ?? "").isEmpty
            try configuration.apply(json, file: path, decrypt: decrypt, readDatabase: !databaseFromEnvironment)
        }
        if let url = environment["DATABASE_URL"], !url.isEmpty { configuration.databaseURL = url }
        for channel in Channel.allCases {
            let variable = "SEQUENCER_\(channel.rawValue.uppercased())_PROVIDER"
            guard let name = environment[variable], !name.isEmpty else { continue }
            guard let provider = Self.provider(named: name, for: channel) else {
                throw ConfigurationError(file: "environment", pointer: "", reason: "\(variable): \(Self.unavailable(name, for: channel))")
            }
            configuration.setProvider(provider, for: channel)
        }
        return configuration
    }

    /// Providers this build can send through, per channel.
    public static let availableProviders: [Channel: [Provider]] = [.email: [.outbox, .ses], .sms: [.outbox, .sns]]

    /// The provider of `channel` named `name`, if this build has it.
    static func provider(named name: String, for channel: Channel) -> Provider? {
        availableProviders[channel]?.first { $0.rawValue == name }
    }

    static func unavailable(_ name: String, for channel: Channel) -> String {
        let names = (availableProviders[channel] ?? []).map(\.rawValue).joined(separator: ", ")
        return "\"\(name)\" is not an available \(channel.rawValue) provider (available: \(names))"
    }

    mutating func setProvider(_ provider: Provider, for channel: Channel) {
        switch channel {
        case .email: emailProvider = provider
        case .sms: smsProvider = provider
        }
    }
}

/// A configuration value that cannot be used. Names the file and JSON pointer; never the value
/// of a secret.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var pointer: String
    public var reason: String
    public var description: String { "\(file)\(pointer.isEmpty ? "" : " at \(pointer)"): \(reason)" }
}
