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
    /// Lambda function ARNs (a trailing `*` matches a prefix) that sequences may name as task runners.
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

    /// Reads the file named by `path` (or by `SEQUENCER_CONFIG`; none: defaults), then applies
    /// `DATABASE_URL`, `SEQUENCER_EMAIL_PROVIDER` and `SEQUENCER_SMS_PROVIDER` from `environment`.
    /// - Throws: `ConfigurationError` naming the file and JSON pointer of a bad value.
    public static func load(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> Configuration {
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
            try configuration.apply(json, file: path)
        }
        if let url = environment["DATABASE_URL"], !url.isEmpty { configuration.databaseURL = url }
        if let provider = environment["SEQUENCER_EMAIL_PROVIDER"], !provider.isEmpty { configuration.emailProvider = provider }
        if let provider = environment["SEQUENCER_SMS_PROVIDER"], !provider.isEmpty { configuration.smsProvider = provider }
        return configuration
    }

    mutating func apply(_ json: JSONValue, file: String) throws(ConfigurationError) {
        let reader = ConfigurationReader(file: file)
        guard let root = json.objectValue else { throw reader.error("", "must be a JSON object") }
        try reader.onlyKnown(root, ["$comment", "database", "tick", "email", "sms", "lambda"], at: "")
        if let database = try reader.object(root, "database", at: "") {
            try reader.onlyKnown(database, ["url", "host", "port", "name", "user", "password", "sslmode"], at: "/database")
            if let url = try reader.string(database, "url", at: "/database") {
                databaseURL = url
            } else if database["host"] != nil || database["name"] != nil {
                databaseURL = try reader.databaseURL(database)
            }
        }
        if let tickSettings = try reader.object(root, "tick", at: "") {
            try reader.onlyKnown(tickSettings, ["batchSize", "maxStepsPerRunner", "leaseSeconds", "maxAttempts", "retryBaseSeconds", "retryMaxSeconds"], at: "/tick")
            tick.batchSize = try reader.positive(tickSettings, "batchSize", at: "/tick").map(Int.init) ?? tick.batchSize
            tick.maxStepsPerRunner = try reader.positive(tickSettings, "maxStepsPerRunner", at: "/tick").map(Int.init) ?? tick.maxStepsPerRunner
            tick.leaseSeconds = try reader.positive(tickSettings, "leaseSeconds", at: "/tick") ?? tick.leaseSeconds
            tick.retry.maxAttempts = try reader.positive(tickSettings, "maxAttempts", at: "/tick").map(Int.init) ?? tick.retry.maxAttempts
            tick.retry.baseDelay = try reader.positive(tickSettings, "retryBaseSeconds", at: "/tick") ?? tick.retry.baseDelay
            tick.retry.maxDelay = try reader.positive(tickSettings, "retryMaxSeconds", at: "/tick") ?? tick.retry.maxDelay
        }
        for channel in ["email", "sms"] {
            if let settings = try reader.object(root, channel, at: "") {
                try reader.onlyKnown(settings, ["provider"], at: "/\(channel)")
                if let provider = try reader.string(settings, "provider", at: "/\(channel)") {
                    if channel == "email" { emailProvider = provider } else { smsProvider = provider }
                }
            }
        }
        if let lambda = try reader.object(root, "lambda", at: "") {
            try reader.onlyKnown(lambda, ["allowedFunctions"], at: "/lambda")
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

    func positive(_ parent: [String: JSONValue], _ key: String, at pointer: String) throws(ConfigurationError) -> Double? {
        guard let value = parent[key] else { return nil }
        guard let number = value.numberValue, number > 0 else { throw error("\(pointer)/\(key)", "must be a positive number") }
        return number
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
            throw error("/database/password", "KMS-encrypted values need the AWS layer, which this build does not configure yet")
        default:
            throw error("/database/password", "must be a string or {\"kms\": \"<base64 ciphertext>\"}")
        }
        let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }
        var url = "postgresql://\(encode(user))"
        if let password { url += ":" + encode(password) }
        url += "@\(host.hasPrefix("/") ? "" : host):\(port)/\(encode(name))"
        if host.hasPrefix("/") { url += "?host=\(encode(host))" }
        if let mode = try string(database, "sslmode", at: "/database") {
            url += (url.contains("?") ? "&" : "?") + "sslmode=\(encode(mode))"
        }
        return url
    }
}
