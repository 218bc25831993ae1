import AWS
import Foundation
import SequencerTestSupport
import Testing

/// KMS through our own client and signer, against moto with signature checking on.
@Suite struct KMSMotoTests {
    let moto: MotoServer.Instance

    init() throws {
        moto = try MotoServer.shared.get()
    }

    func client(secret: String? = nil) throws -> AWSClient {
        var variables = moto.environment
        if let secret { variables["AWS_SECRET_ACCESS_KEY"] = secret }
        return try AWSClient(environment: try AWSEnvironment(environment: variables))
    }

    func createKey(_ client: AWSClient) throws -> String {
        let answer = try client.callJSON(.kms, target: "TrentService.CreateKey", ["Description": "sequencer test"])
        return try #require((answer["KeyMetadata"] as? [String: Any])?["KeyId"] as? String)
    }

    @Test func aRequestSignedWithAnotherSecretIsRefused() throws {
        let forged = try client(secret: "not-the-secret")
        #expect {
            _ = try forged.callJSON(.kms, target: "TrentService.ListKeys", [:])
        } throws: { error in
            guard let error = error as? AWSError else { return false }
            return error.status == 403 && error.code == "SignatureDoesNotMatch" && !error.description.contains("not-the-secret")
        }
        // The same call with the right secret goes through: the check is live, not a blanket refusal.
        _ = try client().callJSON(.kms, target: "TrentService.ListKeys", [:])
    }

    @Test func encryptThenDecryptWithContext() throws {
        let client = try client()
        let kms = KMS(client: client)
        let key = try createKey(client)
        let secret = Data("pässwörd \u{1F511}".utf8)
        let blob = try kms.encrypt(keyID: key, plaintext: secret, context: ["purpose": "database"])
        #expect(blob != secret)
        #expect(try kms.decrypt(blob, context: ["purpose": "database"]) == secret)
        #expect {
            _ = try kms.decrypt(blob, context: ["purpose": "other"])
        } throws: { error in
            (error as? AWSError)?.code == "InvalidCiphertextException"
        }
    }

    @Test func anUnknownKeyIsAnAWSErrorWithItsCode() throws {
        let kms = KMS(client: try client())
        #expect {
            _ = try kms.encrypt(keyID: "alias/does-not-exist", plaintext: Data("x".utf8))
        } throws: { error in
            guard let error = error as? AWSError else { return false }
            return error.service == "KMS" && error.status == 400 && error.code == "NotFoundException" && !error.message.isEmpty
        }
    }
}

/// Reading credentials and endpoints (no server needed).
struct AWSEnvironmentTests {
    @Test func missingCredentialsNameTheVariable() {
        #expect {
            _ = try AWSEnvironment(environment: ["AWS_SECRET_ACCESS_KEY": "x", "AWS_REGION": "us-west-2"])
        } throws: { error in
            "\(error)".contains("AWS_ACCESS_KEY_ID is not set")
        }
        #expect {
            _ = try AWSEnvironment(environment: ["AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "x"])
        } throws: { error in
            "\(error)".contains("AWS_REGION is not set")
        }
    }

    @Test func endpointsFollowTheStandardOverrides() throws {
        let base = ["AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "x", "AWS_REGION": "eu-west-1"]
        #expect(try AWSEnvironment(environment: base).endpoint(for: .sesv2) == "https://email.eu-west-1.amazonaws.com")
        let general = try AWSEnvironment(environment: base.merging(["AWS_ENDPOINT_URL": "http://127.0.0.1:5000/"]) { $1 })
        #expect(general.endpoint(for: .kms) == "http://127.0.0.1:5000")
        let specific = try AWSEnvironment(environment: base.merging(["AWS_ENDPOINT_URL": "http://a", "AWS_ENDPOINT_URL_KMS": "http://b"]) { $1 })
        #expect(specific.endpoint(for: .kms) == "http://b")
        #expect(specific.endpoint(for: .sns) == "http://a")
    }

    @Test func credentialsNeverPrintTheSecret() throws {
        let credentials = AWSCredentials(accessKeyID: "AKIAEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG", sessionToken: "token-value")
        for text in ["\(credentials)", String(reflecting: credentials), "\(try AWSEnvironment(environment: ["AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG", "AWS_REGION": "us-west-2"]))"] {
            #expect(!text.contains("wJalrXUtnFEMI"))
            #expect(!text.contains("token-value"))
        }
    }
}

/// Both error shapes AWS uses, read into service, status, code and message.
struct AWSErrorParsingTests {
    @Test func jsonWithTypePrefix() {
        let error = AWSError(service: .kms, status: 400, headers: ["x-amzn-requestid": "r-1"],
                             body: Data(#"{"__type": "com.amazonaws.kms#NotFoundException", "message": "Alias not found"}"#.utf8))
        #expect(error.description == "KMS 400 NotFoundException: Alias not found (request r-1)")
        #expect(!error.isRetryable)
    }

    @Test func jsonWithTheTypeInAHeader() {
        let error = AWSError(service: .lambda, status: 429, headers: ["x-amzn-errortype": "TooManyRequestsException:http://internal"],
                             body: Data(#"{"Type": "User", "message": "Rate exceeded"}"#.utf8))
        #expect(error.code == "TooManyRequestsException")
        #expect(error.message == "Rate exceeded")
        #expect(error.isRetryable)
    }

    @Test func xmlAsMotoAndQueryServicesSendIt() {
        let body = "<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match &amp; more</Message></Error><RequestId>abc</RequestId></ErrorResponse>"
        let error = AWSError(service: .sns, status: 403, headers: ["content-type": "text/html"], body: Data(body.utf8))
        #expect(error.description == "SNS 403 SignatureDoesNotMatch: The request signature we calculated does not match & more (request abc)")
    }

    @Test func anEmptyBodyStillNamesTheStatus() {
        let error = AWSError(service: .sesv2, status: 503, headers: [:], body: Data())
        #expect(error.description == "SESV2 503 HTTP503: HTTP status 503")
        #expect(error.isRetryable)
    }
}
