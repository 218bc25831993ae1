import AWS
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore
import SequencerEngine

extension Configuration {
    /// Custom task runners invoked through AWS Lambda with credentials from the environment,
    /// limited to ``Configuration/allowedFunctions``.
    public func customRunners(environment: [String: String] = ProcessInfo.processInfo.environment) -> CustomRunners {
        CustomRunners(makeInvoker: LambdaInvoker.factory(environment: environment), allows: { [self] in allows($0) })
    }

    /// The providers the configuration names (the outbox, SES for email, SNS for SMS), with its
    /// send rate and frequency caps.
    public func messageSenders(environment: [String: String] = ProcessInfo.processInfo.environment) -> MessageSenders {
        var senders = MessageSenders(email: sender(for: emailProvider, environment: environment),
                                     sms: sender(for: smsProvider, environment: environment),
                                     maxPerSecond: messagesPerSecond)
        senders.frequencyCaps = frequencyCaps
        return senders
    }

    private func sender(for provider: Provider, environment: [String: String]) -> any MessageSender {
        switch provider {
        case .ses: AWSMessageSender(.ses, environment: environment)
        case .sns: AWSMessageSender(.sns, environment: environment)
        default: OutboxSender()
        }
    }
}
