import LeadScore
import SequencerCLI
import SequencerKit

await Sequencer.main(runners: [LeadScore()])
