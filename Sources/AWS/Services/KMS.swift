#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// AWS KMS `Encrypt` and `Decrypt` (JSON 1.1, `TrentService`), with an encryption context.
public struct KMS {
    let client: AWSClient

    public init(client: AWSClient) {
        self.client = client
    }

    /// Encrypts up to 4 KiB under `keyID` (key id, ARN or `alias/…`).
    /// - Parameter context: the encryption context; the same one is needed to decrypt.
    /// - Returns: the ciphertext blob.
    /// - Throws: `AWSError` (e.g. `NotFoundException`), `HTTPError`.
    public func encrypt(keyID: String, plaintext: Data, context: [String: String] = [:]) throws -> Data {
        var payload: [String: Any] = ["KeyId": keyID, "Plaintext": plaintext.base64EncodedString()]
        if !context.isEmpty { payload["EncryptionContext"] = context }
        let answer = try client.callJSON(.kms, target: "TrentService.Encrypt", payload)
        guard let blob = (answer["CiphertextBlob"] as? String).flatMap({ Data(base64Encoded: $0) }) else {
            throw invalidAnswer("Encrypt")
        }
        return blob
    }

    /// Decrypts a ciphertext blob made by `Encrypt`.
    /// - Throws: `AWSError` (`InvalidCiphertextException` for a wrong context or damaged blob), `HTTPError`.
    public func decrypt(_ ciphertext: Data, context: [String: String] = [:]) throws -> Data {
        var payload: [String: Any] = ["CiphertextBlob": ciphertext.base64EncodedString()]
        if !context.isEmpty { payload["EncryptionContext"] = context }
        let answer = try client.callJSON(.kms, target: "TrentService.Decrypt", payload)
        guard let plaintext = (answer["Plaintext"] as? String).flatMap({ Data(base64Encoded: $0) }) else {
            throw invalidAnswer("Decrypt")
        }
        return plaintext
    }

    private func invalidAnswer(_ action: String) -> AWSError {
        AWSError(service: .kms, status: 200, headers: ["x-amzn-errortype": "InvalidResponse"],
                 body: Data("{\"message\": \"the \(action) answer has no expected field\"}".utf8))
    }
}
