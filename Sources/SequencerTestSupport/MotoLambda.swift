import Foundation

extension MotoServer.Instance {
    /// Creates Lambda function `name` on this server with boto3 (a fixture; the code under test is
    /// ours), unless it exists: a role and a placeholder zip on `provided.al2023`. With moto's `use_docker` off,
    /// each `Invoke` answers the next queued answer (``queueLambdaAnswers(_:)``).
    /// - Throws: `TestSupportError` with boto3's error.
    public func createFunction(_ name: String) throws {
        let script = """
            import boto3, io, zipfile
            kwargs = dict(endpoint_url="\(url)", region_name="\(region)",
                          aws_access_key_id="\(accessKeyID)", aws_secret_access_key="\(secretAccessKey)")
            iam, lam = boto3.client("iam", **kwargs), boto3.client("lambda", **kwargs)
            try:
                role = iam.get_role(RoleName="\(name)-role")
            except iam.exceptions.NoSuchEntityException:
                role = iam.create_role(RoleName="\(name)-role",
                    AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}')
            archive = io.BytesIO()
            with zipfile.ZipFile(archive, "w") as z: z.writestr("bootstrap", "#!/bin/sh\\n")
            try:
                lam.create_function(FunctionName="\(name)", Runtime="provided.al2023",
                    Role=role["Role"]["Arn"], Handler="h", Code={"ZipFile": archive.getvalue()})
            except lam.exceptions.ResourceConflictException:
                pass  # it exists already
            """
        let result = try ChildProcess.run("/usr/bin/env", ["python3", "-c", script])
        guard result.status == 0 else { throw TestSupportError(reason: "create_function \(name): \(result.standardError)") }
    }

    /// Deletes Lambda function `name` (and ignores a failure).
    public func deleteFunction(_ name: String) {
        let script = """
            import boto3
            boto3.client("lambda", endpoint_url="\(url)", region_name="\(region)", aws_access_key_id="\(accessKeyID)",
                         aws_secret_access_key="\(secretAccessKey)").delete_function(FunctionName="\(name)")
            """
        _ = try? ChildProcess.run("/usr/bin/env", ["python3", "-c", script])
    }

    /// POSTs `body` to a `/moto-api/…` path (never authenticated).
    /// - Throws: `TestSupportError` when moto refuses it.
    public func postAPI(_ path: String, _ body: String = "") throws {
        let script = "import urllib.request; urllib.request.urlopen(urllib.request.Request('\(url)\(path)', data=open(0,'rb').read(), headers={'Content-Type': 'application/json'}))"
        let result = try ChildProcess.run("/usr/bin/env", ["python3", "-c", script], input: body)
        guard result.status == 0 else { throw TestSupportError(reason: "POST \(path): \(result.standardError)") }
    }

    /// Starts recording every request anew (moto's recorder; see ``recordedRequests()``).
    public func startRecording() throws {
        try postAPI("/moto-api/recorder/reset-recording")
        try postAPI("/moto-api/recorder/start-recording")
    }

    /// One request moto recorded: method, URL, headers and body.
    public struct RecordedRequest: Sendable {
        public var method: String
        public var url: String
        public var headers: [String: String]
        public var body: Data
    }

    /// The requests recorded since ``startRecording()``.
    public func recordedRequests() throws -> [RecordedRequest] {
        let script = "import urllib.request, sys; sys.stdout.write(urllib.request.urlopen('\(url)/moto-api/recorder/download-recording').read().decode())"
        let recording = try ChildProcess.run("/usr/bin/env", ["python3", "-c", script])
        return recording.standardOutput.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            let text = object["body"] as? String ?? ""
            let body = (object["body_encoded"] as? Bool == true) ? Data(base64Encoded: text) ?? Data() : Data(text.utf8)
            return RecordedRequest(method: object["method"] as? String ?? "", url: object["url"] as? String ?? "",
                                   headers: object["headers"] as? [String: String] ?? [:], body: body)
        }
    }
}
