import Foundation

/// The package's own executables as the tests run them (`sequencer`, `bootstrap`,
/// `lambda-emulator`): beside the test bundle, else in `.build/debug`.
public enum Executables {
    /// The path of executable `name`.
    public static func path(of name: String) -> String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path,
            TestPostgres.repositoryRoot.appendingPathComponent(".build/debug/\(name)").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
    }
}
