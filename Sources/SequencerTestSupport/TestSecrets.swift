import Foundation

/// The secrets the test suites use, as constants, so `scripts/scan-secrets` can look for them in
/// everything the suite printed or logged (`scripts/test` runs it last and fails on a hit).
///
/// The scan reads this file: keep each secret a `public static let name = "…"` on one line, without
/// backslashes or double quotes. A secret only known at run time (moto's IAM secret key) is added
/// with ``record(_:)``.
public enum TestSecrets {
    /// A database password (configuration tests, the Lambda tick's KMS-encrypted password).
    /// Holds a space, `$` and a non-ASCII letter, so its percent-encoded form differs.
    public static let databasePassword = "pg-Test-Secret 7x$ wörd"
    /// A password in a malformed connection URL (`%zz` is not a percent-escape), as libpq echoes it.
    public static let malformedURLPassword = "s3cr%zzet-Ux4"
    /// A password in a well-formed connection URL to an unreachable server.
    public static let unreachablePassword = "pq-Unreachable-Secret-3Wn"
    /// A KMS plaintext encrypted and decrypted against moto.
    public static let kmsPlaintext = "kms-Plaintext-Q4z pässwörd 🔑"
    /// A KMS plaintext whose ciphertext is tampered with: the failure must not print it.
    public static let kmsTamperedPlaintext = "kms-Tampered-do-not-print-9Rb"
    /// An AWS secret access key that signs requests moto must refuse; the refusal must not print it.
    public static let forgedAWSSecret = "forged-AWS-Secret-Key-Zk81Hq"
    /// The password of the role the TLS tests connect as (`TLSTestServer`); refusals must not print it.
    public static let tlsRolePassword = "tls-Role-Secret 8v# çà"

    /// Every constant above, in declaration order.
    public static let constants: [String] = [
        databasePassword, malformedURLPassword, unreachablePassword, kmsPlaintext, kmsTamperedPlaintext, forgedAWSSecret,
        tlsRolePassword,
    ]

    private static let lock = NSLock()

    /// Adds a secret learned at run time (moto's secret key) to the file `SEQUENCER_TEST_SECRETS_FILE`
    /// names, one per line, for the scan; does nothing when the variable is not set.
    public static func record(_ secret: String) {
        guard let path = ProcessInfo.processInfo.environment["SEQUENCER_TEST_SECRETS_FILE"], !path.isEmpty,
              !secret.isEmpty, !secret.contains("\n") else { return }
        lock.withLock { TestLog.appendBytes(Data((secret + "\n").utf8), toPath: path) }
    }
}
