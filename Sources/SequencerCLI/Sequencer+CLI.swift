import Foundation
import SequencerCore
import SequencerKit

extension Sequencer {
    /// Runs the `sequencer` command with the program's Swift task runners built in: `sequences
    /// apply` accepts steps naming them (validating their configs), `tick`, `run` and `simulate`
    /// run them in-process, and `check`, `eval` and `preview` evaluate them. Never returns: exits
    /// 0 when the command succeeds, 2 for bad input (a runner name that cannot be used included),
    /// 1 for other failures.
    /// - Parameter runners: the program's task runners (``TaskRunner``).
    public static func main(runners: [any TaskRunner]) async -> Never {
        do {
            try install(runners)
        } catch {
            FileHandle.standardError.write(Data("sequencer: \(error)\n".utf8))
            exit(2)
        }
        await SequencerCommand.main()
        exit(0)
    }
}
