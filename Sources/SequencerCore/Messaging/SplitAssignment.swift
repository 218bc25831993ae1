#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A `Split` step's config: `{"branches": [{"weight": 50, "next": "a"}, {"weight": 50, "next": null}],
/// "salt"?: "2026-q1"}`. A branch whose `next` is `null` ends the sequence (a holdout).
public struct SplitConfig: Sendable, Hashable {
    /// One branch: its weight (a non-negative number) and where it leads.
    public struct Branch: Sendable, Hashable {
        /// The branch's share is `weight / sum of weights`.
        public var weight: Double
        /// The step it enters; `nil` completes the sequence.
        public var next: String?
    }

    /// At least one branch, with a positive sum of weights; no two lead to the same place.
    public var branches: [Branch]
    /// Mixed into the hash: changing it re-deals every subject.
    public var salt: String

    /// The branch index of a subject, deterministic for (subject, sequence, salt): see
    /// ``SplitAssignment/fraction(subject:sequence:salt:)``.
    public func branchIndex(subject: String, sequence: String) -> Int {
        let total = branches.reduce(0) { $0 + $1.weight }
        let point = SplitAssignment.fraction(subject: subject, sequence: sequence, salt: salt) * total
        var upper = 0.0
        for (index, branch) in branches.enumerated() where branch.weight > 0 {
            upper += branch.weight
            if point < upper { return index }
        }
        return branches.lastIndex { $0.weight > 0 } ?? 0
    }

    /// The decision for `runner`: its branch, with a `split` history line naming it.
    func decide(for runner: RunnerSnapshot) -> StepDecision {
        let index = branchIndex(subject: runner.subject, sequence: runner.sequence)
        let branch = branches[index]
        return .branch(to: branch.next, message: "branch \(index + 1) of \(branches.count) (weight \(JavaScript.numberToString(branch.weight)))")
    }
}

/// The stable hash behind `Split`: the same on every machine, process and Swift version (never
/// Swift's per-process seeded `Hasher`).
public enum SplitAssignment {
    /// A number in [0, 1) for (subject, sequence, salt): 64-bit FNV-1a over the UTF-8 bytes of
    /// `subject`, a 0x1F separator, `sequence`, 0x1F, `salt`, then MurmurHash3's 64-bit finaliser
    /// (`fmix64`) so that nearby ids spread evenly; the top 53 bits divided by 2^53.
    public static func fraction(subject: String, sequence: String, salt: String) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        for (index, part) in [subject, sequence, salt].enumerated() {
            if index > 0 { mix(0x1F) }
            for byte in part.utf8 { mix(byte) }
        }
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b53f_e8e5_40fb
        hash ^= hash >> 33
        return Double(hash >> 11) / 9_007_199_254_740_992.0
    }
}
