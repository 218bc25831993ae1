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
        let forged = try client(secret: TestSecrets.forgedAWSSecret)
        #expect {
            _ = try forged.callJSON(.kms, target: "TrentService.ListKeys", [:])
        } throws: { error in
            guard let error = error as? AWSError else { return false }
            return error.status == 403 && error.code == "SignatureDoesNotMatch" && !error.description.contains(TestSecrets.forgedAWSSecret)
        }
        // The same call with the right secret goes through: the check is live, not a blanket refusal.
        _ = try client().callJSON(.kms, target: "TrentService.ListKeys", [:])
    }

    @Test func encryptThenDecryptWithContext() throws {
        let client = try client()
        let kms = KMS(client: client)
        let key = try createKey(client)
        let secret = Data(TestSecrets.kmsPlaintext.utf8)
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

    @Test func requestEchoesAreNotKept() {
        // AWS's own SignatureDoesNotMatch: the canonical request and the string to sign follow.
        let echo = """
            The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key \
            and signing method. Consult the service documentation for details.

            The Canonical String for this request should have been
            'POST
            /

            content-type:application/x-amz-json-1.1
            host:kms.us-west-2.amazonaws.com
            x-amz-date:20260105T090000Z

            content-type;host;x-amz-date
            44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'

            The String-to-Sign should have been
            'AWS4-HMAC-SHA256
            20260105T090000Z
            20260105/us-west-2/kms/aws4_request
            5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7'
            """
        let xml = "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>\(echo)</Message></Error><RequestId>r-9</RequestId></ErrorResponse>"
        let error = AWSError(service: .sns, status: 403, headers: [:], body: Data(xml.utf8))
        #expect(error.description == "SNS 403 SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. (request r-9)")
        let json = try! JSONSerialization.data(withJSONObject: ["__type": "InvalidSignatureException", "message": echo])
        let kms = AWSError(service: .kms, status: 400, headers: [:], body: json)
        #expect(kms.message == "The request signature we calculated does not match the signature you provided.")
        for text in [error.description, kms.description] {
            #expect(!text.contains("Canonical") && !text.contains("AWS4-HMAC-SHA256") && !text.contains("x-amz-date"))
        }
    }

    @Test func aMessageKeepsItsFirstSentenceAndAtMost200Characters() {
        let message = { (text: String) in
            AWSError(service: .sesv2, status: 400, headers: ["x-amzn-errortype": "MessageRejected"],
                     body: try! JSONSerialization.data(withJSONObject: ["message": text])).message
        }
        #expect(message("Email address is not verified. The following identities failed the check in region US-WEST-2: a@b.c")
                == "Email address is not verified.")
        #expect(message("Signature expired: 20260105T090000Z is now earlier than 20260105T090500Z (20260105T091000Z - 5 min.)")
                == "Signature expired: 20260105T090000Z is now earlier than 20260105T090500Z (20260105T091000Z - 5 min.)")
        #expect(message("no sentence end The String-to-Sign should have been 'AWS4-HMAC-SHA256 …'") == "no sentence end")
        let long = message(String(repeating: "x", count: 1_000))
        #expect(long.count == 200 && long.hasSuffix("…"))
        let text = AWSError(service: .sns, status: 500, headers: [:], body: Data(("oops\n" + String(repeating: "y", count: 500)).utf8))
        #expect(text.message == "oops")
    }

    @Test func anEmptyBodyStillNamesTheStatus() {
        let error = AWSError(service: .sesv2, status: 503, headers: [:], body: Data())
        #expect(error.description == "SESV2 503 HTTP503: HTTP status 503")
        #expect(error.isRetryable)
    }
}
