import LeadScore
import SequencerKit
import SequencerLambda

await Sequencer.main(runners: [LeadScore()])
