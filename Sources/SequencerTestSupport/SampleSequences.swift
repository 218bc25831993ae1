/// Sequence definitions the engine's and the integration tests share.
public enum SampleSequences {
    /// `chain`: a Conditional on `data.plan` → an Email → a GoTo → a one-day wait → a Goal on
    /// `data.converted`; pro runners take the email path, others go straight to the wait.
    public static let chain = """
        {"name": "chain", "steps": [
          {"key": "is-pro", "runner": "Conditional", "config": {"lodashCommand": "eq", "value": {"type": "get", "value": "data.plan"}, "compareTo": {"type": "raw", "value": "pro"}}, "next": "pro-email", "altNext": "wait-a-day"},
          {"key": "pro-email", "runner": "Email", "config": {"from": "hello@example.com", "to": "{{data.email}}", "subject": "Hi {{data.name}}"}, "next": "jump"},
          {"key": "jump", "runner": "GoTo", "config": {"step": "wait-a-day"}},
          {"key": "wait-a-day", "runner": "WaitForDuration", "config": {"amount": 1, "unit": "days"}, "next": "done"},
          {"key": "done", "runner": "Goal", "config": {"lodashCommand": "eq", "value": {"type": "get", "value": "data.converted"}, "compareTo": {"type": "raw", "value": true}}}
        ]}
        """
}
