import SequencerKit
import SequencerLambda

// One bootstrap for every function: `_HANDLER` names the handler (`tick`, `api` or a built-in
// task runner such as `Conditional`). Programs with Swift task runners of their own call the same
// entry point with them (docs/task-runners.md).
await Sequencer.main(runners: [])
