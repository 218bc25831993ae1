import AWS
import ArgumentParser
import Foundation

struct Encrypt: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Encrypt a secret with KMS for the configuration file (replaces the original's `sls encrypt`).",
        discussion: """
            Reads the secret from standard input (never an argument: it would land in shell history), \
            one trailing newline removed, and prints the value to paste into the configuration, e.g. \
            as "database": {"password": {"kms": "…"}}. Uses AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, \
            AWS_SESSION_TOKEN, AWS_REGION and AWS_ENDPOINT_URL(_KMS) like any AWS SDK.
            """)

    @Option(help: "KMS key id, key ARN or alias (alias/sequencer).")
    var key: String

    @Option(name: .customLong("context"), help: "Encryption context entry k=v (repeatable); the same context is stored with the ciphertext.")
    var contextEntries: [String] = []

    func run() throws {
        var context: [String: String] = [:]
        for entry in contextEntries {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw BadInput("--context \"\(entry)\": expected key=value") }
            context[parts[0]] = parts[1]
        }
        var secret = FileHandle.standardInput.readDataToEndOfFile()
        if secret.last == UInt8(ascii: "\n") { secret.removeLast() }
        if secret.last == UInt8(ascii: "\r") { secret.removeLast() }
        guard !secret.isEmpty else { throw BadInput("standard input is empty: pipe the secret in, e.g. printf %s \"$SECRET\" | sequencer encrypt --key …") }
        guard secret.count <= 4_096 else { throw BadInput("the secret is longer than KMS's 4,096-byte limit") }
        let environment: AWSEnvironment
        do { environment = try AWSEnvironment() } catch { throw BadInput("\(error)") }
        let blob = try KMS(client: try AWSClient(environment: environment)).encrypt(keyID: key, plaintext: secret, context: context)
        var value: [String: Any] = ["kms": blob.base64EncodedString()]
        if !context.isEmpty { value["context"] = context }
        let json = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: json, as: UTF8.self))
    }
}
