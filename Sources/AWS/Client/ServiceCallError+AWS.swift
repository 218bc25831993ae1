#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore
import SequencerHTTP

extension ServiceCallError {
    /// Classifies a failed AWS call by what is known of its effect (`docs/reliability.md`):
    /// throttling (429 and AWS's throttling codes) and requests that never left (DNS, connect,
    /// TLS, not fully written, missing credentials) provably did nothing and may be retried; a
    /// 5xx, or a timeout or reset after the request was written, may have done it (`uncertain`);
    /// any other 4xx is a refusal.
    public init(classifying error: any Error) {
        switch error {
        case let error as AWSError where error.isThrottling:
            self.init(kind: .throttled, reason: error.description)
        case let error as AWSError where error.status >= 500:
            self.init(kind: .uncertain, reason: error.description)
        case let error as AWSError:
            self.init(kind: .refused, reason: error.description)
        case let error as HTTPError:
            self.init(kind: error.requestSent ? .uncertain : .notSent, reason: error.description)
        case let error as AWSConfigurationError:
            // Missing credentials or region: the configuration's fault, not the runner's.
            self.init(kind: .notSent, reason: error.description)
        case let error as ServiceCallError:
            self = error
        default:
            self.init(kind: .refused, reason: "\(error)")
        }
    }
}
