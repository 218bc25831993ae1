import Foundation
import SequencerCore

/// Sequencer's settings, read once at start-up from a JSON file in `config.example.json`'s
/// format (`--config FILE` or `SEQUENCER_CONFIG`) and the environment, over embedded defaults
/// that run locally with no file at all.
public struct Configuration: Sendable {
    /// libpq connection URI. Default: the local cluster `scripts/local-db` runs in `./.local/pg`.
    public var databaseURL: String
    public var tick: TickConfiguration
    /// `outbox` (default) or a real provider (later: `ses`).
    public var emailProvider: String
    /// `outbox` (default) or a real provider (later: `sns`).
    public var smsProvider: String
    /// Messages (email and SMS) per second a tick may send, to stay within SES/SNS quotas; 0 = no limit.
    public var messagesPerSecond: Double = 0
    /// Lambda function ARNs or names (a trailing `*` matches a prefix) that sequences may name as task runners.
    public var allowedFunctions: [String]

    /// The defaults: local database, outbox providers, no custom runners.
    public static func defaults(currentDirectory: String = FileManager.default.currentDirectoryPath) -> Configuration {
        Configuration(databaseURL: "postgresql://sequencer@/sequencer?host=\(currentDirectory)/.local/pg",
                      tick: TickConfiguration(), emailProvider: "outbox", smsProvider: "outbox", allowedFunctions: [])
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
                json = try JSONValue(parsing: try Data(contentsOf: URL(fileURLWithPath: path)))
            } catch let error as JSONTextError {
                throw ConfigurationError(file: path, pointer: "", reason: error.description)
            } catch {
                throw ConfigurationError(file: path, pointer: "", reason: "cannot read it: \(error.localizedDescription)")
            }
            // DATABASE_URL replaces the database section, which is then not read (nor decrypted).
            let databaseFromEnvironment = !(environment["DATABASE_URL"] ?? "").isEmpty
            try configuration.apply(json, file: path, decrypt: decrypt, readDatabase: !databaseFromEnvironment)
        }
        if let url = environment["DATABASE_URL"], !url.isEmpty { configuration.databaseURL = url }
        for (variable, channel) in [("SEQUENCER_EMAIL_PROVIDER", "email"), ("SEQUENCER_SMS_PROVIDER", "sms")] {
            guard let provider = environment[variable], !provider.isEmpty else { continue }
            try checkProvider(provider, channel: channel) { reason throws(ConfigurationError) in
                throw ConfigurationError(file: "environment", pointer: "", reason: "\(variable): \(reason)")
            }
            if channel == "email" { configuration.emailProvider = provider } else { configuration.smsProvider = provider }
        }
        return configuration
    }

    /// Providers this build can send through, per channel.
    public static let availableProviders: [String: [String]] = ["email": ["outbox", "ses"], "sms": ["outbox", "sns"]]

    static func checkProvider(_ provider: String, channel: String,
                              fail: (String) throws(ConfigurationError) -> Void) throws(ConfigurationError) {
        let available = availableProviders[channel] ?? []
        if !available.contains(provider) {
            try fail("\"\(provider)\" is not an available \(channel) provider (available: \(available.joined(separator: ", ")))")
        }
    }

    mutating func apply(_ json: JSONValue, file: String, decrypt: SecretDecrypter? = nil,
                        readDatabase: Bool = true) throws(ConfigurationError) {
        let reader = ConfigurationReader(file: file, decrypt: decrypt)
        guard let root = json.objectValue else { throw reader.error("", "must be a JSON object") }
        try reader.onlyKnown(root, ["$comment", "database", "tick", "email", "sms", "lambda"], at: "")
        if readDatabase, let database = try reader.object(root, "database", at: "") {
            try reader.onlyKnown(database, ["url", "host", "port", "name", "user", "password", "sslmode"], at: "/database")
            if let url = try reader.string(database, "url", at: "/database") {
                databaseURL = url
            } else if database["host"] != nil || database["name"] != nil {
                databaseURL = try reader.databaseURL(database)
            }
        }
        if let tickSettings = try reader.object(root, "tick", at: "") {
            try reader.onlyKnown(tickSettings, ["batchSize", "maxStepsPerRunner", "leaseSeconds", "maxAttempts", "retryBaseSeconds", "retryMaxSeconds", "safetyMarginSeconds", "messagesPerSecond", "workers"], at: "/tick")
            messagesPerSecond = try reader.seconds(tickSettings, "messagesPerSecond", at: "/tick", in: 0...100_000) ?? messagesPerSecond
            tick.batchSize = try reader.integer(tickSettings, "batchSize", at: "/tick", in: 1...100_000) ?? tick.batchSize
            tick.maxStepsPerRunner = try reader.integer(tickSettings, "maxStepsPerRunner", at: "/tick", in: 1...10_000) ?? tick.maxStepsPerRunner
            tick.workers = try reader.integer(tickSettings, "workers", at: "/tick", in: 1...16) ?? tick.workers
            tick.leaseSeconds = try reader.seconds(tickSettings, "leaseSeconds", at: "/tick", in: 1...86_400) ?? tick.leaseSeconds
            tick.retry.maxAttempts = try reader.integer(tickSettings, "maxAttempts", at: "/tick", in: 1...1_000) ?? tick.retry.maxAttempts
            tick.retry.baseDelay = try reader.seconds(tickSettings, "retryBaseSeconds", at: "/tick", in: 0.001...31_536_000) ?? tick.retry.baseDelay
            tick.retry.maxDelay = try reader.seconds(tickSettings, "retryMaxSeconds", at: "/tick", in: 0.001...31_536_000) ?? tick.retry.maxDelay
            tick.safetyMarginSeconds = try reader.seconds(tickSettings, "safetyMarginSeconds", at: "/tick", in: 0...900) ?? tick.safetyMarginSeconds
            if tick.retry.maxDelay < tick.retry.baseDelay {
                throw reader.error("/tick/retryMaxSeconds", "must be at least retryBaseSeconds (\(tick.retry.baseDelay))")
            }
        }
        for channel in ["email", "sms"] {
            if let settings = try reader.object(root, channel, at: "") {
                try reader.onlyKnown(settings, ["provider"], at: "/\(channel)")
                if let provider = try reader.string(settings, "provider", at: "/\(channel)") {
                    try Self.checkProvider(provider, channel: channel) { reason throws(ConfigurationError) in
                        throw reader.error("/\(channel)/provider", reason)
                    }
                    if channel == "email" { emailProvider = provider } else { smsProvider = provider }
                }
            }
        }
        if let lambda = try reader.object(root, "lambda", at: "") {
            try reader.onlyKnown(lambda, ["allowedFunctions", "maxConcurrentInvocations", "invocationAttempts"], at: "/lambda")
            tick.maxConcurrentInvocations = try reader.integer(lambda, "maxConcurrentInvocations", at: "/lambda", in: 1...64) ?? tick.maxConcurrentInvocations
            tick.invocationAttempts = try reader.integer(lambda, "invocationAttempts", at: "/lambda", in: 1...10) ?? tick.invocationAttempts
            if case .array(let entries)? = lambda["allowedFunctions"] {
                allowedFunctions = try entries.enumerated().map { index, entry throws(ConfigurationError) in
                    guard let text = entry.stringValue else { throw reader.error("/lambda/allowedFunctions/\(index)", "must be a string") }
                    return text
                }
            } else if lambda["allowedFunctions"] != nil {
                throw reader.error("/lambda/allowedFunctions", "must be an array of ARNs")
            }
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

/// Typed reads from a configuration object, each failing with the value's pointer.
struct ConfigurationReader {
    let file: String
    let decrypt: Configuration.SecretDecrypter?

    func error(_ pointer: String, _ reason: String) -> ConfigurationError {
        ConfigurationError(file: file, pointer: pointer, reason: reason)
    }

    func onlyKnown(_ object: [String: JSONValue], _ keys: Set<String>, at pointer: String) throws(ConfigurationError) {
        if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
            throw error("\(pointer)/\(unknown)", "unknown setting (known: \(keys.sorted().joined(separator: ", ")))")
        }
    }

    func object(_ parent: [String: JSONValue], _ key: String, at pointer: String) throws(ConfigurationError) -> [String: JSONValue]? {
        guard let value = parent[key] else { return nil }
        guard let object = value.objectValue else { throw error("\(pointer)/\(key)", "must be an object, not \(value.typeName)") }
        return object
    }

    func string(_ parent: [String: JSONValue], _ key: String, at pointer: String) throws(ConfigurationError) -> String? {
        guard let value = parent[key] else { return nil }
        guard let text = value.stringValue else { throw error("\(pointer)/\(key)", "must be a string, not \(value.typeName)") }
        return text
    }

    func integer(_ parent: [String: JSONValue], _ key: String, at pointer: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let value = parent[key] else { return nil }
        guard let number = value.numberValue, number.rounded() == number,
              number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
            throw error("\(pointer)/\(key)", "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return Int(number)
    }

    func seconds(_ parent: [String: JSONValue], _ key: String, at pointer: String, in range: ClosedRange<Double>) throws(ConfigurationError) -> Double? {
        guard let value = parent[key] else { return nil }
        guard let number = value.numberValue, range.contains(number) else {
            throw error("\(pointer)/\(key)", "must be a number of seconds from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// Decrypts `{"kms": "<base64>", "context"?: {"k": "v"}}`.
    func secret(_ members: [String: JSONValue], at pointer: String) throws(ConfigurationError) -> String {
        try onlyKnown(members, ["kms", "context"], at: pointer)
        guard let text = members["kms"]?.stringValue, let blob = Data(base64Encoded: text) else {
            throw error("\(pointer)/kms", "must be the base64 ciphertext that `sequencer encrypt` prints")
        }
        var context: [String: String] = [:]
        if let value = members["context"] {
            guard let object = value.objectValue else { throw error("\(pointer)/context", "must be an object of strings") }
            for (key, entry) in object {
                guard let text = entry.stringValue else { throw error("\(pointer)/context/\(key)", "must be a string") }
                context[key] = text
            }
        }
        guard let decrypt else {
            throw error(pointer, "is KMS-encrypted, but no AWS access is configured to decrypt it")
        }
        let plaintext: Data
        do {
            plaintext = try decrypt(blob, context)
        } catch {
            throw self.error(pointer, "KMS could not decrypt it: \(error)")
        }
        guard let value = String(data: plaintext, encoding: .utf8) else {
            throw error(pointer, "the decrypted value is not UTF-8 text")
        }
        return value
    }

    /// Builds a libpq URI from separate fields, percent-encoding each.
    func databaseURL(_ database: [String: JSONValue]) throws(ConfigurationError) -> String {
        let host = try string(database, "host", at: "/database") ?? "localhost"
        let name = try string(database, "name", at: "/database") ?? "sequencer"
        let user = try string(database, "user", at: "/database") ?? "sequencer"
        var port = "5432"
        if let value = database["port"] {
            guard let number = value.numberValue, number > 0, number < 65_536 else { throw error("/database/port", "must be a port number") }
            port = String(Int(number))
        }
        var password: String?
        switch database["password"] {
        case nil: break
        case .string(let text)?: password = text
        case .object(let members)? where members["kms"] != nil:
            password = try secret(members, at: "/database/password")
        default:
            throw error("/database/password", "must be a string or {\"kms\": \"<base64 ciphertext>\"}")
        }
        let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }
        var url = "postgresql://\(encode(user))"
        if let password { url += ":" + encode(password) }
        url += "@\(host.hasPrefix("/") ? "" : host):\(port)/\(encode(name))"
        if host.hasPrefix("/") { url += "?host=\(encode(host))" }
        if let mode = try string(database, "sslmode", at: "/database") {
            let modes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]
            guard modes.contains(mode) else { throw error("/database/sslmode", "must be one of \(modes.joined(separator: ", "))") }
            url += (url.contains("?") ? "&" : "?") + "sslmode=\(encode(mode))"
        }
        return url
    }
}
