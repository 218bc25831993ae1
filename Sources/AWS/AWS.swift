// The AWS layer: SigV4, credentials, KMS, SES, SNS, Lambda (being written).
