import AWS
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import SequencerCore
import SequencerEngine
import SequencerKit
import SequencerStore

/// The tick passes of one Lambda invocation (docs/scaling.md): one pass, or with
/// `tick.intervalSeconds` one every N seconds until shortly before the next schedule
/// (``TickCadence``); the first pass of a scheduled invocation probes its own rate and starts
/// fan-out workers when the backlog needs them (``FanOut``).
struct TickPasses {
    let configuration: Configuration
    let connections: [PostgresConnection]
    let logger: Logger
    /// This function's name: workers are invocations of it.
    let function: String
    let requestID: String
    /// When ticking must stop (the invocation's deadline less the safety margin).
    let deadline: Date
    /// When the invocation started.
    let started: Date
    var clock: any EngineClock = SystemClock()

    /// What one pass did.
    struct Outcome {
        var summary: TickSummary
        var workersStarted: Int
    }

    /// Runs the passes, handing each outcome to `report` as it ends.
    func run(_ invocation: TickInvocation, report: (Outcome) throws -> Void) throws {
        guard case .scheduled(let scheduledAt) = invocation else {
            try report(Outcome(summary: try tick(until: deadline), workersStarted: 0))
            return
        }
        let settings = configuration.tick
        let nextSchedule = (scheduledAt ?? started).addingTimeInterval(settings.scheduleSeconds - settings.safetyMarginSeconds)
        let windowEnd = min(deadline, nextSchedule)
        var passStart = clock.now()
        var first = true
        while true {
            try report(first ? try firstPass() : Outcome(summary: try tick(until: deadline), workersStarted: 0))
            first = false
            guard let next = TickCadence.nextPass(lastStart: passStart, lastEnd: clock.now(), interval: settings.intervalSeconds,
                                                  windowEnd: windowEnd) else { return }
            clock.sleep(seconds: next.timeIntervalSince(clock.now()))
            passStart = clock.now()
        }
    }

    /// One tick until `end`, claiming batches until `claimingUntil` at the latest: a batch claimed
    /// before it still gets the whole time to `end` for its sends and calls.
    private func tick(until end: Date, claimingUntil: Date? = nil) throws -> TickSummary {
        let tick = EngineSetup.tick(configuration, connections: connections, logger: logger)
        guard let claimingUntil else { return try tick.run(now: clock.now(), deadline: end) }
        return try tick.run(now: clock.now(), deadline: end) { [clock] in clock.now() < claimingUntil }
    }

    /// The first pass: a probe that claims batches for a few seconds (and finishes their sends
    /// and calls), then — when the backlog needs them — workers started, then the rest of the pass.
    private func firstPass() throws -> Outcome {
        let settings = configuration.tick
        guard settings.maxConcurrency > 1 else { return Outcome(summary: try tick(until: deadline), workersStarted: 0) }
        let probeEnd = min(deadline, clock.now().addingTimeInterval(min(2, deadline.timeIntervalSince(clock.now()) / 4)))
        let probe = try tick(until: deadline, claimingUntil: probeEnd)
        let workerSeconds = deadline.timeIntervalSince(started)
        var fanOut = FanOut(probeExamined: probe.examined, probeSeconds: probe.elapsed, backlog: 0,
                            secondsLeft: deadline.timeIntervalSince(clock.now()), workerSeconds: workerSeconds,
                            maxConcurrency: settings.maxConcurrency, threshold: settings.fanOutBacklog)
        let limit = FanOut.countLimit(rate: fanOut.rate, workerSeconds: workerSeconds, maxConcurrency: settings.maxConcurrency,
                                     threshold: settings.fanOutBacklog)
        fanOut.backlog = try RunnerDirectory(connection: connections[0]).dueCount(now: clock.now(), limit: limit)
        let started = startWorkers(fanOut.workers)
        logger.info("tick probe", metadata: ["rate": "\(Int(fanOut.rate))", "backlog": "\(fanOut.backlog)", "workers": "\(started)"])
        // A probe whose batches were not all full found the end of what was due: runners it
        // postponed (a send the deadline could not hold) wait for the next invocation.
        guard probe.examined == probe.batches * settings.batchSize else { return Outcome(summary: probe, workersStarted: started) }
        var summary = probe
        let rest = try tick(until: deadline)
        summary.add(rest)
        summary.elapsed += rest.elapsed
        return Outcome(summary: summary, workersStarted: started)
    }

    /// Invokes `count` workers asynchronously; a failed Invoke is logged (the scheduled ticks
    /// still move every runner, later). Returns how many were started.
    private func startWorkers(_ count: Int) -> Int {
        guard count > 0 else { return 0 }
        let invoker: LambdaInvoker
        do {
            invoker = LambdaInvoker(client: try AWSClient(environment: try AWSEnvironment(environment: ProcessInfo.processInfo.environment)))
        } catch {
            logger.warning("fan-out workers not started: no AWS access", metadata: ["error": "\(error)"])
            return 0
        }
        var started = 0
        for worker in 1...count {
            do {
                try invoker.invokeAsync(function, event: TickInvocation.workerEvent(parent: requestID, worker: worker), timeout: 5)
                started += 1
            } catch {
                logger.warning("fan-out worker not started", metadata: ["worker": "\(worker)", "error": "\(error)"])
            }
        }
        return started
    }
}
