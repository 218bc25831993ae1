import Foundation
import SequencerEngine

extension Configuration {
    /// Custom task runners invoked through AWS Lambda with credentials from the environment,
    /// limited to ``Configuration/allowedFunctions``.
    public func customRunners(environment: [String: String] = ProcessInfo.processInfo.environment) -> CustomRunners {
        CustomRunners(makeInvoker: LambdaInvoker.factory(environment: environment), allows: { [self] in allows($0) })
    }
}
