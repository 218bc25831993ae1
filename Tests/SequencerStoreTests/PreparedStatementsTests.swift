import SequencerStore
import Testing

/// The prepared-statement switch for poolers (docs/scaling.md, "Poolers").
@Suite struct PreparedStatementsTests {
    @Test func autoIsOffOnPgBouncersPortAndOnElsewhere() {
        #expect(!PreparedStatements.auto.isOn(port: "6432"))
        #expect(PreparedStatements.auto.isOn(port: "5432"))
        #expect(PreparedStatements.on.isOn(port: "6432"))
        #expect(!PreparedStatements.off.isOn(port: "5432"))
    }

    @Test func theEnvironmentChoosesAndABadValueNamesTheVariable() throws {
        #expect(try PreparedStatements.fromEnvironment([:]) == .auto)
        #expect(try PreparedStatements.fromEnvironment(["SEQUENCER_PREPARED_STATEMENTS": "OFF"]) == .off)
        #expect {
            try PreparedStatements.fromEnvironment(["SEQUENCER_PREPARED_STATEMENTS": "sometimes"])
        } throws: { "\($0)".contains("SEQUENCER_PREPARED_STATEMENTS must be auto, on or off") }
    }
}
