#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore
import SequencerHTTP

/// SES v2 `SendEmail` (`POST /v2/email/outbound-emails`, signing name `ses`).
public struct SESv2 {
    let client: AWSClient

    public init(client: AWSClient) {
        self.client = client
    }

    /// Sends one rendered email as a simple (subject + text/HTML) message, UTF-8.
    /// - Returns: SES's message id.
    /// - Throws: `AWSError` (`MessageRejected`, `TooManyRequestsException`, …) or `HTTPError`.
    public func send(_ email: EmailMessage, timeoutMilliseconds: Int = 30_000) throws -> String {
        var body: [String: Any] = [:]
        if let text = email.text { body["Text"] = ["Data": text, "Charset": "UTF-8"] }
        if let html = email.html { body["Html"] = ["Data": html, "Charset": "UTF-8"] }
        // SES needs a body; a subject-only email gets an empty text part.
        if body.isEmpty { body["Text"] = ["Data": "", "Charset": "UTF-8"] }
        var destination: [String: Any] = ["ToAddresses": email.to]
        if !email.cc.isEmpty { destination["CcAddresses"] = email.cc }
        if !email.bcc.isEmpty { destination["BccAddresses"] = email.bcc }
        var request: [String: Any] = [
            "FromEmailAddress": email.from, "Destination": destination,
            "Content": ["Simple": ["Subject": ["Data": email.subject, "Charset": "UTF-8"], "Body": body]],
        ]
        if !email.replyTo.isEmpty { request["ReplyToAddresses"] = email.replyTo }
        if let set = email.configurationSet { request["ConfigurationSetName"] = set }
        let response = try client.send(.sesv2, method: "POST", path: "/v2/email/outbound-emails",
                                       headers: [("Content-Type", "application/json")],
                                       body: try JSONBridge.data(request),
                                       timeoutMilliseconds: timeoutMilliseconds)
        let answer = JSONBridge.object(response.body)
        return answer?["MessageId"] as? String ?? ""
    }
}

/// SNS `Publish` to a phone number (Query API, form body, XML answer).
public struct SNS {
    let client: AWSClient

    public init(client: AWSClient) {
        self.client = client
    }

    /// Sends one SMS; `from` goes as the origination number, the type as `AWS.SNS.SMS.SMSType`.
    /// - Returns: SNS's message id.
    /// - Throws: `AWSError` (`InvalidParameter`, `Throttling`, …) or `HTTPError`.
    public func send(_ sms: SMSMessage, timeoutMilliseconds: Int = 30_000) throws -> String {
        var fields: [(String, String)] = [
            ("Action", "Publish"), ("Version", "2010-03-31"), ("PhoneNumber", sms.to), ("Message", sms.message),
            ("MessageAttributes.entry.1.Name", "AWS.SNS.SMS.SMSType"),
            ("MessageAttributes.entry.1.Value.DataType", "String"),
            ("MessageAttributes.entry.1.Value.StringValue", sms.messageType),
        ]
        if let from = sms.from {
            fields += [("MessageAttributes.entry.2.Name", "AWS.MM.SMS.OriginationNumber"),
                       ("MessageAttributes.entry.2.Value.DataType", "String"),
                       ("MessageAttributes.entry.2.Value.StringValue", from)]
        }
        let form = fields.map { "\($0.0)=\($0.1.percentEncodingUnreserved())" }.joined(separator: "&")
        let response = try client.send(.sns, method: "POST", path: "/",
                                       headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                                       body: Data(form.utf8), timeoutMilliseconds: timeoutMilliseconds)
        let text = String(decoding: response.body, as: UTF8.self)
        guard let start = text.firstRange(of: "<MessageId>"), let end = text.firstRange(of: "</MessageId>") else { return "" }
        return String(text[start.upperBound..<end.lowerBound])
    }
}

/// Email through SES or SMS through SNS as the tick's provider; the AWS client is made on
/// first use, from the environment read then.
public final class AWSMessageSender: MessageSender {
    public enum Channel: Sendable { case ses, sns }

    let channel: Channel
    let environment: [String: String]
    private var client: AWSClient?

    public init(_ channel: Channel, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.channel = channel
        self.environment = environment
    }

    public var provider: Provider { channel == .ses ? .ses : .sns }
    public var recordsInLedgerTransaction: Bool { false }

    /// - Throws: `DeliveryError` classified by ``ServiceCallError/init(classifying:)``.
    public func send(_ message: OutgoingMessage, timeout: TimeInterval) throws(DeliveryError) -> String? {
        let milliseconds = max(1, Int((timeout * 1_000).rounded(.down)))
        do {
            if client == nil { client = try AWSClient(environment: try AWSEnvironment(environment: environment)) }
            switch (channel, message) {
            case (.ses, .email(let email)): return try SESv2(client: client!).send(email, timeoutMilliseconds: milliseconds)
            case (.sns, .sms(let sms)): return try SNS(client: client!).send(sms, timeoutMilliseconds: milliseconds)
            default: throw DeliveryError(kind: .refused, reason: "\(provider) cannot send a \(message.channel.rawValue)")
            }
        } catch {
            throw DeliveryError(classifying: error)
        }
    }
}
