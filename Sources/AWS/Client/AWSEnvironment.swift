#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Credentials, region and endpoints, read the way every AWS SDK reads them from the environment:
/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION` (else
/// `AWS_DEFAULT_REGION`), and the endpoint overrides `AWS_ENDPOINT_URL_<SERVICE>` then
/// `AWS_ENDPOINT_URL` (AWS docs, "Service-specific endpoints"). On Lambda the runtime sets the
/// credentials and region of the function's role.
public struct AWSEnvironment: Sendable, CustomStringConvertible {
    public var credentials: AWSCredentials
    public var region: String
    /// Only the `AWS_ENDPOINT_URL*` variables: nothing secret is kept here.
    private let endpoints: [String: String]

    /// Reads `environment`.
    /// - Throws: `AWSConfigurationError` naming the missing variable.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(AWSConfigurationError) {
        func required(_ name: String) throws(AWSConfigurationError) -> String {
            guard let value = environment[name], !value.isEmpty else {
                throw AWSConfigurationError(reason: "\(name) is not set: AWS credentials are read from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN")
            }
            return value
        }
        let keyID = try required("AWS_ACCESS_KEY_ID")
        let secret = try required("AWS_SECRET_ACCESS_KEY")
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        guard let region = [environment["AWS_REGION"], environment["AWS_DEFAULT_REGION"]].compactMap({ $0 }).first(where: { !$0.isEmpty }) else {
            throw AWSConfigurationError(reason: "AWS_REGION is not set (nor AWS_DEFAULT_REGION): name the region, e.g. us-west-2")
        }
        credentials = AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token)
        self.region = region
        endpoints = environment.filter { $0.key.hasPrefix("AWS_ENDPOINT_URL") }
    }

    /// Creates an environment from explicit values (tests).
    public init(credentials: AWSCredentials, region: String, endpoints: [String: String] = [:]) {
        self.credentials = credentials
        self.region = region
        self.endpoints = endpoints
    }

    public var description: String {
        "AWSEnvironment(credentials: \(credentials), region: \(region), endpoints: \(endpoints))"
    }

    /// The base URL for `service`: `AWS_ENDPOINT_URL_<ID>`, else `AWS_ENDPOINT_URL`, else the
    /// public endpoint `https://<prefix>.<region>.amazonaws.com`.
    public func endpoint(for service: AWSService) -> String {
        let specific = "AWS_ENDPOINT_URL_" + service.environmentID
        for name in [specific, "AWS_ENDPOINT_URL"] {
            if let url = endpoints[name], !url.isEmpty {
                return url.hasSuffix("/") ? String(url.dropLast()) : url
            }
        }
        return "https://\(service.endpointPrefix).\(region).amazonaws.com"
    }
}

/// An AWS service as this package calls it: how it is named for endpoints and for signing.
public struct AWSService: Sendable, Hashable {
    /// The service id used in `AWS_ENDPOINT_URL_<ID>`, e.g. `KMS`, `SESV2`, `SNS`, `LAMBDA`.
    public var environmentID: String
    /// The host prefix of the public endpoint, e.g. `email` for SES.
    public var endpointPrefix: String
    /// The SigV4 signing name, e.g. `ses` for SES v2.
    public var signingName: String

    public static let kms = AWSService(environmentID: "KMS", endpointPrefix: "kms", signingName: "kms")
    public static let sesv2 = AWSService(environmentID: "SESV2", endpointPrefix: "email", signingName: "ses")
    public static let sns = AWSService(environmentID: "SNS", endpointPrefix: "sns", signingName: "sns")
    public static let lambda = AWSService(environmentID: "LAMBDA", endpointPrefix: "lambda", signingName: "lambda")
}

/// AWS settings that are missing or unusable. Never holds a secret.
public struct AWSConfigurationError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
