#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension KMS {
    /// A decrypter for configuration secrets that reaches KMS only when a secret is met: the AWS
    /// environment is read and the client made on first use, so configurations without secrets
    /// need no AWS credentials.
    /// - Returns: `(ciphertext, context) throws -> plaintext`, matching `Configuration.SecretDecrypter`.
    public static func lazyDecrypter(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> (Data, [String: String]) throws -> Data
    {
        var kms: KMS?
        return { ciphertext, context in
            if kms == nil {
                kms = KMS(client: try AWSClient(environment: try AWSEnvironment(environment: environment)))
            }
            return try kms!.decrypt(ciphertext, context: context)
        }
    }
}
