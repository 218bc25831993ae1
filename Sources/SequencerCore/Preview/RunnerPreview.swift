#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One runner's path through its sequence on a virtual clock (`sequencer preview`): pure code
/// over the tick's own planner (``BatchPlanner/plan(_:definitions:now:)`` and
/// ``BatchPlanner/resume(_:results:definitions:now:)``), so the preview decides exactly as the
/// tick would, and writes and sends nothing.
///
/// The clock ticks at `from`, `from + every`, … up to `until`, as `sequencer simulate` does; at
/// each tick where the runner is due the planner decides it. Sends parked for a provider count as
/// delivered (``EffectResult/delivered(messageID:)``) and their rendered message is an event;
/// a custom task runner's answer is `assume` (or the preview stops there). Ticks at which the
/// runner is not due are skipped, so weeks of hourly ticks take milliseconds.
public struct RunnerPreview: Sendable {
    /// First virtual tick (UTC).
    public var from: Date
    /// Last virtual tick at or before this (UTC).
    public var until: Date
    /// Seconds between virtual ticks; positive.
    public var every: TimeInterval
    /// A custom task runner's answer for every runner it is asked about; `nil` stops the preview there.
    public var assume: TaskAction?
    /// The planner: the tick's step bound and retry policy.
    public var planner: BatchPlanner
    /// The configuration's frequency caps, applied to this runner's own messages in the preview
    /// (it reads no ledger: messages of the subject's other runners are not counted).
    public var frequencyCaps: FrequencyCaps

    /// The provider name parked sends carry in a preview (never written anywhere).
    public static let provider = Provider(rawValue: "preview")

    /// - Parameters:
    ///   - maxSteps: decisions per runner and tick (`tick.maxStepsPerRunner`).
    ///   - retry: backoff and failure of errors (`tick.maxAttempts`, …).
    ///   - taskRunners: the Swift task runners built in: pure ones decide as in the tick; one that
    ///     performs I/O is not called (the preview does none) and is answered like a Lambda.
    ///   - messageLimits: how large a rendered email or SMS may be (the configuration's `limits`).
    ///   - frequencyCaps: the configuration's `frequencyCaps`, counted over the previewed runner's messages.
    public init(from: Date, until: Date, every: TimeInterval, assume: TaskAction? = nil, maxSteps: Int = 25,
                retry: RetryPolicy = RetryPolicy(), taskRunners: TaskRunnerRegistry = .none,
                messageLimits: MessageLimits = MessageLimits(), frequencyCaps: FrequencyCaps = FrequencyCaps()) {
        self.frequencyCaps = frequencyCaps
        self.from = from
        self.until = until
        self.every = every
        self.assume = assume
        let parked = (provider: Self.provider, inLedgerTransaction: false)
        planner = BatchPlanner(machine: RunnerMachine(retry: retry), maxSteps: maxSteps,
                               providers: [.email: parked, .sms: parked], canInvokeCustomRunners: true, taskRunners: taskRunners,
                               messageLimits: messageLimits)
    }

    /// What the preview found.
    public struct Result: Sendable, Hashable {
        /// Every event, in order.
        public var events: [PreviewEvent]
        /// The runner after the last tick.
        public var final: RunnerState
        public var end: PreviewEnd
        /// Virtual ticks at which the runner was due and decided.
        public var ticks: Int
    }

    /// Runs the preview of `start` (a runner on `definition`, e.g. fresh from ``RunnerMachine/enroll(_:data:in:version:now:)``).
    public func run(_ start: RunnerState, on definition: SequenceDefinition) -> Result {
        let definitions = [start.sequenceVersion: definition]
        var recorder = PreviewRecorder(definition: definition)
        recorder.append(PreviewEvent(at: from, step: start.step, kind: .history(.enrolled), message: "starts here, visit \(start.visit)"))
        var state = start
        var sent: [(channel: Channel, at: Date)] = []
        var ticks = 0
        var index = 0.0
        while from.addingTimeInterval(index * every) <= until {
            let now = from.addingTimeInterval(index * every)
            if state.status != .active { return Result(events: recorder.events, final: state, end: .left(state.status), ticks: ticks) }
            if state.wakeAt == .distantFuture {
                return Result(events: recorder.events, final: state, end: .waitsForDataChange(step: state.step), ticks: ticks)
            }
            if state.wakeAt > now {
                index = max(index + 1, firstTick(onOrAfter: state.wakeAt))
                continue
            }
            ticks += 1
            switch tick(state, at: now, definitions: definitions, recorder: &recorder, sent: &sent) {
            case .success(let next): state = next
            case .failure(let stop): return Result(events: recorder.events, final: stop.state, end: stop.end, ticks: ticks)
            }
            recorder.noteWait(of: state, at: now)
            index += 1
        }
        let end: PreviewEnd = state.status == .active ? .reachedUntil : .left(state.status)
        return Result(events: recorder.events, final: state, end: end, ticks: ticks)
    }

    /// A stop inside a tick: the runner parked at a custom task runner without an `--assume` answer.
    private struct Stop: Error {
        var state: RunnerState
        var end: PreviewEnd
    }

    /// One virtual tick: the plan, then each parked effect answered in memory and resumed.
    /// `sent`: when the runner's earlier messages were sent (for the frequency caps).
    private func tick(_ state: RunnerState, at now: Date, definitions: [SequenceVersion: SequenceDefinition],
                      recorder: inout PreviewRecorder, sent: inout [(channel: Channel, at: Date)]) -> Swift.Result<RunnerState, Stop> {
        var plan = planner.plan([state], definitions: definitions, now: now)
        recorder.take(plan.history, at: now)
        while let parked = plan.parked.first {
            let result: EffectResult
            switch parked.effect {
            case .send(let record):
                result = send(record, at: now, recorder: &recorder, sent: &sent)
            case .invoke(let call):
                guard let answer = assumed(step: call.step, function: call.function, at: now, recorder: &recorder) else {
                    return .failure(Stop(state: parked.state, end: .stoppedAtCustomRunner(step: call.step, function: call.function)))
                }
                result = answer
            case .run(let call):
                guard let answer = assumed(step: call.step, function: call.name, at: now, recorder: &recorder) else {
                    return .failure(Stop(state: parked.state, end: .stoppedAtCustomRunner(step: call.step, function: call.name)))
                }
                result = answer
            }
            plan = planner.resume([parked], results: [parked.state.id: result], definitions: definitions, now: now)
            recorder.take(plan.history, at: now)
        }
        return .success(plan.runners.first?.state ?? state)
    }

    /// A parked send: over a frequency cap (counting `sent` of the same channel), or sent.
    private func send(_ record: DeliveryRecord, at now: Date, recorder: inout PreviewRecorder, sent: inout [(channel: Channel, at: Date)]) -> EffectResult {
        let channel = record.message.channel
        let earlier = sent.filter { $0.channel == channel }.map(\.at)
        if case .over(let cap, let until) = frequencyCaps.verdict(channel: channel, earlier: earlier, now: now) {
            return .overCap(cap, until: until)
        }
        recorder.append(PreviewEvent(at: now, step: record.step, kind: .sends(record.message), message: record.message.summary))
        sent.append((channel, now))
        return .delivered(messageID: nil)
    }

    /// The `--assume` answer for a custom task runner's call, recorded; `nil` without one.
    private func assumed(step: String, function: String, at now: Date, recorder: inout PreviewRecorder) -> EffectResult? {
        guard let assume else { return nil }
        recorder.append(PreviewEvent(at: now, step: step, kind: .assumed(assume, function: function),
                                     message: "--assume \(assume.rawValue)"), collapsingRepeats: true)
        return .decided(.move(assume, message: "assumed \(assume.rawValue)"))
    }

    /// The index of the first virtual tick at or after `date` (tick `n` is at `from + n × every`);
    /// past the last one when `date` is beyond `until` or not finite.
    func firstTick(onOrAfter date: Date) -> Double {
        let last = (until.timeIntervalSince(from) / every).rounded(.down)
        let index = (date.timeIntervalSince(from) / every).rounded(.up)
        guard index.isFinite, index <= last else { return last + 1 }
        return from.addingTimeInterval(index * every) < date ? index + 1 : index
    }
}
