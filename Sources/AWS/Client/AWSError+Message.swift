#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

extension AWSError {
    /// The longest message kept, in characters (an ellipsis marks a cut).
    static let messageLimit = 200

    /// What of an AWS error message is kept for errors, logs, `last_error` and history: its
    /// first sentence on its first line, at most ``messageLimit`` characters.
    ///
    /// AWS messages can quote the request back: `SignatureDoesNotMatch` adds "The Canonical String
    /// for this request should have been …" and "The String-to-Sign should have been …" (headers,
    /// the credential scope, hashes), and other errors repeat request values after their first
    /// sentence. Only the first sentence says what went wrong; the service, status and code are
    /// kept beside it. A message with no sentence end is cut at an echo's opening words, if any.
    /// - Parameter message: the message as the service sent it.
    /// - Returns: e.g. `The request signature we calculated does not match the signature you provided.`
    static func trimmed(_ message: String) -> String {
        var text = Substring(message.trimmingWhitespaceAndNewlines())
        if let lineEnd = text.firstIndex(where: \.isNewline) { text = text[..<lineEnd] }
        for echo in ["The Canonical String", "The String-to-Sign", "StringToSign", "CanonicalRequest"] {
            if let start = text.firstRange(of: echo)?.lowerBound { text = text[..<start] }
        }
        if let end = text.firstMatch(of: /[.!?](?=\s)/) { text = text[..<end.range.upperBound] }
        let kept = text.trimmingWhitespace()
        return kept.count <= messageLimit ? kept : String(kept.prefix(messageLimit - 1)) + "…"
    }
}
