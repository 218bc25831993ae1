import Foundation
import SequencerEngine
import Testing

/// The configuration's fan-out and cadence keys (`tick.maxConcurrency`, `fanOutBacklog`,
/// `intervalSeconds`, `scheduleSeconds`; docs/scaling.md): defaults, values and refusals by pointer.
struct ConfigurationScalingTests {
    let limits = ConfigurationLimitsTests()

    @Test func fanOutAndCadenceKeysAreReadWithDefaults() throws {
        let defaults = try limits.load("{}").tick
        #expect(defaults.maxConcurrency == 10 && defaults.fanOutBacklog == 10_000)
        #expect(defaults.intervalSeconds == 0 && defaults.scheduleSeconds == 60)
        let set = try limits.load(#"{"tick": {"maxConcurrency": 1, "fanOutBacklog": 0, "intervalSeconds": 10, "scheduleSeconds": 300}}"#).tick
        #expect(set.maxConcurrency == 1 && set.fanOutBacklog == 0)
        #expect(set.intervalSeconds == 10 && set.scheduleSeconds == 300)
    }

    @Test func badValuesAreRefusedByPointer() {
        #expect(limits.problem(#"{"tick": {"maxConcurrency": 0}}"#) == "/tick/maxConcurrency: must be a whole number from 1 to 1000")
        #expect(limits.problem(#"{"tick": {"intervalSeconds": 0.5}}"#) == "/tick/intervalSeconds: must be 0 (one pass per invocation) or at least 1")
        #expect(limits.problem(#"{"tick": {"scheduleSeconds": 30}}"#).hasPrefix("/tick/scheduleSeconds: "))
        #expect(limits.problem(#"{"tick": {"fanOutBacklog": "many"}}"#).hasPrefix("/tick/fanOutBacklog: "))
    }
}
