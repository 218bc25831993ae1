/// An AWS access key: long-term (`accessKeyID` + `secretAccessKey`) or temporary, from STS or the
/// Lambda execution environment (plus `sessionToken`).
///
/// Printing, string interpolation, `dump` and debugger views show the access key id only: the secret
/// key and the session token never appear in any description.
public struct AWSCredentials: Sendable, Hashable {
    /// The access key id, e.g. `AKIDEXAMPLE`. Not secret: it appears in every `Authorization` header.
    public var accessKeyID: String
    public var secretAccessKey: String
    /// The session token of temporary credentials, sent as `X-Amz-Security-Token`.
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        let token = sessionToken == nil ? "none" : "<redacted>"
        return "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>, sessionToken: \(token))"
    }

    public var debugDescription: String { description }

    /// What `dump` and debuggers show: the key id, and whether there is a session token.
    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyID": accessKeyID, "hasSessionToken": sessionToken != nil],
               displayStyle: .struct)
    }
}
