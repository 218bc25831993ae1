#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

extension Configuration {
    /// Applies a configuration file's JSON over the current values.
    /// - Throws: `ConfigurationError` for the first problem found (file and JSON pointer).
    mutating func apply(_ json: JSONValue, file: String, decrypt: SecretDecrypter? = nil,
                        readDatabase: Bool = true) throws(ConfigurationError) {
        var root = JSONFieldReader(json, at: "")
        root.onlyKnown(["$comment", "database", "tick", "email", "sms", "lambda", "limits", "frequencyCaps"])
        try Self.firstProblem(root, file)
        if readDatabase, var database = root.nested("database") {
            database.onlyKnown(["url", "host", "port", "name", "user", "password", "sslmode", "sslrootcert"])
            if let url = database.string("url") {
                databaseURL = url
            } else if database.members["host"] != nil || database.members["name"] != nil {
                var builder = DatabaseURLBuilder(fields: database, file: file, decrypt: decrypt)
                databaseURL = try builder.url()
            }
            try Self.firstProblem(database, file)
        }
        if var settings = root.nested("tick") {
            readTick(&settings)
            try Self.firstProblem(settings, file)
        }
        for channel in Channel.allCases {
            guard var settings = root.nested(channel.rawValue) else { continue }
            settings.onlyKnown(["provider"])
            if let name = settings.string("provider") {
                if let provider = Self.provider(named: name, for: channel) {
                    setProvider(provider, for: channel)
                } else {
                    settings.add(settings.path("provider"), Self.unavailable(name, for: channel))
                }
            }
            try Self.firstProblem(settings, file)
        }
        if var lambda = root.nested("lambda") {
            readLambda(&lambda)
            try Self.firstProblem(lambda, file)
        }
        if let caps = root.array("frequencyCaps") {
            frequencyCaps = try Self.frequencyCaps(caps, file: file)
        }
        if var limits = root.nested("limits") {
            readLimits(&limits)
            try Self.firstProblem(limits, file)
        }
        try Self.firstProblem(root, file)
    }

    private mutating func readTick(_ settings: inout JSONFieldReader) {
        settings.onlyKnown(["batchSize", "maxStepsPerRunner", "leaseSeconds", "maxAttempts", "retryBaseSeconds", "retryMaxSeconds",
                            "safetyMarginSeconds", "messagesPerSecond", "workers", "maxConcurrency", "fanOutBacklog",
                            "intervalSeconds", "scheduleSeconds"])
        let seconds = "a number of seconds"
        messagesPerSecond = settings.number("messagesPerSecond", in: 0...100_000) ?? messagesPerSecond
        tick.batchSize = settings.integer("batchSize", in: 1...100_000) ?? tick.batchSize
        tick.maxStepsPerRunner = settings.integer("maxStepsPerRunner", in: 1...10_000) ?? tick.maxStepsPerRunner
        tick.workers = settings.integer("workers", in: 1...16) ?? tick.workers
        tick.leaseSeconds = settings.number("leaseSeconds", in: 1...86_400, as: seconds) ?? tick.leaseSeconds
        tick.retry.maxAttempts = settings.integer("maxAttempts", in: 1...1_000) ?? tick.retry.maxAttempts
        tick.retry.baseDelay = settings.number("retryBaseSeconds", in: 0.001...31_536_000, as: seconds) ?? tick.retry.baseDelay
        tick.retry.maxDelay = settings.number("retryMaxSeconds", in: 0.001...31_536_000, as: seconds) ?? tick.retry.maxDelay
        tick.safetyMarginSeconds = settings.number("safetyMarginSeconds", in: 0...900, as: seconds) ?? tick.safetyMarginSeconds
        tick.maxConcurrency = settings.integer("maxConcurrency", in: 1...1_000) ?? tick.maxConcurrency
        tick.fanOutBacklog = settings.integer("fanOutBacklog", in: 0...1_000_000_000) ?? tick.fanOutBacklog
        tick.intervalSeconds = settings.number("intervalSeconds", in: 0...3_600, as: seconds) ?? tick.intervalSeconds
        tick.scheduleSeconds = settings.number("scheduleSeconds", in: 60...86_400, as: seconds) ?? tick.scheduleSeconds
        if settings.isValid, tick.intervalSeconds > 0, tick.intervalSeconds < 1 {
            settings.add("/tick/intervalSeconds", "must be 0 (one pass per invocation) or at least 1")
        }
        if settings.isValid, tick.retry.maxDelay < tick.retry.baseDelay {
            settings.add("/tick/retryMaxSeconds", "must be at least retryBaseSeconds (\(tick.retry.baseDelay))")
        }
    }

    /// `frequencyCaps`: each item `{"channel": "email" | "sms", "max": 1…1,000,000, "perSeconds":
    /// 1…31,536,000}`, all required.
    private static func frequencyCaps(_ items: [JSONValue], file: String) throws(ConfigurationError) -> FrequencyCaps {
        var caps: [FrequencyCap] = []
        for (index, item) in items.enumerated() {
            var reader = JSONFieldReader(item, at: JSONPointer.appending("/frequencyCaps", index))
            reader.onlyKnown(["channel", "max", "perSeconds"])
            let name = reader.string("channel", required: true)
            let channel = name.flatMap(Channel.init(rawValue:))
            if let name, channel == nil {
                reader.add(reader.path("channel"), "\"\(name)\" is not a channel (expected one of \(Channel.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let max = reader.integer("max", in: 1...1_000_000, required: true)
            let seconds = reader.number("perSeconds", in: 1...31_536_000, as: "a number of seconds", required: true)
            try firstProblem(reader, file)
            if let channel, let max, let seconds { caps.append(FrequencyCap(channel: channel, max: max, perSeconds: seconds)) }
        }
        return FrequencyCaps(caps)
    }

    private mutating func readLambda(_ lambda: inout JSONFieldReader) {
        lambda.onlyKnown(["allowedFunctions", "maxConcurrentInvocations", "invocationAttempts"])
        tick.maxConcurrentInvocations = lambda.integer("maxConcurrentInvocations", in: 1...64) ?? tick.maxConcurrentInvocations
        tick.invocationAttempts = lambda.integer("invocationAttempts", in: 1...10) ?? tick.invocationAttempts
        guard let entries = lambda.array("allowedFunctions") else { return }
        var names: [String] = []
        for (index, entry) in entries.enumerated() {
            guard let text = entry.stringValue else {
                lambda.add(JSONPointer.appending(lambda.path("allowedFunctions"), index), "must be a string")
                continue
            }
            names.append(text)
        }
        allowedFunctions = names
    }

    /// Throws the reader's first problem, naming `file`.
    static func firstProblem(_ reader: JSONFieldReader, _ file: String) throws(ConfigurationError) {
        if let problem = reader.problems.first {
            throw ConfigurationError(file: file, pointer: problem.pointer, reason: problem.reason)
        }
    }
}

/// Builds a libpq URI from the `database` section's separate fields, percent-encoding each and
/// decrypting a KMS-encrypted password. `sslmode` and `sslrootcert` (the PEM file of the CAs the
/// server's certificate must chain to, e.g. RDS's `global-bundle.pem`; a relative path is
/// relative to the configuration file) become URI parameters.
struct DatabaseURLBuilder {
    var fields: JSONFieldReader
    let file: String
    let decrypt: Configuration.SecretDecrypter?

    /// - Throws: `ConfigurationError` for a bad field or a password that cannot be decrypted.
    mutating func url() throws(ConfigurationError) -> String {
        let host = fields.string("host") ?? "localhost"
        let name = fields.string("name") ?? "sequencer"
        let user = fields.string("user") ?? "sequencer"
        let port = fields.integer("port", in: 1...65_535) ?? 5432
        let modes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]
        let mode = fields.string("sslmode")
        if let mode, !modes.contains(mode) {
            fields.add(fields.path("sslmode"), "must be one of \(modes.joined(separator: ", "))")
        }
        let rootCertificate = fields.string("sslrootcert")
        if rootCertificate?.isEmpty == true {
            fields.add(fields.path("sslrootcert"), "must be the path of a PEM file of CA certificates, not empty")
        }
        try Configuration.firstProblem(fields, file)
        let password = try self.password()
        let encode = { (text: String) in text.percentEncodingNonAlphanumerics() }
        var url = "postgresql://\(encode(user))"
        if let password { url += ":" + encode(password) }
        url += "@\(host.hasPrefix("/") ? "" : host):\(port)/\(encode(name))"
        if host.hasPrefix("/") { url += "?host=\(encode(host))" }
        if let mode { url += (url.contains("?") ? "&" : "?") + "sslmode=\(encode(mode))" }
        if let rootCertificate {
            url += (url.contains("?") ? "&" : "?") + "sslrootcert=\(encode(Self.resolve(rootCertificate, besides: file)))"
        }
        return url
    }

    /// `path` as written when absolute; else relative to the folder of the configuration file
    /// `file`, so a configuration and the CA bundle beside it work wherever they are copied (the
    /// Lambda zip puts both in `/var/task`).
    static func resolve(_ path: String, besides file: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL.path
    }

    /// The password: a string, or `{"kms": "<base64>", "context"?: {"k": "v"}}` decrypted here.
    private func password() throws(ConfigurationError) -> String? {
        let pointer = fields.path("password")
        switch fields.members["password"] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case .object(let members)? where members["kms"] != nil:
            return try SecretField(members: members, pointer: pointer, file: file).decrypt(with: decrypt)
        default:
            throw ConfigurationError(file: file, pointer: pointer, reason: "must be a string or {\"kms\": \"<base64 ciphertext>\"}")
        }
    }
}

/// A KMS-encrypted configuration value `{"kms": "<base64>", "context"?: {"k": "v"}}`.
struct SecretField {
    let members: [String: JSONValue]
    let pointer: String
    let file: String

    /// The plaintext; never put in an error or a log.
    /// - Throws: `ConfigurationError` for a malformed value or when KMS refuses (its code and message).
    func decrypt(with decrypt: Configuration.SecretDecrypter?) throws(ConfigurationError) -> String {
        var fields = JSONFieldReader(members, at: pointer)
        fields.onlyKnown(["kms", "context"])
        let text = fields.string("kms", required: true)
        var context: [String: String] = [:]
        for (key, entry) in fields.object("context") ?? [:] {
            guard let value = entry.stringValue else {
                fields.add(JSONPointer.appending(fields.path("context"), key), "must be a string")
                continue
            }
            context[key] = value
        }
        try Configuration.firstProblem(fields, file)
        guard let text, let blob = Data(base64Encoded: text) else {
            throw error(pointer + "/kms", "must be the base64 ciphertext that `sequencer encrypt` prints")
        }
        guard let decrypt else { throw error(pointer, "is KMS-encrypted, but no AWS access is configured to decrypt it") }
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

    private func error(_ pointer: String, _ reason: String) -> ConfigurationError {
        ConfigurationError(file: file, pointer: pointer, reason: reason)
    }
}
