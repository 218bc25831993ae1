import SequencerCLI
import SequencerKit

// The `sequencer` command of this repository: the built-in task runners only. Programs with Swift
// task runners of their own call the same entry point with them (docs/task-runners.md).
await Sequencer.main(runners: [])
